/**
 * The Jinja filters and tests real playbooks use, with Ansible's behaviour (on top of the
 * filters nunjucks already has: join, lower, upper, replace, first, last, sort, length, int, ...).
 */
import path from 'node:path';
import { pythonJsonDumps } from '../formats/python-repr.js';
import { toYaml } from '../formats/yaml.js';
import { isMapping } from '../inventory/vars.js';
import { ansibleBoolean } from '../config/ansible-cfg.js';
import { environment } from './jinja.js';

type Filter = (...args: never[]) => unknown;
const add = (name: string, filter: Filter) => environment.addFilter(name, filter as (...args: unknown[]) => unknown);
type WithTests = { addTest(name: string, test: (...args: never[]) => boolean): void };
const addTest = (name: string, test: (...args: never[]) => boolean) => (environment as unknown as WithTests).addTest(name, test);

/** Python's regex syntax for the common differences: named groups and \\g<1> / \\1 replacements. */
function pythonRegex(pattern: string, flags = ''): RegExp {
  return new RegExp(pattern.replace(/\(\?P</g, '(?<'), flags);
}

add('basename', (p: string) => path.posix.basename(String(p)));
add('dirname', (p: string) => path.posix.dirname(String(p)));
add('bool', (v: unknown) => ansibleBoolean(v));
add('to_json', (v: unknown) => pythonJsonDumps(v));
add('to_nice_json', (v: unknown, indent = 4) => pythonJsonDumps(v, { sortKeys: true, indent }));
add('from_json', (v: string) => JSON.parse(String(v)));
add('to_yaml', (v: unknown) => toYaml(v, { flowLeaves: true }));
add('to_nice_yaml', (v: unknown) => toYaml(v));
add('regex_replace', (value: unknown, pattern: string, replacement = '', ignorecase = false) =>
  String(value).replace(pythonRegex(pattern, ignorecase ? 'gi' : 'g'), String(replacement).replace(/\\g<(\w+)>/g, '$<$1>').replace(/\\(\d)/g, '$$$1')),
);
add('regex_search', (value: unknown, pattern: string) => {
  const m = pythonRegex(pattern).exec(String(value));
  return m ? m[0] : null;
});
add('regex_findall', (value: unknown, pattern: string) => [...String(value).matchAll(pythonRegex(pattern, 'g'))].map((m) => (m.length > 1 ? m[1] : m[0])));
add('unique', (list: unknown[]) => [...new Set(list)]);
add('flatten', (list: unknown[]) => (list ?? []).flat(Infinity));
add('min', (list: number[]) => Math.min(...list));
add('max', (list: number[]) => Math.max(...list));
add('sum', (list: number[]) => list.reduce((a, b) => a + b, 0));
add('combine', (...dicts: Record<string, unknown>[]) => {
  const merged: Record<string, unknown> = {};
  for (const dict of dicts) if (isMapping(dict)) Object.assign(merged, dict);
  return merged;
});
add('dict2items', (dict: Record<string, unknown>) => Object.entries(dict ?? {}).map(([key, value]) => ({ key, value })));
add('items2dict', (items: { key: string; value: unknown }[]) => Object.fromEntries((items ?? []).map((i) => [i.key, i.value])));
add('b64encode', (v: string) => Buffer.from(String(v)).toString('base64'));
add('b64decode', (v: string) => Buffer.from(String(v), 'base64').toString('utf8'));
// Python's shlex.quote, as Ansible's quote filter: safe words stay as they are
add('quote', (v: string) => {
  const text = String(v);
  if (!text) return "''";
  return /^[\w@%+=:,./-]+$/u.test(text) ? text : `'${text.replace(/'/g, `'"'"'`)}'`;
});
add('string', (v: unknown) => (isMapping(v) || Array.isArray(v) ? JSON.stringify(v) : String(v)));
add('type_debug', (v: unknown) => (v === null ? 'NoneType' : Array.isArray(v) ? 'list' : typeof v === 'string' ? 'str' : typeof v === 'boolean' ? 'bool' : typeof v === 'number' ? (Number.isInteger(v) ? 'int' : 'float') : 'dict'));
add('map', (list: unknown[], attribute: unknown, ...rest: unknown[]) => {
  // Jinja's map(attribute='x') arrives as a keyword-arguments object in nunjucks
  if (isMapping(attribute) && '__keywords' in attribute) return (list ?? []).map((item) => (item as Record<string, unknown>)[String(attribute.attribute)]);
  const filter = environment.getFilter(String(attribute));
  return (list ?? []).map((item) => (filter as (...a: unknown[]) => unknown)(item, ...rest));
});
add('selectattr', (list: Record<string, unknown>[], attribute: string, test?: string, value?: unknown) =>
  (list ?? []).filter((item) => (test === undefined ? Boolean(item[attribute]) : test === 'equalto' || test === '==' ? item[attribute] === value : test === 'defined' ? item[attribute] !== undefined : Boolean(item[attribute]))),
);
add('zip', (a: unknown[], b: unknown[]) => a.map((x, i) => [x, b[i]]));
add('ternary', (v: unknown, yes: unknown, no: unknown) => (v ? yes : no));
add('split', (v: string, sep?: string) => (sep === undefined ? String(v).trim().split(/\s+/) : String(v).split(sep)));

const result = (v: unknown) => (isMapping(v) ? v : {});
addTest('succeeded', (v: unknown) => !result(v).failed);
addTest('success', (v: unknown) => !result(v).failed);
addTest('failed', (v: unknown) => Boolean(result(v).failed));
addTest('failure', (v: unknown) => Boolean(result(v).failed));
addTest('changed', (v: unknown) => Boolean(result(v).changed));
addTest('change', (v: unknown) => Boolean(result(v).changed));
addTest('skipped', (v: unknown) => Boolean(result(v).skipped));
addTest('skip', (v: unknown) => Boolean(result(v).skipped));
addTest('match', (v: unknown, pattern: string) => pythonRegex(`^(?:${pattern})`).test(String(v)));
addTest('search', (v: unknown, pattern: string) => pythonRegex(pattern).test(String(v)));
addTest('regex', (v: unknown, pattern: string) => pythonRegex(pattern).test(String(v)));
addTest('none', (v: unknown) => v === null);
addTest('string', (v: unknown) => typeof v === 'string');
addTest('number', (v: unknown) => typeof v === 'number' || v instanceof Number);
addTest('mapping', (v: unknown) => isMapping(v));
addTest('iterable', (v: unknown) => Array.isArray(v) || typeof v === 'string' || isMapping(v));
addTest('sequence', (v: unknown) => Array.isArray(v) || typeof v === 'string');
addTest('boolean', (v: unknown) => typeof v === 'boolean');
addTest('true', (v: unknown) => v === true);
addTest('false', (v: unknown) => v === false);
addTest('in', (v: unknown, container: unknown) => (Array.isArray(container) ? container.includes(v) : typeof container === 'string' ? container.includes(String(v)) : isMapping(container) ? String(v) in container : false));
addTest('subset', (a: unknown[], b: unknown[]) => a.every((x) => b.includes(x)));
addTest('superset', (a: unknown[], b: unknown[]) => b.every((x) => a.includes(x)));

