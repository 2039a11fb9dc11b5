/**
 * Every inventory under test/fixtures/inventories/ goes through real Ansible and through
 * deployer; the answers must agree. expected.json holds what Ansible answered (regenerate with
 * `UPDATE_ORACLE=1 npm run jest -- test/compat`); when Ansible is installed the live answers are
 * checked against those files too, so the expectations cannot rot.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderInventory, type InventoryCommandOptions } from '../../src/cli/commands/inventory.js';
import { isDeployerError } from '../../src/errors.js';
import { parseYaml } from '../../src/formats/yaml.js';
import { ansiblePython, ansibleWarnings, runOracle } from './oracle.js';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/inventories');

interface CaseSpec {
  description: string;
  sources: string[];
  patterns?: string[];
  limits?: [string, string][];
  hosts?: string[];
  graphGroups?: string[];
}

type Kind = 'json' | 'yaml' | 'text';

interface Call {
  name: string;
  kind: Kind;
  argv: string[];
  pattern?: string;
  options: InventoryCommandOptions;
}

interface Expected {
  name: string;
  argv: string[];
  rc: number;
  stdout: string;
  warnings: string[];
}

function callsFor(spec: CaseSpec): Call[] {
  const inventory = spec.sources;
  const i = inventory.flatMap((s) => ['-i', s]);
  const calls: Call[] = [
    { name: '--list', kind: 'json', argv: ['ansible-inventory', ...i, '--list'], options: { inventory, list: true } },
    { name: '--list --export', kind: 'json', argv: ['ansible-inventory', ...i, '--list', '--export'], options: { inventory, list: true, export: true } },
    { name: '--list --yaml', kind: 'yaml', argv: ['ansible-inventory', ...i, '--list', '--yaml'], options: { inventory, list: true, yaml: true } },
    { name: '--graph', kind: 'text', argv: ['ansible-inventory', ...i, '--graph'], options: { inventory, graph: true } },
    { name: '--graph --vars', kind: 'text', argv: ['ansible-inventory', ...i, '--graph', '--vars'], options: { inventory, graph: true, vars: true } },
  ];
  for (const group of spec.graphGroups ?? []) {
    calls.push({ name: `--graph ${group}`, kind: 'text', argv: ['ansible-inventory', ...i, '--graph', group], pattern: group, options: { inventory, graph: true } });
  }
  for (const host of spec.hosts ?? []) {
    calls.push({ name: `--host ${host}`, kind: 'json', argv: ['ansible-inventory', ...i, '--host', host], options: { inventory, host } });
  }
  for (const pattern of ['all', 'ungrouped', ...(spec.patterns ?? [])]) {
    calls.push({ name: `--list-hosts ${pattern}`, kind: 'text', argv: ['ansible', ...i, pattern, '--list-hosts'], pattern, options: { inventory, listHosts: true } });
  }
  for (const [pattern, limit] of spec.limits ?? []) {
    calls.push({
      name: `--list-hosts ${pattern} -l ${limit}`,
      kind: 'text',
      argv: ['ansible', ...i, pattern, '--list-hosts', '-l', limit],
      pattern,
      options: { inventory, listHosts: true, limit },
    });
  }
  return calls;
}

const cases = fs
  .readdirSync(root)
  .filter((name) => fs.existsSync(path.join(root, name, 'case.json')))
  .sort()
  .map((name) => {
    const spec = JSON.parse(fs.readFileSync(path.join(root, name, 'case.json'), 'utf8')) as CaseSpec;
    return { name, dir: path.join(root, name), spec, calls: callsFor(spec) };
  });

function expectedFile(dir: string) {
  return path.join(dir, 'expected.json');
}

function parse(kind: Kind, text: string): unknown {
  if (kind === 'json') return JSON.parse(text);
  if (kind === 'yaml') return parseYaml(text, 'ansible output').document.toJS();
  return text.replace(/\n$/, '');
}

/** Ansible warnings deployer is expected to repeat (others, e.g. about parsing, cannot occur on valid fixtures). */
const COMPARED_WARNINGS = /^(Could not match supplied host pattern|No hosts matched|Found both group and host|Invalid characters were found)/;

function comparableWarnings(warnings: string[]): string[] {
  return [...new Set(warnings.filter((w) => COMPARED_WARNINGS.test(w)))].sort();
}

const live = ansiblePython() !== undefined && process.env.DEPLOYER_LIVE_ORACLE !== '0';

if (process.env.UPDATE_ORACLE === '1') {
  const results = runOracle(cases.flatMap((c) => c.calls.map((call) => ({ cwd: c.dir, argv: call.argv }))));
  let next = 0;
  for (const c of cases) {
    const expected: Expected[] = c.calls.map((call) => {
      const r = results[next++];
      return { name: call.name, argv: call.argv, rc: r.rc, stdout: r.stdout, warnings: ansibleWarnings(r.stderr) };
    });
    fs.writeFileSync(expectedFile(c.dir), `${JSON.stringify(expected, null, 2)}\n`);
  }
}

describe.each(cases)('$name', ({ dir, spec, calls }) => {
  const expected = JSON.parse(fs.readFileSync(expectedFile(dir), 'utf8')) as Expected[];
  const byName = new Map(expected.map((e) => [e.name, e]));

  it('is an inventory Ansible reads without complaint', () => {
    expect(spec.description).toBeTruthy();
    expect(byName.get('--list')?.rc).toBe(0);
    for (const e of expected) {
      expect({ call: e.name, warnings: e.warnings.filter((w) => /Unable to parse|Failed to parse|Skipping/.test(w)) }).toEqual({
        call: e.name,
        warnings: [],
      });
    }
  });

  it.each(calls)('deployer inventory $name matches ansible', async (call) => {
    const answer = byName.get(call.name);
    if (!answer) throw new Error(`no stored Ansible answer for ${call.name}: run UPDATE_ORACLE=1`);
    let rendered: { rc: number; output: string; warnings: string[] };
    try {
      rendered = { rc: 0, ...(await renderInventory(call.pattern, call.options, { env: {}, cwd: dir })) };
    } catch (error) {
      if (!isDeployerError(error)) throw error;
      rendered = { rc: error.exitCode, output: '', warnings: [] };
    }
    expect(rendered.rc).toBe(answer.rc);
    if (answer.rc !== 0) return;
    expect(parse(call.kind, rendered.output)).toEqual(parse(call.kind, answer.stdout));
    expect(comparableWarnings(rendered.warnings)).toEqual(comparableWarnings(answer.warnings));
  });
});

(live ? describe : describe.skip)('live Ansible still gives the stored answers', () => {
  let results: ReturnType<typeof runOracle>;
  beforeAll(() => {
    results = runOracle(cases.flatMap((c) => c.calls.map((call) => ({ cwd: c.dir, argv: call.argv }))));
  }, 120_000);

  it('for every fixture and call', () => {
    let next = 0;
    const mismatches: string[] = [];
    for (const c of cases) {
      const expected = JSON.parse(fs.readFileSync(expectedFile(c.dir), 'utf8')) as Expected[];
      for (const call of c.calls) {
        const r = results[next++];
        const stored = expected.find((e) => e.name === call.name);
        const same = stored && stored.rc === r.rc && (r.rc !== 0 || JSON.stringify(parse(call.kind, r.stdout)) === JSON.stringify(parse(call.kind, stored.stdout)));
        if (!same) {
          mismatches.push(`${c.name}: ${call.name}`);
        }
      }
    }
    expect(mismatches).toEqual([]);
  });
});
