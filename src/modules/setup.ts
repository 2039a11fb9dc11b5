/**
 * `setup` (and a play's fact gathering): one command on the host, its output parsed into
 * Ansible's facts (src/inspect/facts.ts). `gather_subset` and `filter` as Ansible reads them;
 * Local facts (`ansible_local`, from `fact_path`) in the same command. `gather_timeout` is accepted
 * and has no effect.
 */
import { DEFAULT_FACT_PATH, gathersLocal, LOCAL_FACTS_MARKER, localFactsCommand, parseLocalFacts } from './local-facts.js';
import { factsCommand, FactSubsetError, parseFacts, prefixedFacts, resolveSubsets, type Facts } from '../inspect/facts.js';
import { fnmatchToRegExp } from '../inventory/fnmatch.js';
import type { CommandResult } from '../transport/types.js';
import { ModuleArgumentError, type ModuleDef, type ModuleResult } from './types.js';

const asList = (value: unknown): string[] => (value === undefined || value === null ? [] : Array.isArray(value) ? value.map(String) : String(value).split(',').map((s) => s.trim()).filter(Boolean));

/** The facts of a host, each under its `ansible_` name, plus setup's own gather_subset and module_setup. */
export async function gatherFacts(exec: (command: string) => Promise<CommandResult>, gatherSubset: unknown, filter: unknown = [], factPath: unknown = DEFAULT_FACT_PATH): Promise<Facts> {
  let subsets;
  try {
    subsets = resolveSubsets(gatherSubset === undefined ? ['all'] : gatherSubset);
  } catch (error) {
    if (error instanceof FactSubsetError) throw new ModuleArgumentError(error.message);
    throw error;
  }
  const wanted = asList(gatherSubset === undefined ? ['all'] : gatherSubset);
  const local = gathersLocal(wanted);
  const path = String(factPath ?? DEFAULT_FACT_PATH);
  const result = await exec(local ? `${factsCommand(subsets)}; ${localFactsCommand(path)}` : factsCommand(subsets));
  const cut = result.stdout.indexOf(`${LOCAL_FACTS_MARKER}\n`);
  const [own, localOutput] = cut === -1 ? [result.stdout, undefined] : [result.stdout.slice(0, cut), result.stdout.slice(cut)];
  const patterns = asList(filter).map(fnmatchToRegExp);
  const facts = {
    ...prefixedFacts(parseFacts(own)),
    ...(local ? { ansible_local: localOutput === undefined ? {} : parseLocalFacts(localOutput, path) } : {}),
    gather_subset: gatherSubset === undefined ? ['all'] : asList(gatherSubset),
    module_setup: true,
  };
  return patterns.length ? Object.fromEntries(Object.entries(facts).filter(([name]) => patterns.some((p) => p.test(name)))) : facts;
}

export const setup: ModuleDef = {
  async run(args, context): Promise<ModuleResult> {
    return { changed: false, ansible_facts: await gatherFacts((command) => context.exec(command), args.gather_subset, args.filter, args.fact_path ?? undefined) };
  },
};
