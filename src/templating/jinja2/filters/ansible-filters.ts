/** The filters of `ansible.builtin` (plugins/filter/core.py, mathstuff.py, urls.py) that playbooks use. */
import crypto from 'node:crypto';
import path from 'node:path';
import { pythonJsonDumps } from '../../../formats/python-repr.js';
import { loadDataFile, toYaml, yamlLib } from '../../../formats/yaml.js';
import { REQUIRED as R } from '../callables.js';
import { FilterError, PythonError, typeError, UndefinedVariableError } from '../errors.js';
import { methodOf } from '../methods.js';
import type { Environment } from '../runtime.js';
import { binary, checkDefined, contains, equals, isMapping, isNumber, iterate, pyFloat, repr, str, truthy, tuple, typeName, typeOf, Undefined } from '../values.js';
import { defineFilter } from './define.js';
import { unique as jinjaUnique } from './jinja-builtins.js';
import { passwordHash } from './password-hash.js';
import { urlsplitFilter } from './urlsplit.js';
import { decodeText, encodeText } from './codecs.js';
import { comment } from './comment.js';
import { strptime, strftime, timeFields } from '../datetimes.js';

/** Python's `re` syntax for what differs from JavaScript's: named groups, `\g<1>`, inline flags. */
export function pythonRegex(pattern: string, flags = ''): RegExp {
  let source = pattern.replace(/\(\?P</g, '(?<').replace(/\(\?P=(\w+)\)/g, '\\k<$1>');
  const inline = /^\(\?([aiLmsux]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    for (const f of inline[1]) if ('ims'.includes(f) && !flags.includes(f)) flags += f;
  }
  source = source.replace(/\\A/g, '^').replace(/\\Z/g, '$');
  try {
    return new RegExp(source, `${flags}u`);
  } catch {
    return new RegExp(source, flags);
  }
}

/** Ansible's recursive_check_defined: an undefined value anywhere in the data is an error. */
function checkDefinedDeep(value: unknown): void {
  checkDefined(value);
  if (Array.isArray(value)) value.forEach(checkDefinedDeep);
  else if (isMapping(value)) Object.values(value).forEach(checkDefinedDeep);
}

/** json.dumps with its defaults, for a message (text for what has no JSON form). */
function jsonDumps(value: unknown): string {
  try {
    return pythonJsonDumps(value);
  } catch {
    return str(value);
  }
}

/** Python's os.path.join: an absolute part starts over, nothing is normalized (`..` and `//` stay). */
function osPathJoin([first, ...rest]: string[]): string {
  let joined = first;
  for (const part of rest) joined = part.startsWith('/') ? part : joined === '' || joined.endsWith('/') ? joined + part : `${joined}/${part}`;
  return joined;
}

const pythonReplacement = (replacement: string) =>
  replacement
    .replace(/\$/g, '$$$$')
    .replace(/\\g<(\d+)>/g, '$$$1')
    .replace(/\\g<(\w+)>/g, '$$<$1>')
    .replace(/\\(\d{1,2})/g, '$$$1')
    .replace(/\\n/g, '\n')
    .replace(/\\t/g, '\t')
    .replace(/\\\\/g, '\\');

export function toBool(value: unknown): unknown {
  if (value === null || typeof value === 'boolean') return value;
  const v = typeof value === 'string' ? value.toLowerCase() : value;
  return ['yes', 'on', '1', 'true'].includes(v as string) || (isNumber(v) && Number(v) === 1);
}

export function flatten(items: unknown, levels: unknown = null, skipNulls = true): unknown[] {
  const out: unknown[] = [];
  for (const element of iterate(items)) {
    if (skipNulls && (element === null || element === 'None' || element === 'null')) continue;
    if (Array.isArray(element)) {
      if (levels === null) out.push(...flatten(element, null, skipNulls));
      else if (Number(levels) >= 1) out.push(...flatten(element, Number(levels) - 1, skipNulls));
      else out.push(element);
    } else out.push(element);
  }
  return out;
}

/** Ansible's merge_hash: `b` over `a`, dictionaries merged when `recursive`, lists as `list_merge` says. */
function mergeHash(a: Record<string, unknown>, b: Record<string, unknown>, recursive: boolean, listMerge: string): Record<string, unknown> {
  if (equals(a, {}) || equals(a, b)) return { ...b };
  const out: Record<string, unknown> = { ...a };
  for (const [key, bValue] of Object.entries(b)) {
    const aValue = out[key];
    if (key in out && isMapping(aValue) && isMapping(bValue)) {
      out[key] = recursive ? mergeHash(aValue, bValue, recursive, listMerge) : bValue;
    } else if (key in out && Array.isArray(aValue) && Array.isArray(bValue)) {
      const merge: Record<string, () => unknown[]> = {
        replace: () => bValue,
        keep: () => aValue,
        append: () => [...aValue, ...bValue],
        prepend: () => [...bValue, ...aValue],
        append_rp: () => [...aValue.filter((x) => !bValue.some((y) => equals(x, y))), ...bValue],
        prepend_rp: () => [...bValue, ...aValue.filter((x) => !bValue.some((y) => equals(x, y)))],
      };
      if (!(listMerge in merge)) throw new FilterError(`merge_hash: 'list_merge' argument can only be equal to 'replace', 'keep', 'append', 'prepend', 'append_rp' or 'prepend_rp'`);
      out[key] = merge[listMerge]();
    } else out[key] = bValue;
  }
  return out;
}

function uniqueList(items: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const item of items) if (!out.some((x) => equals(x, item))) out.push(item);
  return out;
}

/** hashlib's names of the hashes Node has too (a shake needs a length, which the filter cannot give). */
const hashers: Record<string, string> = {
  md5: 'md5',
  sha1: 'sha1',
  sha224: 'sha224',
  sha256: 'sha256',
  sha384: 'sha384',
  sha512: 'sha512',
  sha512_224: 'sha512-224',
  sha512_256: 'sha512-256',
  sha3_224: 'sha3-224',
  sha3_256: 'sha3-256',
  sha3_384: 'sha3-384',
  sha3_512: 'sha3-512',
  blake2b: 'blake2b512',
  blake2s: 'blake2s256',
  ripemd160: 'ripemd160',
  sm3: 'sm3',
};

function humanReadable(size: unknown, isbits: unknown, unit: unknown): string {
  const n = Number(size);
  if (!isNumber(size)) throw new FilterError(`human_readable() failed on bad input: ${str(size)}`);
  const prefixes = ['', 'K', 'M', 'G', 'T', 'P', 'E', 'Z', 'Y'];
  const suffix = truthy(isbits) ? 'bits' : 'Bytes';
  const wanted = unit === null ? null : str(unit).toUpperCase()[0];
  let i = prefixes.length - 1;
  for (; i > 0; i--) {
    if (wanted !== null ? prefixes[i] === wanted : n >= 1024 ** i) break;
  }
  const value = n / 1024 ** i;
  const text = value.toFixed(2);
  return `${text} ${prefixes[i]}${i === 0 ? suffix : truthy(isbits) ? 'b' : 'B'}`;
}

export function addAnsibleFilters(env: Environment): void {
  const f = (name: string | string[], params: [string, unknown][], fn: (value: never, ...args: never[]) => unknown, options?: { lenient?: boolean }) => defineFilter(env, name, params, fn, options);
  f('urlsplit', [['query', '']], (v: unknown, query: unknown) => urlsplitFilter(v, query));
  // posixpath's: 'a' has the dirname '' (not '.'), and only strings are paths
  f('basename', [], (v: unknown) => pathString(v).slice(pathString(v).lastIndexOf('/') + 1));
  f('dirname', [], (v: unknown) => {
    const p = pathString(v);
    const head = p.slice(0, p.lastIndexOf('/') + 1);
    return head && !/^\/+$/.test(head) ? head.replace(/\/+$/, '') : head;
  });
  f('splitext', [], (v: unknown) => {
    const s = pathString(v);
    const ext = path.posix.extname(s);
    return tuple([s.slice(0, s.length - ext.length), ext]);
  });
  f('path_join', [], (v: unknown) => {
    if (typeof v === 'string') return v;
    if (!Array.isArray(v)) throw new FilterError(`|path_join expects string or sequence, got ${typeName(v)} instead.`);
    if (!v.length) throw typeError("join() missing 1 required positional argument: 'a'");
    return osPathJoin(v.map(pathString));
  });
  f('expanduser', [], (v: unknown) => pathString(v).replace(/^~(?=\/|$)/, process.env.HOME ?? '~'));
  f('realpath', [], (v: unknown) => path.posix.resolve(pathString(v)));
  f('relpath', [['start', R]], (v: unknown, start: unknown) => {
    if (!pathString(v)) throw new PythonError('ValueError', 'no path specified');
    // Python's os.path.relpath of a folder to itself is '.'
    return path.posix.relative(pathString(start), pathString(v)) || '.';
  });
  f('bool', [], toBool);
  // json.dumps escapes what is not ASCII unless told not to (ensure_ascii=False)
  const ensureAscii = (kw: Record<string, unknown>) => (kw.ensure_ascii === undefined ? true : truthy(kw.ensure_ascii));
  f('to_json', [['**kwargs', R]], (v: unknown, kw: Record<string, unknown>) => pythonJsonDumps(v, { ...(kw.sort_keys ? { sortKeys: true } : {}), ...(kw.indent !== undefined ? { indent: Number(kw.indent) } : {}), ensureAscii: ensureAscii(kw) }));
  f('to_nice_json', [['indent', 4], ['sort_keys', true], ['**kwargs', R]], (v: unknown, indent: number, sortKeys: unknown, kw: Record<string, unknown>) => pythonJsonDumps(v, { sortKeys: truthy(sortKeys), indent, ensureAscii: ensureAscii(kw) }));
  f('from_json', [], (v: unknown) => {
    if (typeof v !== 'string') throw typeError(`the JSON object must be str, bytes or bytearray, not ${typeName(v)}`);
    try {
      return JSON.parse(str(v));
    } catch (error) {
      throw new PythonError('JSONDecodeError', (error as Error).message);
    }
  });
  // PyYAML's dump sorts the keys by default
  const defined = (name: string, v: unknown) => {
    if (v instanceof Undefined) throw new FilterError(`${name} - ${v.hint}. ${v.hint}`);
    return v;
  };
  f('to_yaml', [], (v: unknown) => toYaml(defined('to_yaml', v), { flowLeaves: true, sortKeys: true, pyyamlSequences: true }), { lenient: true });
  f('to_nice_yaml', [['indent', 4]], (v: unknown, indent: unknown) => toYaml(defined('to_nice_yaml', v), { sortKeys: true, indent: Number(indent), pyyamlSequences: true }), { lenient: true });
  f('from_yaml', [], (v: unknown) => (typeof v === 'string' ? loadDataFile(v, '<from_yaml>').data : v));
  f('from_yaml_all', [], (v: unknown) => (typeof v === 'string' ? yamlLib().parseAllDocuments(v, { version: '1.1' }).map((d) => ('toJS' in d ? d.toJS() : null)) : v));
  f('regex_replace', [['pattern', ''], ['replacement', ''], ['ignorecase', false], ['multiline', false], ['count', 0]], (v: unknown, pattern: unknown, replacement: unknown, ignorecase: unknown, multiline: unknown, count: number) => {
    const re = pythonRegex(str(pattern), `g${truthy(ignorecase) ? 'i' : ''}${truthy(multiline) ? 'm' : ''}`);
    let done = 0;
    return str(v).replace(re, (...m: unknown[]) => {
      if (count && done >= count) return String(m[0]);
      done++;
      const groups = m.slice(1, -2);
      return pythonReplacement(str(replacement)).replace(/\$(\d{1,2})|\$<(\w+)>|\$\$/g, (token, n: string, name: string) => {
        if (token === '$$') return '$';
        if (n !== undefined) return n === '0' ? String(m[0]) : String(groups[Number(n) - 1] ?? '');
        const named = m[m.length - 1] as Record<string, string> | undefined;
        return named?.[name] ?? '';
      });
    });
  });
  f('regex_search', [['*args', R], ['**kwargs', R]], (v: unknown, args: unknown[], kw: Record<string, unknown>) => {
    const [pattern, ...groups] = args;
    const re = pythonRegex(str(pattern), `${truthy(kw.ignorecase) ? 'i' : ''}${truthy(kw.multiline) ? 'm' : ''}`);
    const m = re.exec(str(v));
    if (!m) return null;
    if (!groups.length) return m[0];
    return groups.map((g) => {
      const ref = str(g);
      const named = /^\\g<(\w+)>$/.exec(ref);
      const numbered = /^\\(\d+)$/.exec(ref);
      if (named) return /^\d+$/.test(named[1]) ? m[Number(named[1])] : m.groups?.[named[1]];
      if (numbered) return m[Number(numbered[1])];
      throw new FilterError('Unknown argument');
    });
  });
  f('regex_findall', [['regex', ''], ['multiline', false], ['ignorecase', false]], (v: unknown, pattern: unknown, multiline: unknown, ignorecase: unknown) => {
    const re = pythonRegex(str(pattern), `g${truthy(ignorecase) ? 'i' : ''}${truthy(multiline) ? 'm' : ''}`);
    return [...str(v).matchAll(re)].map((m) => (m.length > 2 ? tuple(m.slice(1).map((g) => g ?? '')) : m.length === 2 ? (m[1] ?? '') : m[0]));
  });
  f('regex_escape', [['re_type', 'python']], (v: unknown, type: unknown) => {
    // Python's re.escape (3.7 on: its special characters only), or those of POSIX basic expressions
    if (type === 'python') return str(v).replace(/[()[\]{}?*+\-|^$\\.&~# \t\n\r\v\f]/g, (c) => `\\${c}`);
    if (type === 'posix_basic') return str(v).replace(/[\].[^$*\\]/g, (c) => `\\${c}`);
    if (type === 'posix_extended') throw new FilterError(`Regex type (${str(type)}) not yet implemented`);
    throw new FilterError(`Invalid regex type (${str(type)})`);
  });
  f('b64encode', [['encoding', 'utf-8']], (v: unknown, encoding: unknown) => encodeText(str(v), str(encoding)).toString('base64'));
  f('b64decode', [['encoding', 'utf-8']], (v: unknown, encoding: unknown) => decodeText(Buffer.from(str(v), 'base64'), str(encoding)));
  f('quote', [], (v: unknown) => {
    const text = v === null ? '' : str(v);
    if (!text) return "''";
    return /^[\w@%+=:,./-]+$/u.test(text) && /^[\x00-\x7f]*$/.test(text) ? text : `'${text.replace(/'/g, `'"'"'`)}'`;
  });
  f('md5', [], (v: unknown) => crypto.createHash('md5').update(str(v)).digest('hex'));
  f('password_hash', [['hashtype', 'sha512'], ['salt', null], ['salt_size', null], ['rounds', null], ['ident', null]], (v: unknown, type: unknown, salt: unknown, size: unknown, rounds: unknown) =>
    passwordHash(str(v), str(type), salt, size, rounds),
  );
  f('sha1', [], (v: unknown) => crypto.createHash('sha1').update(str(v)).digest('hex'));
  f('checksum', [], (v: unknown) => crypto.createHash('sha1').update(str(v)).digest('hex'));
  f('hash', [['hashtype', 'sha1']], (v: unknown, type: unknown) => {
    const algorithm = hashers[str(type)];
    // hashlib.new's ValueError, which Ansible reports as the filter's error
    if (!algorithm) throw new FilterError(`unsupported hash type ${str(type)}`);
    return crypto.createHash(algorithm).update(str(v)).digest('hex');
  });
  // datetime.strptime, and time.strftime of an epoch (now when none), as Ansible's core filters
  f('to_datetime', [['format', '%Y-%m-%d %H:%M:%S']], (v: unknown, format: unknown) => strptime(str(v), str(format)));
  f('strftime', [['second', null], ['utc', false]], (format: unknown, second: unknown, utc: unknown) => {
    let seconds = Date.now() / 1000;
    if (second !== null && second !== undefined) {
      seconds = Number(typeof second === 'string' ? second.trim() : second);
      if (typeof second === 'boolean' || Number.isNaN(seconds) || (typeof second === 'string' && second.trim() === '')) throw new FilterError(`Invalid value for epoch value (${str(second)})`);
    }
    return strftime(str(format), timeFields(seconds, truthy(utc)), false);
  });
  f('to_uuid', [['namespace', '361E6D51-FAEC-444A-9079-341386DA8E2E']], (v: unknown, ns: unknown) => uuid5(uuidNamespace(ns), str(v)));
  f('ternary', [['true_val', R], ['false_val', R], ['none_val', null]], (v: unknown, yes: unknown, no: unknown, none: unknown) => (v === null && none !== null ? none : truthy(v) ? yes : no));
  f('mandatory', [['msg', null]], (v: unknown, msg: unknown) => {
    if (v instanceof Undefined || v === undefined) {
      const name = v instanceof Undefined ? v.name : '?';
      // (Ansible's wording, with its two spaces)
      throw new UndefinedMandatory(msg !== null ? str(msg) : `Mandatory variable '${name}'  not defined.`);
    }
    return v;
  }, { lenient: true });
  f('type_debug', [], (v: unknown) => (v instanceof Undefined ? 'AnsibleUndefined' : typeName(v)), { lenient: true });
  f('combine', [['*terms', R], ['**kwargs', R]], (v: unknown, terms: unknown[], kw: Record<string, unknown>) => {
    const { recursive = false, list_merge = 'replace', ...rest } = kw;
    if (Object.keys(rest).length) throw new FilterError("'recursive' and 'list_merge' are the only valid keyword arguments");
    // as Ansible's combine: nulls dropped, one item given back as it is, each pair checked as merge_hash does
    const dicts = flatten([v, ...terms], 1);
    dicts.forEach(checkDefinedDeep);
    if (!dicts.length) return {};
    let result = dicts[dicts.length - 1];
    for (let i = dicts.length - 2; i >= 0; i--) {
      const low = dicts[i];
      if (!isMapping(low) || !isMapping(result)) {
        throw new FilterError(`failed to combine variables, expected dicts but got a '${typeName(low)}' and a '${typeName(result)}': \n${jsonDumps(low)}\n${jsonDumps(result)}`);
      }
      result = mergeHash(low, result, truthy(recursive), str(list_merge));
    }
    return result;
  });
  f('flatten', [['levels', null], ['skip_nulls', true]], (v: unknown, levels: unknown, skip: unknown) => flatten(v, levels, truthy(skip)));
  f('dict2items', [['key_name', 'key'], ['value_name', 'value']], (v: unknown, k: string, val: string) => {
    if (!isMapping(v)) throw new FilterError(`dict2items requires a dictionary, got <class '${typeName(v)}'> instead.`);
    return Object.entries(v).map(([key, value]) => ({ [k]: key, [val]: value }));
  });
  f('items2dict', [['key_name', 'key'], ['value_name', 'value']], (v: unknown, k: string, val: string) => {
    if (!Array.isArray(v)) throw new FilterError(`items2dict requires a list, got <class '${typeName(v)}'> instead.`);
    const out: Record<string, unknown> = {};
    for (const item of v) {
      if (!isMapping(item)) throw new FilterError(`items2dict requires a list of dictionaries, got ${str(v)} instead.`);
      if (!(k in item) || !(val in item)) throw new FilterError(`items2dict requires each dictionary in the list to contain the keys '${k}' and '${val}', got ${str(v)} instead.`);
      out[str(item[k])] = item[val];
    }
    return out;
  });
  f('extract', [['container', R], ['morekeys', null]], (v: unknown, container: unknown, morekeys: unknown) => {
    const get = (c: unknown, k: unknown) => (isMapping(c) ? c[str(k)] : Array.isArray(c) ? c[Number(k)] : undefined);
    let value = get(container, v);
    for (const key of morekeys === null ? [] : Array.isArray(morekeys) ? morekeys : [morekeys]) value = get(value, key);
    return value === undefined ? new Undefined(str(v)) : value;
  });
  f('subelements', [['subelements', R], ['skip_missing', false]], (v: unknown, sub: unknown, skip: unknown) => {
    if (!isMapping(v) && !Array.isArray(v)) throw new FilterError('obj must be a list of dicts or a nested dict');
    if (!Array.isArray(sub) && typeof sub !== 'string') throw new FilterError('subelements must be a list or a string');
    const keys = Array.isArray(sub) ? sub : sub.split('.');
    const out: unknown[] = [];
    for (const item of isMapping(v) ? Object.values(v) : v) {
      let values: unknown = item;
      for (const key of keys) {
        // Python's values[key]: a missing key of a dict (KeyError), or anything else that has no keys (TypeError)
        if (Array.isArray(values) && typeOf(key) === 'int') {
          if (Number(key) >= values.length || Number(key) < -values.length) throw new PythonError('IndexError', 'list index out of range');
          values = values.at(Number(key));
        } else if (!isMapping(values)) {
          throw new FilterError(`the key ${str(key)} should point to a dictionary, got '${str(values)}'`);
        } else if (typeof key === 'string' && Object.prototype.hasOwnProperty.call(values, key)) {
          values = values[key];
        } else if (truthy(skip)) {
          values = [];
          break;
        } else throw new FilterError(`could not find ${repr(key)} key in iterated item ${repr(values)}`);
      }
      if (!Array.isArray(values)) throw new FilterError(`the key ${repr(keys[keys.length - 1])} should point to a list, got ${repr(values)}`);
      for (const value of values) out.push(tuple([item, value]));
    }
    return out;
  });
  f('split', [['separator', null], ['maxsplit', -1]], (v: unknown, sep: unknown, max: unknown) => {
    if (typeof v !== 'string') throw typeError(`descriptor 'split' for 'str' objects doesn't apply to a '${typeName(v)}' object`);
    return methodOf(v, 'split')!.call([sep, max]);
  });
  f('comment', [['style', 'plain'], ['**kw', R]], comment);
  // mathstuff (its min and max are Jinja2's, which are already there)
  f('unique', [['case_sensitive', null], ['attribute', null]], (a: unknown, caseSensitive: unknown, attribute: unknown) => {
    try {
      return jinjaUnique(a, caseSensitive, attribute);
    } catch (error) {
      // Jinja2's cannot hash dictionaries or lists: Ansible's own unique then, unless asked what only Jinja2's does
      if (!(error instanceof PythonError) && !(error instanceof UndefinedVariableError)) throw error;
      if (caseSensitive === false || truthy(attribute)) throw new FilterError(`Jinja2's unique filter failed and we cannot fall back to Ansible's version as it does not support the parameters supplied. ${error.message}`);
      return uniqueList(iterate(a));
    }
  });
  f('intersect', [['b', R]], (a: unknown, b: unknown) => uniqueList(iterate(a).filter((x) => contains(b, x))));
  f('difference', [['b', R]], (a: unknown, b: unknown) => uniqueList(iterate(a).filter((x) => !contains(b, x))));
  f('symmetric_difference', [['b', R]], (a: unknown, b: unknown) => {
    if (!Array.isArray(a) || !Array.isArray(b)) binary('+', a, b); // unique(a + b): only lists add
    const both = iterate(a).filter((x) => contains(b, x));
    return uniqueList([...iterate(a), ...iterate(b)]).filter((x) => !both.some((y) => equals(x, y)));
  });
  f('union', [['b', R]], (a: unknown, b: unknown) => {
    if (typeof a === 'string' || typeof b === 'string') binary('+', a, b);
    if (typeOf(a) !== typeOf(b) && !(Array.isArray(a) && Array.isArray(b))) throw typeError(`can only concatenate ${typeName(a)} (not "${typeName(b)}") to ${typeName(a)}`);
    return uniqueList([...iterate(a), ...iterate(b)]);
  });
  f('log', [['base', Math.E]], (x: unknown, base: unknown) => {
    if (!isNumber(x)) throw typeError('log() can only be used on numbers');
    if (Number(x) <= 0 || Number(base) <= 0 || Number(base) === 1) throw new PythonError('ValueError', 'math domain error');
    return pyFloat(Number(base) === 10 ? Math.log10(Number(x)) : Number(base) === Math.E ? Math.log(Number(x)) : Math.log(Number(x)) / Math.log(Number(base)));
  });
  f('pow', [['y', R]], (x: unknown, y: unknown) => {
    if (!isNumber(x) || !isNumber(y)) throw typeError('pow() can only be used on numbers');
    return pyFloat(Number(x) ** Number(y));
  });
  f('root', [['base', 2]], (x: unknown, base: unknown) => {
    if (!isNumber(x)) throw typeError('root() can only be used on numbers');
    if (Number(x) < 0) throw new FilterError('root() can only be used on numbers: math domain error');
    return pyFloat(Number(base) === 2 ? Math.sqrt(Number(x)) : Number(x) ** (1 / Number(base)));
  });
  f('human_readable', [['isbits', false], ['unit', null]], humanReadable);
  f('zip', [['*others', R]], (v: unknown, others: unknown[]) => {
    const lists = [iterate(v), ...others.map(iterate)];
    const n = Math.min(...lists.map((l) => l.length));
    return Array.from({ length: n }, (_x, i) => tuple(lists.map((l) => l[i])));
  });
  f('zip_longest', [['*others', R], ['**kwargs', R]], (v: unknown, others: unknown[], kw: Record<string, unknown>) => {
    const lists = [iterate(v), ...others.map(iterate)];
    const n = Math.max(...lists.map((l) => l.length));
    const fill = 'fillvalue' in kw ? kw.fillvalue : null;
    return Array.from({ length: n }, (_x, i) => tuple(lists.map((l) => (i < l.length ? l[i] : fill))));
  });
  f('product', [['*others', R]], (v: unknown, others: unknown[]) => {
    let out: unknown[][] = [[]];
    for (const list of [iterate(v), ...others.map(iterate)]) out = out.flatMap((prefix) => list.map((x) => [...prefix, x]));
    return out.map((t) => tuple(t));
  });
  f('rekey_on_member', [['key', R], ['duplicates', 'error']], (v: unknown, key: unknown, duplicates: unknown) => {
    if (duplicates !== 'error' && duplicates !== 'overwrite') throw new FilterError(`duplicates parameter to rekey_on_member has unknown value: ${str(duplicates)}`);
    if (!Array.isArray(v) && !isMapping(v)) throw new FilterError('Type is not a valid list, set, or dict');
    const out: Record<string, unknown> = {};
    for (const item of isMapping(v) ? Object.values(v) : iterate(v)) {
      if (!isMapping(item)) throw new FilterError(`List item is not a valid dict`);
      const k = str(key);
      if (!(k in item)) throw new FilterError(`Key ${k} was not found`);
      const name = str(item[k]);
      if (name in out && duplicates === 'error') throw new FilterError(`Key ${name} is not unique, cannot correctly turn into dict`);
      if (!(name in out) || duplicates === 'overwrite') out[name] = item;
    }
    return out;
  });
  // the same choices as Python's only by chance: Python's Mersenne Twister is not reproduced
  f('random', [['start', null], ['step', null], ['seed', null]], (end: unknown, start: unknown, step: unknown, seed: unknown) => {
    let state = seed === null ? Math.floor(Math.random() * 2 ** 31) : [...str(seed)].reduce((h, c) => (h * 31 + c.charCodeAt(0)) >>> 0, 7);
    const next = () => ((state = (state * 1103515245 + 12345) >>> 0), state / 2 ** 32);
    // as Ansible's rand: an int (or bool) is a range, anything iterable a choice, nothing else
    if (typeOf(end) === 'int' || typeOf(end) === 'bool') {
      const [from, by] = [truthy(start) ? Number(start) : 0, truthy(step) ? Number(step) : 1];
      const count = Math.max(0, Math.ceil((Number(end) - from) / by));
      if (!count) throw new PythonError('ValueError', 'empty range for randrange()');
      return from + by * Math.floor(next() * count);
    }
    if (!(typeof end === 'string' || Array.isArray(end) || isMapping(end))) throw new FilterError('random can only be used on sequences and integers');
    if (truthy(start) || truthy(step)) throw new FilterError('start and step can only be used with integer values');
    const items = iterate(end);
    if (!items.length) throw new PythonError('IndexError', 'Cannot choose from an empty sequence');
    return items[Math.floor(next() * items.length)];
  });
  f('urldecode', [], (v: unknown) => {
    if (typeof v !== 'string') throw new PythonError('AttributeError', `'${typeName(v)}' object has no attribute 'replace'`);
    return decodeURIComponent(v.replace(/\+/g, ' '));
  });
}

/** `mandatory` on an undefined value: Ansible's own message. */
export class UndefinedMandatory extends FilterError {}

function pathString(value: unknown): string {
  if (typeof value !== 'string') throw typeError(`expected str, bytes or os.PathLike object, not ${typeName(value)}`);
  return value;
}

/** RFC 4122 version 5 UUID (SHA-1 of namespace and name), as Python's uuid.uuid5. */
/** The namespace's 32 hex digits, read as Python's uuid.UUID() reads text; anything else is Ansible's "Invalid value" error. */
function uuidNamespace(namespace: unknown): string {
  const invalid = (why: string) => new FilterError(`Invalid value '${str(namespace)}' for 'namespace': ${why}`);
  if (typeof namespace !== 'string') throw invalid(`'${typeName(namespace)}' object has no attribute 'replace'`);
  const hex = namespace.replace(/urn:/g, '').replace(/uuid:/g, '').replace(/^[{}]+|[{}]+$/g, '').replace(/-/g, '');
  if (hex.length !== 32) throw invalid('badly formed hexadecimal UUID string');
  if (!/^[0-9a-fA-F]+$/.test(hex)) throw invalid(`invalid literal for int() with base 16: '${hex}'`);
  return hex;
}

function uuid5(namespace: string, name: string): string {
  const ns = Buffer.from(namespace, 'hex');
  const hash = crypto.createHash('sha1').update(ns).update(name).digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
