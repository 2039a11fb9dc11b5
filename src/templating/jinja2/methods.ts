/**
 * The Python methods of str, list and dict that templates call (`'a:b'.split(':')`,
 * `groups['all'].index(host)`, `d.items()`), with Python's results and errors.
 */
import { PyFunction, pyFunction, REQUIRED, type Kwargs } from './callables.js';
import { PythonError, typeError, valueError } from './errors.js';
import { checkDefined, compare, equals, formatFloat, isIntLike, isMapping, isNumber, iterate, repr, str, tuple, typeName } from './values.js';
import { splitlines } from '../../formats/splitlines.js';

/** dict.items(), keys() and values(): views that print as Python prints them. */
export class DictView {
  readonly pythonType: string;
  constructor(
    readonly kind: 'items' | 'keys' | 'values',
    readonly items: unknown[],
  ) {
    this.pythonType = `dict_${kind}`;
  }
  [Symbol.iterator](): Iterator<unknown> {
    return this.items[Symbol.iterator]();
  }
  get length(): number {
    return this.items.length;
  }
  pythonRepr(): string {
    return `dict_${this.kind}([${this.items.map(repr).join(', ')}])`;
  }
}

const R = REQUIRED;
const WHITESPACE = ' \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

function strip(s: string, chars: unknown, left: boolean, right: boolean): string {
  if (chars !== null && typeof chars !== 'string') throw typeError(`strip arg must be None or str`);
  const set = chars === null ? WHITESPACE : chars;
  const items = [...s];
  let [start, end] = [0, items.length];
  if (left) while (start < end && set.includes(items[start])) start++;
  if (right) while (end > start && set.includes(items[end - 1])) end--;
  return items.slice(start, end).join('');
}

function split(s: string, sep: unknown, maxsplit: unknown, fromRight: boolean): string[] {
  const max = Number(maxsplit);
  if (sep === null) {
    const words = s.split(new RegExp(`[${WHITESPACE}]+`)).filter((w) => w !== '');
    if (max < 0 || words.length <= max + 1) return words;
    // the rest keeps its inner whitespace, as Python's split(None, n)
    if (fromRight) {
      const kept = words.slice(words.length - max);
      const restEnd = s.replace(new RegExp(`[${WHITESPACE}]*$`), '');
      let cut = restEnd.length;
      for (let i = kept.length - 1; i >= 0; i--) cut = restEnd.lastIndexOf(kept[i], cut - 1);
      return [strip(restEnd.slice(0, cut), null, true, true), ...kept];
    }
    const out: string[] = [];
    let rest = strip(s, null, true, false);
    for (let i = 0; i < max; i++) {
      const m = new RegExp(`^([^${WHITESPACE}]+)[${WHITESPACE}]+`).exec(rest);
      if (!m) break;
      out.push(m[1]);
      rest = rest.slice(m[0].length);
    }
    return rest ? [...out, rest] : out;
  }
  if (typeof sep !== 'string') throw typeError(`must be str or None, not ${typeName(sep)}`);
  if (sep === '') throw valueError('empty separator');
  const parts = s.split(sep);
  if (max < 0 || parts.length <= max + 1) return parts;
  if (fromRight) return [parts.slice(0, parts.length - max).join(sep), ...parts.slice(parts.length - max)];
  return [...parts.slice(0, max), parts.slice(max).join(sep)];
}

function find(s: string, sub: unknown, start: unknown, end: unknown, last: boolean): number {
  if (typeof sub !== 'string') throw typeError(`must be str, not ${typeName(sub)}`);
  const chars = [...s];
  const n = chars.length;
  const norm = (i: unknown, fallback: number) => (i === null ? fallback : Math.min(Math.max(Number(i) < 0 ? Number(i) + n : Number(i), 0), n));
  const [from, to] = [norm(start, 0), norm(end, n)];
  const region = chars.slice(from, to).join('');
  const at = last ? region.lastIndexOf(sub) : region.indexOf(sub);
  return at === -1 || to - from < [...sub].length ? -1 : from + [...region.slice(0, at)].length;
}

function prefixTest(s: string, prefix: unknown, ends: boolean): boolean {
  const options = Array.isArray(prefix) ? prefix : [prefix];
  for (const option of options) {
    if (typeof option !== 'string') throw typeError(`${ends ? 'endswith' : 'startswith'} first arg must be str or a tuple of str, not ${typeName(option)}`);
  }
  return options.some((option) => (ends ? s.endsWith(option as string) : s.startsWith(option as string)));
}

const pad = (s: string, width: unknown, fill: unknown, where: 'left' | 'right' | 'center') => {
  if (typeof fill !== 'string' || [...fill].length !== 1) throw typeError('The fill character must be exactly one character long');
  const length = [...s].length;
  const total = Number(width) - length;
  if (total <= 0) return s;
  if (where === 'left') return s + fill.repeat(total);
  if (where === 'right') return fill.repeat(total) + s;
  // Python's center puts the extra character on the left when the padding is odd and the width odd
  const left = Math.floor(total / 2) + (total & Number(width) & 1);
  return fill.repeat(left) + s + fill.repeat(total - left);
};

function titleCase(s: string): string {
  return s.replace(/[A-Za-z\u00c0-\uffff]+/g, (w) => w[0].toUpperCase() + w.slice(1).toLowerCase());
}

/** str.format's replacement fields: `{}`, `{0}`, `{name}`, `{0[key]}`, `{:>10}`, `{:.2f}`, `{!r}`. */
export function strFormat(format: string, args: unknown[], kwargs: Kwargs): string {
  let auto = 0;
  return format.replace(/\{\{|\}\}|\{([^{}!:]*)(?:!([rsa]))?(?::([^{}]*))?\}/g, (whole, field: string | undefined, conversion: string | undefined, spec: string | undefined) => {
    if (whole === '{{') return '{';
    if (whole === '}}') return '}';
    const path = /^([^.[]*)(.*)$/.exec(field ?? '')!;
    let value: unknown;
    if (path[1] === '') {
      if (auto >= args.length) throw new PythonError('IndexError', `Replacement index ${auto} out of range for positional args tuple`);
      value = args[auto++];
    } else if (/^\d+$/.test(path[1])) {
      const index = Number(path[1]);
      if (index >= args.length) throw new PythonError('IndexError', `Replacement index ${index} out of range for positional args tuple`);
      value = args[index];
    } else {
      if (!(path[1] in kwargs)) throw new PythonError('KeyError', repr(path[1]));
      value = kwargs[path[1]];
    }
    for (const [, attr, key] of path[2].matchAll(/\.(\w+)|\[([^\]]*)\]/g)) {
      const k = attr ?? (/^\d+$/.test(key) ? Number(key) : key);
      value = Array.isArray(value) || isMapping(value) ? (value as Record<string | number, unknown>)[k as string] : undefined;
      if (value === undefined) throw new PythonError('KeyError', repr(k));
    }
    const converted = conversion === 'r' || conversion === 'a' ? repr(value) : conversion === 's' ? str(value) : value;
    return formatSpec(converted, spec ?? '');
  });
}

/** Python's format-spec mini-language: [[fill]align][sign][#][0][width][,|_][.precision][type]. */
export function formatSpec(value: unknown, spec: string): string {
  const m = /^(?:(.)?([<>=^]))?([-+ ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/su.exec(spec);
  if (!m) throw valueError(`Invalid format specifier '${spec}' for object of type '${typeName(value)}'`);
  const [, fillChar, alignChar, sign = '-', , zero, width, grouping, precision, type] = m;
  let text: string;
  const numeric = isNumber(value) && typeof value !== 'string';
  if (type && 'bcdoxX'.includes(type)) {
    if (!isIntLike(value)) throw valueError(`Unknown format code '${type}' for object of type '${typeName(value)}'`);
    const n = Number(value);
    text = type === 'c' ? String.fromCodePoint(n) : Math.abs(n).toString(type === 'b' ? 2 : type === 'o' ? 8 : type === 'd' ? 10 : 16);
    if (type === 'X') text = text.toUpperCase();
    if (grouping) text = text.replace(/\B(?=(\d{3})+(?!\d))/g, grouping);
    text = (n < 0 ? '-' : sign === '+' ? '+' : sign === ' ' ? ' ' : '') + text;
  } else if (type && 'eEfFgGn%'.includes(type)) {
    if (!numeric) throw valueError(`Unknown format code '${type}' for object of type '${typeName(value)}'`);
    const n = Number(value) * (type === '%' ? 100 : 1);
    text = formatFloat(Math.abs(n), type === '%' ? 'f' : type === 'n' ? 'g' : type, precision === undefined ? 6 : Number(precision));
    if (grouping) text = text.replace(/^(\d+)/, (d) => d.replace(/\B(?=(\d{3})+(?!\d))/g, grouping));
    if (type === '%') text += '%';
    text = (n < 0 || Object.is(n, -0) ? '-' : sign === '+' ? '+' : sign === ' ' ? ' ' : '') + text;
  } else if (numeric && typeof value !== 'boolean') {
    text = precision !== undefined ? formatFloat(Number(value), 'g', Number(precision)) : str(value);
    if (grouping) text = text.replace(/^(-?)(\d+)/, (_w, s: string, d: string) => s + d.replace(/\B(?=(\d{3})+(?!\d))/g, grouping));
    if (Number(value) >= 0 && sign !== '-') text = (sign === '+' ? '+' : ' ') + text;
  } else {
    if (type && type !== 's') throw valueError(`Unknown format code '${type}' for object of type '${typeName(value)}'`);
    if (grouping) throw valueError(`Cannot specify '${grouping}' with 's'.`);
    text = str(value);
    if (precision !== undefined) text = [...text].slice(0, Number(precision)).join('');
  }
  const w = width ? Number(width) : 0;
  const fill = fillChar ?? (zero && !alignChar ? '0' : ' ');
  const align = alignChar ?? (zero ? '=' : numeric && typeof value !== 'string' ? '>' : '<');
  const length = [...text].length;
  if (length >= w) return text;
  const room = w - length;
  if (align === '<') return text + fill.repeat(room);
  if (align === '>') return fill.repeat(room) + text;
  if (align === '^') return fill.repeat(Math.floor(room / 2)) + text + fill.repeat(room - Math.floor(room / 2));
  const signPart = /^[-+ ]/.test(text) ? text[0] : '';
  return signPart + fill.repeat(room) + text.slice(signPart.length);
}

function strMethods(s: string): Record<string, PyFunction> {
  const m = (name: string, params: [string, unknown][], fn: (...v: never[]) => unknown) => pyFunction(`str.${name}`, params, fn);
  return {
    capitalize: m('capitalize', [], () => (s ? s[0].toUpperCase() + s.slice(1).toLowerCase() : s)),
    casefold: m('casefold', [], () => s.toLowerCase()),
    center: m('center', [['width', R], ['fillchar', ' ']], (w: number, f: string) => pad(s, w, f, 'center')),
    count: m('count', [['sub', R]], (sub: string) => (sub === '' ? [...s].length + 1 : s.split(String(sub)).length - 1)),
    endswith: m('endswith', [['suffix', R]], (x: unknown) => prefixTest(s, x, true)),
    startswith: m('startswith', [['prefix', R]], (x: unknown) => prefixTest(s, x, false)),
    find: m('find', [['sub', R], ['start', null], ['end', null]], (sub: string, a: unknown, b: unknown) => find(s, sub, a, b, false)),
    rfind: m('rfind', [['sub', R], ['start', null], ['end', null]], (sub: string, a: unknown, b: unknown) => find(s, sub, a, b, true)),
    index: m('index', [['sub', R], ['start', null], ['end', null]], (sub: string, a: unknown, b: unknown) => {
      const at = find(s, sub, a, b, false);
      if (at === -1) throw valueError('substring not found');
      return at;
    }),
    rindex: m('rindex', [['sub', R], ['start', null], ['end', null]], (sub: string, a: unknown, b: unknown) => {
      const at = find(s, sub, a, b, true);
      if (at === -1) throw valueError('substring not found');
      return at;
    }),
    format: new PyFunction('str.format', (args, kwargs) => strFormat(s, args, kwargs)),
    isalnum: m('isalnum', [], () => /^[\p{L}\p{N}]+$/u.test(s)),
    isalpha: m('isalpha', [], () => /^\p{L}+$/u.test(s)),
    isdigit: m('isdigit', [], () => /^\p{Nd}+$/u.test(s)),
    isdecimal: m('isdecimal', [], () => /^\p{Nd}+$/u.test(s)),
    isnumeric: m('isnumeric', [], () => /^\p{N}+$/u.test(s)),
    islower: m('islower', [], () => /\p{Ll}/u.test(s) && !/\p{Lu}|\p{Lt}/u.test(s)),
    isupper: m('isupper', [], () => /\p{Lu}/u.test(s) && !/\p{Ll}|\p{Lt}/u.test(s)),
    isspace: m('isspace', [], () => s.length > 0 && [...s].every((c) => WHITESPACE.includes(c))),
    istitle: m('istitle', [], () => /[A-Za-z]/.test(s) && titleCase(s) === s),
    join: m('join', [['iterable', R]], (items: unknown) =>
      iterate(items)
        .map((item) => {
          if (typeof item !== 'string') throw typeError(`sequence item 0: expected str instance, ${typeName(item)} found`);
          return item;
        })
        .join(s),
    ),
    ljust: m('ljust', [['width', R], ['fillchar', ' ']], (w: number, f: string) => pad(s, w, f, 'left')),
    rjust: m('rjust', [['width', R], ['fillchar', ' ']], (w: number, f: string) => pad(s, w, f, 'right')),
    lower: m('lower', [], () => s.toLowerCase()),
    upper: m('upper', [], () => s.toUpperCase()),
    swapcase: m('swapcase', [], () => [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('')),
    title: m('title', [], () => titleCase(s)),
    strip: m('strip', [['chars', null]], (c: unknown) => strip(s, c, true, true)),
    lstrip: m('lstrip', [['chars', null]], (c: unknown) => strip(s, c, true, false)),
    rstrip: m('rstrip', [['chars', null]], (c: unknown) => strip(s, c, false, true)),
    split: m('split', [['sep', null], ['maxsplit', -1]], (sep: unknown, max: unknown) => split(s, sep, max, false)),
    rsplit: m('rsplit', [['sep', null], ['maxsplit', -1]], (sep: unknown, max: unknown) => split(s, sep, max, true)),
    splitlines: m('splitlines', [['keepends', false]], (keep: boolean) => splitlines(s, keep)),
    partition: m('partition', [['sep', R]], (sep: string) => {
      const at = s.indexOf(sep);
      return at === -1 ? tuple([s, '', '']) : tuple([s.slice(0, at), sep, s.slice(at + sep.length)]);
    }),
    rpartition: m('rpartition', [['sep', R]], (sep: string) => {
      const at = s.lastIndexOf(sep);
      return at === -1 ? tuple(['', '', s]) : tuple([s.slice(0, at), sep, s.slice(at + sep.length)]);
    }),
    replace: m('replace', [['old', R], ['new', R], ['count', -1]], (a: unknown, b: unknown, count: number) => {
      if (typeof a !== 'string' || typeof b !== 'string') throw typeError(`replace() argument 1 must be str, not ${typeName(typeof a !== 'string' ? a : b)}`);
      if (count < 0) return a === '' ? [...s].map((c) => b + c).join('') + b : s.split(a).join(b);
      let out = s;
      let from = 0;
      for (let i = 0; i < count; i++) {
        const at = out.indexOf(a, from);
        if (at === -1) break;
        out = out.slice(0, at) + b + out.slice(at + a.length);
        from = at + b.length + (a === '' ? 1 : 0);
      }
      return out;
    }),
    removeprefix: m('removeprefix', [['prefix', R]], (p: string) => (s.startsWith(p) ? s.slice(p.length) : s)),
    removesuffix: m('removesuffix', [['suffix', R]], (p: string) => (p && s.endsWith(p) ? s.slice(0, -p.length) : s)),
    zfill: m('zfill', [['width', R]], (w: number) => {
      const sign = /^[-+]/.test(s) ? s[0] : '';
      return sign + s.slice(sign.length).padStart(Number(w) - sign.length, '0');
    }),
  };
}

/** What Python's mutating methods return. */
const none = (_done: unknown) => null;

function listMethods(list: unknown[]): Record<string, PyFunction> {
  const m = (name: string, params: [string, unknown][], fn: (...v: never[]) => unknown) => pyFunction(`list.${name}`, params, fn);
  const indexOf = (x: unknown) => list.findIndex((item) => equals(item, x));
  return {
    index: m('index', [['value', R], ['start', 0]], (x: unknown, start: number) => {
      const at = list.findIndex((item, i) => i >= start && equals(item, x));
      if (at === -1) throw valueError(`${repr(x)} is not in list`);
      return at;
    }),
    count: m('count', [['value', R]], (x: unknown) => list.filter((item) => equals(item, x)).length),
    append: m('append', [['object', R]], (x: unknown) => none(list.push(x))),
    extend: m('extend', [['iterable', R]], (x: unknown) => none(list.push(...iterate(x)))),
    insert: m('insert', [['index', R], ['object', R]], (i: number, x: unknown) => none(list.splice(i < 0 ? Math.max(0, list.length + i) : i, 0, x))),
    pop: m('pop', [['index', -1]], (i: number) => {
      if (!list.length) throw new PythonError('IndexError', 'pop from empty list');
      const at = i < 0 ? list.length + i : i;
      if (at < 0 || at >= list.length) throw new PythonError('IndexError', 'pop index out of range');
      return list.splice(at, 1)[0];
    }),
    remove: m('remove', [['value', R]], (x: unknown) => {
      const at = indexOf(x);
      if (at === -1) throw valueError('list.remove(x): x not in list');
      list.splice(at, 1);
      return null;
    }),
    reverse: m('reverse', [], () => none(list.reverse())),
    sort: m('sort', [['reverse', false]], (reverse: boolean) => {
      list.sort((a, b) => compare(a, b));
      if (reverse) list.reverse();
      return null;
    }),
    copy: m('copy', [], () => [...list]),
    clear: m('clear', [], () => none(list.splice(0))),
  };
}

function tupleMethods(items: unknown[]): Record<string, PyFunction> {
  const { index, count } = listMethods(items);
  return { index, count };
}

function dictMethods(d: Record<string, unknown>): Record<string, PyFunction> {
  const m = (name: string, params: [string, unknown][], fn: (...v: never[]) => unknown) => pyFunction(`dict.${name}`, params, fn);
  return {
    items: m('items', [], () => new DictView('items', Object.entries(d).map(([k, v]) => tuple([k, v])))),
    keys: m('keys', [], () => new DictView('keys', Object.keys(d))),
    values: m('values', [], () => new DictView('values', Object.values(d))),
    get: m('get', [['key', R], ['default', null]], (k: unknown, fallback: unknown) => (typeof k === 'string' && Object.prototype.hasOwnProperty.call(d, k) ? d[k] : fallback)),
    copy: m('copy', [], () => ({ ...d })),
    update: new PyFunction('dict.update', (args, kwargs) => {
      for (const arg of args) {
        if (isMapping(arg)) Object.assign(d, arg);
        else for (const pair of iterate(arg)) d[str((pair as unknown[])[0])] = (pair as unknown[])[1];
      }
      Object.assign(d, kwargs);
      return null;
    }),
    pop: m('pop', [['key', R], ['default', R]], (k: string, fallback: unknown) => {
      if (Object.prototype.hasOwnProperty.call(d, k)) {
        const value = d[k];
        delete d[k];
        return value;
      }
      if (fallback === R) throw new PythonError('KeyError', repr(k));
      return fallback;
    }),
    setdefault: m('setdefault', [['key', R], ['default', null]], (k: string, fallback: unknown) => {
      if (!Object.prototype.hasOwnProperty.call(d, k)) d[k] = fallback;
      return d[k];
    }),
  };
}

/** The method `name` of a value, or undefined when its type has none by that name. */
export function methodOf(value: unknown, name: string): PyFunction | undefined {
  checkDefined(value);
  const table = typeof value === 'string' ? STR_NAMES : Array.isArray(value) ? LIST_NAMES : isMapping(value) ? DICT_NAMES : undefined;
  if (!table?.has(name)) return undefined;
  if (typeof value === 'string') return strMethods(value)[name];
  if (Array.isArray(value)) return (tupleLike(value) ? tupleMethods(value) : listMethods(value))[name];
  return dictMethods(value as Record<string, unknown>)[name];
}

const tupleLike = (value: unknown[]) => typeName(value) === 'tuple';
const STR_NAMES = new Set(Object.keys(strMethods('')));
const LIST_NAMES = new Set(Object.keys(listMethods([])));
const DICT_NAMES = new Set(Object.keys(dictMethods({})));

export const isDictMethod = (name: string) => DICT_NAMES.has(name);

