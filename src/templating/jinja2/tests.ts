/** Jinja2's tests and those of `ansible.builtin` (plugins/test/core.py, mathstuff.py, files.py). */
import fs from 'node:fs';
import path from 'node:path';
import { PyFunction, REQUIRED as R } from './callables.js';
import { FilterError, TemplateError, TemplateSyntaxError } from './errors.js';
import { defineTest } from './filters/define.js';
import { pythonRegex } from './filters/ansible-filters.js';
import type { Environment } from './runtime.js';
import { binary, compare, contains, equals, hashable, isFloat, isIntLike, isMapping, isNumber, iterate, str, truthy, typeOf, Undefined } from './values.js';
import { compareVersions } from './versions.js';

const result = (value: unknown, test: string): Record<string, unknown> => {
  if (!isMapping(value)) throw new FilterError(`The '${test}' test expects a dictionary`);
  return value;
};

function changed(value: unknown): boolean {
  const r = result(value, 'changed');
  if ('changed' in r) return truthy(r.changed);
  const results = r.results;
  return Array.isArray(results) && isMapping(results[0]) && results.some((x) => isMapping(x) && truthy(x.changed));
}

function regexTest(value: unknown, pattern: unknown, ignorecase: unknown, multiline: unknown, matchType: string): boolean {
  const flags = `${truthy(ignorecase) ? 'i' : ''}${truthy(multiline) ? 'm' : ''}`;
  const source = str(pattern);
  const re = pythonRegex(matchType === 'match' ? `^(?:${source})` : matchType === 'fullmatch' ? `^(?:${source})$` : source, flags);
  return re.test(str(value));
}

const STDIO = { isDirectory: () => false, isFile: () => false, isSymbolicLink: () => false };

export function addTests(env: Environment): void {
  const t = (name: string | string[], params: [string, unknown][], fn: (value: never, ...args: never[]) => boolean, options?: { lenient?: boolean }) => defineTest(env, name, params, fn, options);
  // Jinja2
  t('defined', [], (v: unknown) => !(v instanceof Undefined || v === undefined), { lenient: true });
  t('undefined', [], (v: unknown) => v instanceof Undefined || v === undefined, { lenient: true });
  t('none', [], (v: unknown) => v === null, { lenient: true });
  t('boolean', [], (v: unknown) => typeof v === 'boolean', { lenient: true });
  t('false', [], (v: unknown) => v === false, { lenient: true });
  t('true', [], (v: unknown) => v === true, { lenient: true });
  t('integer', [], (v: unknown) => typeOf(v) === 'int', { lenient: true });
  t('float', [], (v: unknown) => isFloat(v), { lenient: true });
  t('number', [], (v: unknown) => isNumber(v), { lenient: true });
  t('string', [], (v: unknown) => typeof v === 'string', { lenient: true });
  t('mapping', [], (v: unknown) => isMapping(v), { lenient: true });
  t('sequence', [], (v: unknown) => typeof v === 'string' || Array.isArray(v) || isMapping(v), { lenient: true });
  t('iterable', [], (v: unknown) => typeof v === 'string' || Array.isArray(v) || isMapping(v));
  // (an undefined value is callable in Python, and has __html__: Jinja2's Undefined)
  t('callable', [], (v: unknown) => v instanceof PyFunction || v instanceof Undefined, { lenient: true });
  t('sameas', [['other', R]], (v: unknown, other: unknown) => v === other || (v === null && other === null), { lenient: true });
  t('escaped', [], (v: unknown) => v instanceof Undefined, { lenient: true });
  // Jinja2's: value % 2 == 1 and friends, with Python's % (a string formats, a float has a remainder)
  t('odd', [], (v: unknown) => equals(binary('%', v, 2), 1));
  t('even', [], (v: unknown) => equals(binary('%', v, 2), 0));
  t('divisibleby', [['num', R]], (v: unknown, n: unknown) => equals(binary('%', v, n), 0));
  t('lower', [], (v: unknown) => {
    const s = str(v);
    return /\p{Ll}/u.test(s) && !/\p{Lu}/u.test(s);
  });
  t('upper', [], (v: unknown) => {
    const s = str(v);
    return /\p{Lu}/u.test(s) && !/\p{Ll}/u.test(s);
  });
  t('in', [['seq', R]], (v: unknown, seq: unknown) => contains(seq, v));
  t(['eq', '==', 'equalto'], [['other', R]], (v: unknown, o: unknown) => equals(v, o));
  t(['ne', '!='], [['other', R]], (v: unknown, o: unknown) => !equals(v, o));
  t(['lt', 'lessthan', '<'], [['other', R]], (v: unknown, o: unknown) => compare(v, o, '<') < 0);
  t(['le', '<='], [['other', R]], (v: unknown, o: unknown) => compare(v, o, '<=') <= 0);
  t(['gt', 'greaterthan', '>'], [['other', R]], (v: unknown, o: unknown) => compare(v, o, '>') > 0);
  t(['ge', '>='], [['other', R]], (v: unknown, o: unknown) => compare(v, o, '>=') >= 0);
  // a plugin name: not a string is a TypeError, an impossible name fails to load (as Ansible's loader)
  const pluginName = (v: unknown) => {
    if (typeof v !== 'string') throw new TemplateError(`key must be a string, got ${typeOf(v)} instead`);
    if (!/^[A-Za-z_][\w.]*$/.test(v)) throw new TemplateSyntaxError(`Could not load "${v}": 'invalid plugin name: ansible.builtin.${v}'`, 0);
    return v;
  };
  t('filter', [], (v: unknown) => env.filters.has(pluginName(v)), { lenient: true });
  t('test', [], (v: unknown) => env.tests.has(pluginName(v)), { lenient: true });
  // ansible.builtin: task results (an undefined one is "not a dictionary", as Ansible says)
  const lenient = { lenient: true };
  t(['failed', 'failure'], [], (v: unknown) => truthy(result(v, 'failed').failed ?? false), lenient);
  t(['succeeded', 'success', 'successful'], [], (v: unknown) => !truthy(result(v, 'failed').failed ?? false), lenient);
  t('unreachable', [], (v: unknown) => truthy(result(v, 'unreachable').unreachable ?? false), lenient);
  t('reachable', [], (v: unknown) => !truthy(result(v, 'unreachable').unreachable ?? false), lenient);
  t(['changed', 'change'], [], changed, lenient);
  t(['skipped', 'skip'], [], (v: unknown) => truthy(result(v, 'skipped').skipped ?? false), lenient);
  t(
    'finished',
    [],
    (v: unknown) => {
      const r = result(v, 'finished');
      return 'finished' in r ? equals(r.finished, 1) : true;
    },
    lenient,
  );
  t(
    'started',
    [],
    (v: unknown) => {
      const r = result(v, 'started');
      return 'started' in r ? equals(r.started, 1) : true;
    },
    lenient,
  );
  // strings
  t('match', [['pattern', ''], ['ignorecase', false], ['multiline', false]], (v: unknown, p: unknown, i: unknown, m: unknown) => regexTest(v, p, i, m, 'match'));
  t('search', [['pattern', ''], ['ignorecase', false], ['multiline', false]], (v: unknown, p: unknown, i: unknown, m: unknown) => regexTest(v, p, i, m, 'search'));
  t('regex', [['pattern', ''], ['ignorecase', false], ['multiline', false], ['match_type', 'search']], (v: unknown, p: unknown, i: unknown, m: unknown, type: string) => regexTest(v, p, i, m, type));
  t(['version', 'version_compare'], [['version', R], ['operator', 'eq'], ['strict', null], ['version_type', null]], (v: unknown, other: unknown, op: unknown) => compareVersions(v, other, str(op)));
  t('truthy', [['convert_bool', false]], (v: unknown) => truthy(v));
  t('falsy', [['convert_bool', false]], (v: unknown) => !truthy(v));
  t('any', [], (v: unknown) => iterate(v).some(truthy));
  t('all', [], (v: unknown) => iterate(v).every(truthy));
  // set(a) <= set(b): every item must be hashable
  const asSet = (v: unknown) => {
    const items = iterate(v);
    items.forEach(hashable);
    return items;
  };
  t(['subset', 'issubset'], [['b', R]], (a: unknown, b: unknown) => {
    const bs = asSet(b);
    return asSet(a).every((x) => contains(bs, x));
  });
  t(['superset', 'issuperset'], [['b', R]], (a: unknown, b: unknown) => {
    const as = asSet(a);
    return asSet(b).every((x) => contains(as, x));
  });
  t('contains', [['item', R]], (seq: unknown, item: unknown) => contains(seq, item));
  t(['nan', 'isnan'], [], (v: unknown) => isNumber(v) && Number.isNaN(Number(v)));
  // paths on the controller
  // os.stat's rules: a path is a string, an integer a file descriptor, anything else a TypeError
  const stat = (p: unknown, follow = true) => {
    if (typeof p !== 'string' && !(isIntLike(p) && follow)) throw new TemplateError(`${follow ? 'stat' : 'lstat'}: path should be string, bytes, os.PathLike or integer, not ${typeOf(p)}`);
    try {
      // (a file descriptor: only the standard three are taken to be open, none a file or folder)
      if (typeof p !== 'string') return Number(p) >= 0 && Number(p) <= 2 ? STDIO : undefined;
      return follow ? fs.statSync(p) : fs.lstatSync(p);
    } catch {
      return undefined;
    }
  };
  t(['directory', 'is_dir'], [], (p: unknown) => Boolean(stat(p)?.isDirectory()));
  t(['file', 'is_file'], [], (p: unknown) => Boolean(stat(p)?.isFile()));
  t(['link', 'is_link'], [], (p: unknown) => Boolean(stat(p, false)?.isSymbolicLink()));
  t('exists', [], (p: unknown) => stat(p) !== undefined);
  // os.path.samefile: both must exist; os.path.ismount: another device than its parent, or the root
  const fileStat = (p: unknown, follow = true): fs.Stats | undefined => (typeof p === 'string' ? (stat(p, follow) as fs.Stats | undefined) : undefined);
  t(['same_file', 'is_same_file'], [['other', R]], (p: unknown, other: unknown) => {
    const [a, b] = [fileStat(p), fileStat(other)];
    if (!a || !b) throw new TemplateError(`[Errno 2] No such file or directory: '${str(a ? other : p)}'`);
    return a.dev === b.dev && a.ino === b.ino;
  });
  t(['mount', 'is_mount'], [], (p: unknown) => {
    const own = fileStat(p, false);
    if (!own || own.isSymbolicLink() || typeof p !== 'string') return false;
    const parent = fileStat(path.join(p, '..'), false);
    return !parent || parent.dev !== own.dev || parent.ino === own.ino;
  });
  t('link_exists', [], (p: unknown) => stat(p, false) !== undefined);
  t(['abs', 'is_abs'], [], (p: unknown) => {
    if (typeof p !== 'string') throw new TemplateError(`expected str, bytes or os.PathLike object, not ${typeOf(p)}`);
    return p.startsWith('/');
  });
}
