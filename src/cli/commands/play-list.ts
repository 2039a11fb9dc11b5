/**
 * `deployer play --list-tasks / --list-tags / --list-hosts`, printed as ansible-playbook prints
 * them: each play is first post-validated with its variables and the extra vars (its `hosts:` and
 * its name templated), so an undefined variable in `hosts:` is the same error Ansible gives.
 */
import { ParseError } from '../../errors.js';
import type { Vars } from '../../inventory/vars.js';
import type { HostSelector } from '../../inventory/patterns.js';
import type { LoadedPlaybook } from '../../playbook/loader.js';
import type { Item, PlayDef } from '../../playbook/model.js';
import { listedName } from '../../playbook/names.js';
import { onlyTagsFor, shouldRun } from '../../playbook/tags.js';
import { pythonStr } from '../../formats/python-repr.js';
import { templateValue } from '../../templating/expressions.js';
import { hasTemplate } from '../../templating/jinja.js';
import { pythonJson } from '../output/playbook-output.js';

export interface ListRequest {
  tasks: boolean;
  tags: boolean;
  hosts: boolean;
  only: string[];
  skip: string[];
  limit?: string;
  extraVars: Vars;
}

function tagsList(tags: string[]): string {
  return `[${[...new Set(tags)].sort().join(', ')}]`;
}

function listTasks(items: Item[], inherited: string[], only: string[], skip: string[], out: string[]): void {
  for (const item of items) {
    const tags = [...inherited, ...item.tags];
    // as ansible-playbook --list-tasks: the tasks of a block, not of its rescue and always sections
    if (item.kind === 'block') listTasks(item.block, tags, only, skip, out);
    else if (shouldRun(tags, onlyTagsFor(item, only), skip)) out.push(`      ${listedName(item)}\tTAGS: ${tagsList(tags)}`);
  }
}

/** The tags of the tasks the current -t/--skip-tags selection would run (what --list-tags shows). */
function collectTags(items: Item[], inherited: string[], only: string[], skip: string[], into: Set<string>): void {
  for (const item of items) {
    const tags = [...inherited, ...item.tags];
    if (item.kind === 'block') collectTags([...item.block, ...item.rescue, ...item.always], tags, only, skip, into);
    else if (shouldRun(tags, onlyTagsFor(item, only), skip)) for (const tag of tags) into.add(tag);
  }
}

/**
 * A play's patterns and name after Ansible's post_validate: `hosts: "{{ targets }}"` becomes the
 * list the variable holds (text stays one pattern, commas and all); an undefined variable there is
 * an error, in the name it leaves the name as written.
 */
function validatedPlay(play: PlayDef, extraVars: Vars): { patterns: string[]; name: string } {
  const vars = { ...play.vars, ...extraVars };
  let patterns = play.hostPatterns;
  if (patterns.some(hasTemplate)) {
    const source = play.hostPatterns.length === 1 ? play.hostPatterns[0] : play.hostPatterns;
    let value: unknown;
    try {
      value = templateValue(source, vars);
    } catch (error) {
      throw new ParseError(play.origin, `the field 'hosts' has an invalid value, which includes an undefined variable: ${(error as Error).message}`);
    }
    patterns = Array.isArray(value) ? value.map(pythonStr) : [pythonStr(value)];
  }
  let name = play.name;
  if (hasTemplate(name)) {
    try {
      name = pythonStr(templateValue(name, vars));
    } catch {
      // Ansible keeps a name whose variables are not defined yet
    }
  }
  return { patterns, name };
}

/** The listing of every playbook, as ansible-playbook prints it (built whole first: an error prints nothing). */
export function listPlaybooks(playbooks: LoadedPlaybook[], files: string[], selector: HostSelector, request: ListRequest): string {
  const out: string[] = [];
  for (const [index, playbook] of playbooks.entries()) {
    out.push('', `playbook: ${files[index]}`, '');
    playbook.plays.forEach((play, n) => {
      const { patterns, name } = validatedPlay(play, request.extraVars);
      out.push(`  play #${n + 1} (${patterns.join(',')}): ${name}\tTAGS: ${tagsList(play.tags)}`);
      if (request.hosts) {
        const hosts = selector.select(patterns, request.limit);
        out.push(`    pattern: ${pythonJson(patterns).replace(/"/g, "'")}`, `    hosts (${hosts.length}):`, ...hosts.map((h) => `      ${h.name}`));
      }
      const items = [...play.preTasks, ...play.tasks, ...play.postTasks];
      if (request.tasks) {
        out.push('    tasks:');
        listTasks(items, play.tags, request.only, request.skip, out);
      }
      if (request.tags) {
        const tags = new Set<string>(play.tags);
        collectTags(items, play.tags, request.only, request.skip, tags);
        out.push(`      TASK TAGS: ${tagsList([...tags])}`);
      }
      if (n < playbook.plays.length - 1) out.push('');
    });
  }
  return `${out.join('\n')}\n`;
}
