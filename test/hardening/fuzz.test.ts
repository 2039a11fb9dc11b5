/**
 * Every parser a user feeds, fed generated and mutated input (fast-check, fixed seeds): INI and
 * YAML inventories, deployment settings, playbooks, host patterns and `-e`. Each input must end
 * in a result or in a DeployerError (what the CLI prints as one message, no stack trace), within
 * a time and memory bound. The seeds of the mutations are the repository's own valid files.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parseExtraVars } from '../../src/config/extra-vars.js';
import { isDeployerError } from '../../src/errors.js';
import { HostSelector } from '../../src/inventory/patterns.js';
import { loadInventory } from '../../src/inventory/sources.js';
import { loadPlaybook } from '../../src/playbook/loader.js';
import { parseSettings } from '../../src/settings/load.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'deployer-fuzz-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const RUNS = 2000;
/** A generous bound: a case that takes this long is a hang, whatever the machine. */
const CASE_BOUND_MS = 5000;
const HEAP_BOUND = 1024 * 1024 * 1024;

/** Characters that mean something to one of the grammars. */
const SYNTAX = [...'[]{}():=,;!&*?~@#|>-"\'\\\n\t %$.<'];
const SYNTAX_TEXT = fc.string({ unit: fc.constantFrom(...SYNTAX, 'a', 'b', '1', '0', 'x', 'y', 'é') , maxLength: 200 });

const read = (relative: string) => fs.readFileSync(path.join(repo, relative), 'utf8');
const INI_SEEDS = ['test/fixtures/inventories/01-ini-basic/hosts', 'test/fixtures/inventories/04-ini-ranges/hosts', 'test/fixtures/cli/example-inventory/hosts'].filter((f) => fs.existsSync(path.join(repo, f))).map(read);
const YAML_SEEDS = fs
  .readdirSync(path.join(repo, 'test/fixtures/inventories'))
  .flatMap((dir) => fs.readdirSync(path.join(repo, 'test/fixtures/inventories', dir)).filter((f) => /\.ya?ml$/.test(f)).map((f) => path.join('test/fixtures/inventories', dir, f)))
  .slice(0, 6)
  .map(read);
const SETTINGS_SEEDS = [...fs.readdirSync(path.join(repo, 'test/fixtures/settings')).map((f) => read(path.join('test/fixtures/settings', f))), read('examples/platform/deployment.yml')];
const PLAYBOOK_SEEDS = ['test/playbooks/01-command-shell-register.yml', 'test/playbooks/03-loops.yml', 'test/playbooks/05-blocks-rescue.yml', 'test/playbooks/15-failed-changed-when.yml'].map(read);

/** A valid file with random edits: characters inserted, deleted or replaced at random places. */
function mutated(seeds: string[]): fc.Arbitrary<string> {
  const edit = fc.record({ at: fc.nat(), kind: fc.constantFrom('insert', 'delete', 'replace', 'duplicate-line'), text: fc.string({ unit: fc.constantFrom(...SYNTAX), minLength: 1, maxLength: 6 }) });
  return fc.tuple(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 8 })).map(([seed, edits]) =>
    edits.reduce((text, { at, kind, text: piece }) => {
      const i = text.length ? at % text.length : 0;
      if (kind === 'insert') return text.slice(0, i) + piece + text.slice(i);
      if (kind === 'delete') return text.slice(0, i) + text.slice(i + piece.length);
      if (kind === 'replace') return text.slice(0, i) + piece + text.slice(i + piece.length);
      const lines = text.split('\n');
      const n = i % Math.max(lines.length, 1);
      return [...lines.slice(0, n + 1), lines[n] ?? '', ...lines.slice(n + 1)].join('\n');
    }, seed),
  );
}

/** Runs one case: a result or a DeployerError, within the bounds; anything else fails the property. */
function survives(run: () => unknown): boolean {
  const started = performance.now();
  try {
    run();
  } catch (error) {
    if (!isDeployerError(error)) throw error;
  }
  const elapsed = performance.now() - started;
  if (elapsed > CASE_BOUND_MS) throw new Error(`took ${Math.round(elapsed)} ms`);
  if (process.memoryUsage().heapUsed > HEAP_BOUND) throw new Error('heap past 1 GiB');
  return true;
}

const options = (seed: number) => ({ seed, numRuns: RUNS, endOnFailure: true });

describe('fuzzed input ends in a result or a clear error', () => {
  it('INI inventories', () => {
    const file = path.join(work, 'hosts');
    fc.assert(
      fc.property(fc.oneof(mutated(INI_SEEDS), SYNTAX_TEXT), (text) => {
        fs.writeFileSync(file, text);
        return survives(() => loadInventory([file]));
      }),
      options(1),
    );
  });

  it('YAML inventories', () => {
    const file = path.join(work, 'inventory.yml');
    fc.assert(
      fc.property(fc.oneof(mutated(YAML_SEEDS), SYNTAX_TEXT), (text) => {
        fs.writeFileSync(file, text);
        return survives(() => loadInventory([file]));
      }),
      options(2),
    );
  });

  it('deployment settings', () => {
    const where = { file: path.join(work, 'deployment.yml'), confDir: work, name: 'deployment.yml' };
    fc.assert(
      fc.property(fc.oneof(mutated(SETTINGS_SEEDS), SYNTAX_TEXT), (text) => survives(() => parseSettings(Buffer.from(text), where))),
      options(3),
    );
  });

  it('playbooks', () => {
    const file = path.join(work, 'site.yml');
    fc.assert(
      fc.property(fc.oneof(mutated(PLAYBOOK_SEEDS), SYNTAX_TEXT), (text) => {
        fs.writeFileSync(file, text);
        return survives(() => loadPlaybook(file));
      }),
      options(4),
    );
  });

  it('host patterns and limits', () => {
    const inventory = loadInventory([path.join(repo, 'test/fixtures/cli/example-inventory')]);
    const selector = new HostSelector(inventory, { onMismatch: 'ignore', cwd: work });
    const piece = fc.oneof(fc.constantFrom('all', '*', 'kafka_servers', 'kafka_back', 'zk1.platform.local', 'kafka[1:2]*', '~kafka[0-9]', 'shiva_local[0]', 'zookeeper_servers[-1]', 'nope'), SYNTAX_TEXT);
    const pattern = fc.array(fc.tuple(fc.constantFrom('', '&', '!'), piece), { minLength: 1, maxLength: 4 }).chain((parts) =>
      fc.constantFrom(':', ',').map((separator) => parts.map(([modifier, p]) => modifier + p).join(separator)),
    );
    fc.assert(
      fc.property(pattern, fc.option(pattern, { nil: undefined }), (p, limit) => survives(() => selector.select(p, limit))),
      options(5),
    );
  });

  it('-e extra vars', () => {
    fc.assert(
      fc.property(fc.oneof(SYNTAX_TEXT, SYNTAX_TEXT.map((t) => `{${t}}`), SYNTAX_TEXT.map((t) => `k=${t}`), SYNTAX_TEXT.map((t) => `@${t}`)), (value) =>
        survives(() => parseExtraVars([value], work)),
      ),
      options(6),
    );
  });
});
