/** Jinja2's built-in filters (jinja2/filters.py, 3.1), with its defaults and Python's results. */
import { PyFunction, REQUIRED as R } from '../callables.js';
import { PythonError, TemplateError, typeError } from '../errors.js';
import { DictView, methodOf } from '../methods.js';
import { getItem, type Context, type Environment } from '../runtime.js';
import {
  checkDefined,
  compare,
  equals,
  formatFloat,
  isFloat,
  isMapping,
  isNumber,
  isPyTuple,
  iterate,
  percentFormat,
  pyFloat,
  repr,
  str,
  truthy,
  tuple,
  typeName,
  Undefined,
} from '../values.js';
import { defineFilter } from './define.js';

/** Jinja2's make_attrgetter: `a.b.0` walks items; `default` stands in for an undefined result. */
export function attrGetter(attribute: unknown, options: { lower?: boolean; default?: unknown } = {}): (item: unknown) => unknown {
  const parts = attribute === null ? [] : typeof attribute === 'string' ? attribute.split('.').map((p) => (/^\d+$/.test(p) ? Number(p) : p)) : [attribute];
  return (item) => {
    let value = item;
    for (const part of parts) value = getItem(value, part);
    if (value instanceof Undefined && options.default !== undefined) value = options.default;
    if (options.lower && typeof value === 'string') value = value.toLowerCase();
    return value;
  };
}

const lowerIfString = (caseSensitive: unknown) => (v: unknown) => (!truthy(caseSensitive) && typeof v === 'string' ? v.toLowerCase() : v);

/** Python's sorted() with a key: stable, TypeError on mixed types. */
export function sortedBy(items: unknown[], key: (item: unknown) => unknown, reverse = false): unknown[] {
  const keyed = items.map((item, index) => ({ item, key: key(item), index }));
  keyed.sort((a, b) => compare(a.key, b.key) || a.index - b.index);
  if (reverse) {
    // Python's reverse sort keeps equal items in their original order
    keyed.sort((a, b) => compare(b.key, a.key) || a.index - b.index);
  }
  return keyed.map((k) => k.item);
}

/** Python's pprint.pformat (width 80, dictionaries sorted by key). */
export function pformat(value: unknown, indent = 0, allowance = 0): string {
  const flat = repr(sortDicts(value));
  if (flat.length <= 80 - indent - allowance) return flat;
  const type = typeName(value);
  if (isMapping(value)) {
    const keys = Object.keys(value).sort();
    if (!keys.length) return flat;
    return `{${keys
      .map((k, i) => {
        const prefix = `${repr(k)}: `;
        return (i ? ' '.repeat(indent + 1) : '') + prefix + pformat(value[k], indent + 1 + prefix.length, i === keys.length - 1 ? allowance + 1 : 1);
      })
      .join(',\n')}}`;
  }
  if (Array.isArray(value) && value.length) {
    const [open, close] = type === 'tuple' ? ['(', value.length === 1 ? ',)' : ')'] : ['[', ']'];
    return `${open}${value.map((item, i) => (i ? ' '.repeat(indent + 1) : '') + pformat(item, indent + 1, i === value.length - 1 ? allowance + 1 : 1)).join(',\n')}${close}`;
  }
  return flat;
}

function sortDicts(value: unknown): unknown {
  if (isMapping(value)) return Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortDicts(value[k])]));
  if (Array.isArray(value)) {
    const items = value.map(sortDicts);
    return typeName(value) === 'tuple' ? tuple(items) : items;
  }
  return value;
}

export function length(value: unknown): number {
  checkDefined(value);
  if (typeof value === 'string') return [...value].length;
  if (Array.isArray(value)) return value.length;
  if (value instanceof DictView) return value.length;
  if (isMapping(value)) return Object.keys(value).length;
  throw typeError(`object of type '${typeName(value)}' has no len()`);
}

/** Python's round() of a float to n digits: correctly rounded, ties to even. */
export function pyRound(x: number, digits: number): number {
  if (!Number.isFinite(x)) return x;
  const exact = Math.abs(x).toFixed(Math.min(100, Math.max(digits, 0) + 60));
  const [whole, fraction = ''] = exact.split('.');
  if (digits < 0) {
    const scale = 10 ** -digits;
    const q = Math.abs(x) / scale;
    const floor = Math.floor(q);
    const rem = q - floor;
    const rounded = rem > 0.5 || (rem === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
    return Math.sign(x) * rounded * scale;
  }
  const kept = whole + fraction.slice(0, digits);
  const rest = fraction.slice(digits);
  let n = BigInt(kept);
  const half = rest[0] === '5' && /^50*$/.test(rest);
  if (rest[0] > '5' || (rest[0] === '5' && !half) || (half && n % 2n === 1n)) n += 1n;
  const text = n.toString().padStart(digits + 1, '0');
  const value = Number(digits ? `${text.slice(0, text.length - digits)}.${text.slice(text.length - digits)}` : text);
  return x < 0 ? -value : value;
}

function toInt(value: unknown, fallback: unknown, base: unknown): unknown {
  if (typeof value === 'string') {
    const text = value.trim().replace(/_/g, '');
    const b = Number(base);
    const prefixed = /^[-+]?0[xob]/i.test(text) && b === 10 ? null : text;
    const digits = prefixed?.replace(/^([-+]?)0[xob]/i, '$1') ?? null;
    const pattern = b === 16 ? /^[-+]?[\da-f]+$/i : b === 8 ? /^[-+]?[0-7]+$/ : b === 2 ? /^[-+]?[01]+$/ : /^[-+]?\d+$/;
    if (digits !== null && pattern.test(b === 10 ? text : digits)) return parseInt(b === 10 ? text : digits, b);
    // int(float(value)): '1.5' is 1
    if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) return Math.trunc(Number(text));
    return fallback;
  }
  if (isNumber(value)) {
    const n = Number(value);
    return Number.isFinite(n) ? Math.trunc(n) : fallback;
  }
  return fallback;
}

function toFloat(value: unknown, fallback: unknown): unknown {
  if (typeof value === 'string') {
    const text = value.trim().replace(/_/g, '');
    if (/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text)) return pyFloat(Number(text));
    if (/^[-+]?(inf|infinity)$/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
    if (/^[-+]?nan$/i.test(text)) return NaN;
    return fallback;
  }
  if (isNumber(value)) return pyFloat(Number(value));
  return fallback;
}

function filesizeformat(value: unknown, binary: unknown): string {
  const bytes = Number(toFloat(value, undefined));
  if (Number.isNaN(bytes) && !(typeof value === 'string' && /nan/i.test(value))) {
    throw typeof value === 'string' ? new PythonError('ValueError', `could not convert string to float: ${repr(value)}`) : typeError(`float() argument must be a string or a real number, not '${typeName(value)}'`);
  }
  const base = truthy(binary) ? 1024 : 1000;
  const prefixes = truthy(binary) ? ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB', 'YiB'] : ['kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB', 'YB'];
  if (bytes === 1) return '1 Byte';
  if (bytes < base) return `${Math.trunc(bytes)} Bytes`;
  let unit = base;
  let prefix = prefixes[0];
  for (let i = 0; i < prefixes.length; i++) {
    unit = base ** (i + 2);
    prefix = prefixes[i];
    if (bytes < unit) break;
  }
  return `${formatFloat((base * bytes) / unit, 'f', 1)} ${prefix}`;
}

function truncate(value: unknown, maxLength: number, killwords: boolean, end: string, leeway: number | null): unknown {
  const room = leeway ?? 5;
  if (typeof value !== 'string') {
    // Python's len() and slices: a short list or dict comes back as it is, anything else fails
    if (length(value) <= maxLength + room) return value;
    throw typeError(`unsupported operand type(s) for +: '${typeName(value)}' and 'str'`);
  }
  const s = value;
  const chars = [...s];
  if (chars.length <= maxLength + room) return s;
  if (killwords) return chars.slice(0, maxLength - end.length).join('') + end;
  const head = chars.slice(0, maxLength - end.length).join('');
  const cut = head.lastIndexOf(' ');
  return (cut === -1 ? head : head.slice(0, cut)) + end;
}

function indent(s: string, width: unknown, first: unknown, blank: unknown): string {
  const indention = typeof width === 'string' ? width : ' '.repeat(Number(width));
  const text = `${s}\n`;
  const lines = text.split(/\r\n|\n|\r/);
  lines.pop();
  let out: string;
  if (truthy(blank)) out = lines.join(`\n${indention}`);
  else {
    out = lines.shift() ?? '';
    if (lines.length) out += `\n${lines.map((line) => (line ? indention + line : line)).join('\n')}`;
  }
  return truthy(first) ? indention + out : out;
}

/** Jinja2's htmlsafe_json_dumps with its default sort_keys: what `tojson` writes. */
function tojson(value: unknown, indentBy: unknown): string {
  const dump = (v: unknown, depth: number): string => {
    checkDefined(v);
    const pad = indentBy === null ? '' : `\n${' '.repeat(Number(indentBy) * (depth + 1))}`;
    const close = indentBy === null ? '' : `\n${' '.repeat(Number(indentBy) * depth)}`;
    const sep = indentBy === null ? ', ' : ',';
    if (v === null) return 'null';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (isNumber(v)) return isFloat(v) ? (Number.isFinite(Number(v)) ? repr(v) : Number.isNaN(Number(v)) ? 'NaN' : Number(v) > 0 ? 'Infinity' : '-Infinity') : String(v);
    if (typeof v === 'string') return JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
    if (Array.isArray(v)) return v.length ? `[${v.map((x) => pad + dump(x, depth + 1)).join(sep)}${close}]` : '[]';
    if (isMapping(v)) {
      const keys = Object.keys(v).sort();
      return keys.length ? `{${keys.map((k) => `${pad}${dump(k, depth + 1)}: ${dump(v[k], depth + 1)}`).join(sep)}${close}}` : '{}';
    }
    throw typeError(`Object of type ${typeName(v)} is not JSON serializable`);
  };
  return dump(value, 0).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/'/g, '\\u0027');
}

/** `select`/`reject` and their `attr` forms: a test by name, or truth when none is given. */
function selectOrReject(context: Context, items: unknown, args: unknown[], keep: boolean, byAttribute: boolean): unknown[] {
  if (!truthy(items)) return [];
  const rest = [...args];
  const get = byAttribute ? attrGetter(rest.shift() ?? null) : (x: unknown) => x;
  const testName = rest.shift();
  const check = (value: unknown): boolean => {
    if (testName === undefined) return truthy(value);
    const test = context.environment.tests.get(str(testName));
    if (!test) throw new TemplateError(`No test named '${str(testName)}'.`);
    if (!test.lenient) checkDefined(value);
    return test.fn(value, rest, {}, context);
  };
  return iterate(items).filter((item) => check(get(item)) === keep);
}

function doMap(context: Context, items: unknown, args: unknown[], kwargs: Record<string, unknown>): unknown[] {
  if (!truthy(items)) return [];
  const list = iterate(items);
  if (!args.length && 'attribute' in kwargs) {
    const get = attrGetter(kwargs.attribute, 'default' in kwargs ? { default: kwargs.default } : {});
    return list.map(get);
  }
  if (!args.length) throw new TemplateError('map requires a filter argument');
  const [name, ...rest] = args;
  const filter = context.environment.filters.get(str(name));
  if (!filter) throw new TemplateError(`No filter named '${str(name)}'.`);
  return list.map((item) => {
    if (!filter.lenient) checkDefined(item);
    return filter.fn(item, rest, kwargs, context);
  });
}

export function unique(items: unknown, caseSensitive: unknown, attribute: unknown): unknown[] {
  const get = attrGetter(attribute, { lower: !truthy(caseSensitive) });
  const seen: unknown[] = [];
  const out: unknown[] = [];
  for (const item of iterate(items)) {
    const key = get(item);
    // Jinja2 keeps the keys in a set: an undefined one fails as it is hashed
    checkDefined(key);
    if (isMapping(key) || (Array.isArray(key) && !isPyTuple(key))) throw typeError(`unhashable type: '${typeName(key)}'`);
    if (!seen.some((s) => equals(s, key))) {
      seen.push(key);
      out.push(item);
    }
  }
  return out;
}

function minMax(items: unknown, caseSensitive: unknown, attribute: unknown, max: boolean, what: string): unknown {
  const list = iterate(items);
  if (!list.length) return new Undefined(what, `No aggregated item, sequence was empty.`);
  const get = attrGetter(attribute, { lower: !truthy(caseSensitive) });
  let best = list[0];
  for (const item of list.slice(1)) if (max ? compare(get(item), get(best)) > 0 : compare(get(item), get(best)) < 0) best = item;
  return best;
}

export function addJinjaFilters(env: Environment): void {
  const f = (name: string | string[], params: [string, unknown][], fn: (value: never, ...args: never[]) => unknown, options?: { lenient?: boolean; context?: boolean }) => defineFilter(env, name, params, fn, options);
  f('abs', [], (v: unknown) => {
    if (!isNumber(v)) throw typeError(`bad operand type for abs(): '${typeName(v)}'`);
    return isFloat(v) ? pyFloat(Math.abs(Number(v))) : Math.abs(Number(v));
  });
  f('attr', [['name', R]], (v: unknown, name: string) => {
    if (v instanceof Undefined) return v;
    const method = methodOf(v, str(name));
    if (method) return method;
    return new Undefined(str(name), `'${typeName(v)} object' has no attribute '${str(name)}'`);
  }, { lenient: true });
  f('batch', [['linecount', R], ['fill_with', null]], (v: unknown, count: number, fill: unknown) => {
    const out: unknown[][] = [];
    let row: unknown[] = [];
    for (const item of iterate(v)) {
      if (row.length === count) {
        out.push(row);
        row = [];
      }
      row.push(item);
    }
    if (row.length) {
      if (fill !== null) while (row.length < count) row.push(fill);
      out.push(row);
    }
    return out;
  });
  f('capitalize', [], (v: unknown) => {
    const s = str(v);
    return s ? s[0].toUpperCase() + s.slice(1).toLowerCase() : s;
  });
  f('center', [['width', 80]], (v: unknown, w: number) => (methodOf(str(v), 'center') as PyFunction).call([w]));
  f(['length', 'count'], [], length);
  f(['default', 'd'], [['default_value', ''], ['boolean', false]], (v: unknown, fallback: unknown, boolean: unknown) => (v instanceof Undefined || v === undefined || (truthy(boolean) && !truthy(v)) ? fallback : v), { lenient: true });
  f('dictsort', [['case_sensitive', false], ['by', 'key'], ['reverse', false]], (v: unknown, cs: unknown, by: string, reverse: unknown) => {
    if (!isMapping(v)) throw new PythonError('FilterArgumentError', 'You can only sort by either "key" or "value"');
    const pos = by === 'key' ? 0 : by === 'value' ? 1 : -1;
    if (pos === -1) throw new TemplateError('You can only sort by either "key" or "value"');
    const lower = lowerIfString(cs);
    return sortedBy(Object.entries(v).map(([k, x]) => tuple([k, x])), (item) => lower((item as unknown[])[pos]), truthy(reverse));
  });
  f(['escape', 'e', 'forceescape'], [], (v: unknown) => str(v).replace(/&/g, '&amp;').replace(/>/g, '&gt;').replace(/</g, '&lt;').replace(/'/g, '&#39;').replace(/"/g, '&#34;'));
  f('filesizeformat', [['binary', false]], filesizeformat);
  f('first', [], (v: unknown) => {
    const items = iterate(v);
    return items.length ? items[0] : new Undefined('first', 'No first item, sequence was empty.');
  });
  f('last', [], (v: unknown) => {
    const items = iterate(v);
    return items.length ? items[items.length - 1] : new Undefined('last', 'No last item, sequence was empty.');
  });
  f('float', [['default', pyFloat(0)]], toFloat);
  f('int', [['default', 0], ['base', 10]], toInt);
  f('format', [['*args', R], ['**kwargs', R]], (v: unknown, args: unknown[], kwargs: Record<string, unknown>) => {
    if (args.length && Object.keys(kwargs).length) throw new TemplateError("can't handle positional and keyword arguments at the same time");
    return percentFormat(str(v), Object.keys(kwargs).length ? kwargs : tuple(args));
  });
  f('groupby', [['attribute', R], ['default', null], ['case_sensitive', false]], (v: unknown, attribute: unknown, fallback: unknown, cs: unknown) => {
    const key = attrGetter(attribute, { lower: !truthy(cs), ...(fallback !== null ? { default: fallback } : {}) });
    const groups: [unknown, unknown[]][] = [];
    for (const item of sortedBy(iterate(v), key)) {
      const k = key(item);
      const last = groups[groups.length - 1];
      if (last && equals(last[0], k)) last[1].push(item);
      else groups.push([k, [item]]);
    }
    const original = attrGetter(attribute, fallback !== null ? { default: fallback } : {});
    return groups.map(([k, items]) => tuple([truthy(cs) ? k : original(items[0]), items]));
  });
  f('indent', [['width', 4], ['first', false], ['blank', false]], (v: unknown, w: unknown, first: unknown, blank: unknown) => {
    if (typeof v !== 'string') throw typeError(`unsupported operand type(s) for +=: '${typeName(v)}' and 'str'`);
    return indent(v, w, first, blank);
  });
  f('items', [], (v: unknown) => {
    if (v instanceof Undefined) return [];
    if (!isMapping(v)) throw typeError('Can only get item pairs from a mapping.');
    return Object.entries(v).map(([k, x]) => tuple([k, x]));
  }, { lenient: true });
  f('join', [['d', ''], ['attribute', null]], (v: unknown, d: unknown, attribute: unknown) => {
    const get = attrGetter(attribute);
    return iterate(v)
      .map((item) => str(get(item)))
      .join(str(d));
  });
  f('list', [], (v: unknown) => [...iterate(v)]);
  f('lower', [], (v: unknown) => str(v).toLowerCase());
  f('upper', [], (v: unknown) => str(v).toUpperCase());
  f('map', [['*args', R], ['**kwargs', R]], (v: unknown, args: unknown[], kwargs: Record<string, unknown>, context: Context) => doMap(context, v, args, kwargs), { context: true });
  f('max', [['case_sensitive', false], ['attribute', null]], (v: unknown, cs: unknown, a: unknown) => minMax(v, cs, a, true, 'max'));
  f('min', [['case_sensitive', false], ['attribute', null]], (v: unknown, cs: unknown, a: unknown) => minMax(v, cs, a, false, 'min'));
  f('pprint', [], (v: unknown) => (v instanceof Undefined ? `AnsibleUndefined(hint=None, obj=missing, name=${repr(v.name)})` : pformat(v)), { lenient: true });
  f('reject', [['*args', R]], (v: unknown, args: unknown[], context: Context) => selectOrReject(context, v, args, false, false), { context: true });
  f('select', [['*args', R]], (v: unknown, args: unknown[], context: Context) => selectOrReject(context, v, args, true, false), { context: true });
  f('rejectattr', [['*args', R]], (v: unknown, args: unknown[], context: Context) => selectOrReject(context, v, args, false, true), { context: true });
  f('selectattr', [['*args', R]], (v: unknown, args: unknown[], context: Context) => selectOrReject(context, v, args, true, true), { context: true });
  f('replace', [['old', R], ['new', R], ['count', null]], (v: unknown, a: unknown, b: unknown, count: unknown) => (methodOf(str(v), 'replace') as PyFunction).call([str(a), str(b), count === null ? -1 : count]));
  f('reverse', [], (v: unknown) => (typeof v === 'string' ? [...v].reverse().join('') : [...iterate(v)].reverse()));
  f('round', [['precision', 0], ['method', 'common']], (v: unknown, precision: number, method: string) => {
    if (!['common', 'ceil', 'floor'].includes(method)) throw new TemplateError('method must be common, ceil or floor');
    if (!isNumber(v)) throw typeError(`type ${typeName(v)} doesn't define __round__ method`);
    const n = Number(v);
    if (method === 'common') return isFloat(v) ? pyFloat(pyRound(n, Number(precision))) : n;
    const scale = 10 ** Number(precision);
    return pyFloat((method === 'ceil' ? Math.ceil(n * scale) : Math.floor(n * scale)) / scale);
  });
  f('safe', [], (v: unknown) => str(v));
  f('slice', [['slices', R], ['fill_with', null]], (v: unknown, slices: number, fill: unknown) => {
    const seq = iterate(v);
    const perSlice = Math.floor(seq.length / slices);
    const withExtra = seq.length % slices;
    const out: unknown[][] = [];
    let offset = 0;
    for (let i = 0; i < slices; i++) {
      const start = offset + i * perSlice;
      if (i < withExtra) offset++;
      const end = offset + (i + 1) * perSlice;
      const part = seq.slice(start, end);
      if (fill !== null && i >= withExtra) part.push(fill);
      out.push(part);
    }
    return out;
  });
  f('sort', [['reverse', false], ['case_sensitive', false], ['attribute', null]], (v: unknown, reverse: unknown, cs: unknown, attribute: unknown) =>
    sortedBy(iterate(v), attrGetter(attribute, { lower: !truthy(cs) }), truthy(reverse)),
  );
  f('string', [], (v: unknown) => str(v));
  f('striptags', [], (v: unknown) =>
    str(v)
      .replace(/<!--.*?-->|<[^>]*>/gs, '')
      .split(/\s+/)
      .filter(Boolean)
      .join(' ')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&#39;/g, "'")
      .replace(/&#34;|&quot;/g, '"'),
  );
  f('sum', [['attribute', null], ['start', 0]], (v: unknown, attribute: unknown, start: unknown) => {
    const get = attrGetter(attribute);
    let total = start;
    for (const item of iterate(v)) {
      const value = get(item);
      total = isNumber(total) && isNumber(value) ? (isFloat(total) || isFloat(value) ? pyFloat(Number(total) + Number(value)) : Number(total) + Number(value)) : addOrFail(total, value);
    }
    return total;
  });
  // Jinja2's do_title: words begin after '-', whitespace or an opening bracket
  f('title', [], (v: unknown) =>
    str(v)
      .split(/([-\s({[<]+)/)
      .filter(Boolean)
      .map((item) => item[0].toUpperCase() + item.slice(1).toLowerCase())
      .join(''),
  );
  f('tojson', [['indent', null]], tojson);
  f('trim', [['chars', null]], (v: unknown, chars: unknown) => (methodOf(str(v), 'strip') as PyFunction).call([chars]));
  f('truncate', [['length', 255], ['killwords', false], ['end', '...'], ['leeway', null]], (v: unknown, l: number, k: unknown, e: string, leeway: number | null) => truncate(v, Number(l), truthy(k), str(e), leeway));
  f('unique', [['case_sensitive', false], ['attribute', null]], unique);
  f('urlencode', [], (v: unknown) => {
    // Python's quote (safe '/'), and quote_plus-like for query pairs
    const quote = (s: unknown) => encodeURIComponent(str(s)).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).replace(/%2F/g, '/');
    const queryQuote = (s: unknown) => quote(s).replace(/\//g, '%2F').replace(/%20/g, '+');
    if (typeof v === 'string' || !(Array.isArray(v) || isMapping(v))) return quote(v);
    const pairs = isMapping(v)
      ? Object.entries(v)
      : iterate(v).map((p) => {
          const pair = iterate(p);
          if (pair.length !== 2) throw new PythonError('ValueError', `too many values to unpack (expected 2)`);
          return pair as [unknown, unknown];
        });
    return pairs.map(([k, x]) => `${queryQuote(k)}=${queryQuote(x)}`).join('&');
  });
  f('wordcount', [], (v: unknown) => (str(v).match(/\w+/gu) ?? []).length);
  f('xmlattr', [['autospace', true]], (v: unknown, autospace: unknown) => {
    if (!isMapping(v)) throw typeError('xmlattr expects a mapping');
    const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/>/g, '&gt;').replace(/</g, '&lt;').replace(/'/g, '&#39;').replace(/"/g, '&#34;');
    const out = Object.entries(v)
      .filter(([, x]) => x !== null && !(x instanceof Undefined))
      .map(([k, x]) => `${escape(k)}="${escape(str(x))}"`)
      .join(' ');
    return out && truthy(autospace) ? ` ${out}` : out;
  });
}

function addOrFail(a: unknown, b: unknown): unknown {
  if (typeof a === 'string' || typeof b === 'string' || isNumber(a) !== isNumber(b)) throw typeError(`unsupported operand type(s) for +: '${typeName(a)}' and '${typeName(b)}'`);
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  throw typeError(`unsupported operand type(s) for +: '${typeName(a)}' and '${typeName(b)}'`);
}
