/**
 * Python's semantics over deployer's values, as Jinja2 runs them: None is null, bool a boolean,
 * int a JavaScript integer, float a non-integral number or a boxed PyFloat (`2.0`), str a
 * string, list an array, tuple a marked array, dict a plain object (string keys).
 */
import { isPyFloat, pyFloat } from '../../formats/py-float.js';
import { isPyTuple, tuple } from '../../inventory/python-literal.js';
import { PythonError, typeError, UndefinedVariableError } from './errors.js';
import { dateArithmetic, dateOrder } from './datetimes.js';

export { isPyTuple, tuple, pyFloat, isPyFloat };

/** A dict: a plain object of the variables (not one of the template's own objects, which name their Python type). */
export function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Number) && !(value instanceof Undefined) && typeof (value as { pythonType?: unknown }).pythonType !== 'string';
}

/** A name or attribute that does not exist: fine to test (`is defined`, `default`), an error to use. */
export class Undefined {
  constructor(
    readonly name: string,
    /** Jinja2's message when the value is used: `'x' is undefined`, `'dict object' has no attribute 'y'` (made when needed). */
    private readonly message?: string | (() => string),
  ) {}
  get hint(): string {
    const message = this.message;
    return message === undefined ? `'${this.name}' is undefined` : typeof message === 'string' ? message : message();
  }
  fail(): never {
    throw new UndefinedVariableError(this.name, this.hint);
  }
  toString(): string {
    return this.fail();
  }
  toJSON(): never {
    return this.fail();
  }
  /** repr() of Ansible's AnsibleUndefined: the hint it was given (None when Jinja2 words it), the object asked (missing for a name) and the name. */
  pythonRepr(): string {
    return `AnsibleUndefined(hint=${this.message === undefined ? 'None' : repr(this.hint)}, obj=${this.objectRepr()}, name=${repr(this.name)})`;
  }
  protected objectRepr(): string {
    return 'missing';
  }
}

/** `x.name` where x has no such attribute: Jinja2's message names x's type (worded when shown). */
export class MissingAttribute extends Undefined {
  constructor(
    private readonly target: unknown,
    name: string,
    private readonly describe: (target: unknown) => string,
  ) {
    super(name);
  }
  override get hint(): string {
    return `'${this.describe(this.target)}' has no attribute '${this.name}'`;
  }
  override pythonRepr(): string {
    return `AnsibleUndefined(hint=None, obj=${this.objectRepr()}, name=${repr(this.name)})`;
  }
  protected override objectRepr(): string {
    return repr(this.target);
  }
}

/** Ansible's _fail_on_undefined, on what a template outputs: an undefined value at any depth is an error. */
export function failOnUndefined(value: unknown): void {
  if (value instanceof Undefined) value.fail();
  if (Array.isArray(value)) for (const item of value) failOnUndefined(item);
  else if (isMapping(value)) for (const item of Object.values(value)) failOnUndefined(item);
}

export const isUndefined = (value: unknown): value is Undefined => value === undefined || value instanceof Undefined;

export type PyType = 'NoneType' | 'bool' | 'int' | 'float' | 'str' | 'list' | 'tuple' | 'dict' | 'function' | 'object';

export function typeOf(value: unknown): PyType {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (isPyFloat(value)) return 'float';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  if (isPyTuple(value)) return 'tuple';
  if (Array.isArray(value)) return 'list';
  if (typeof value === 'function') return 'function';
  if (isMapping(value)) return 'dict';
  return 'object';
}

/** Python's name for the type, as in its error messages (a Jinja object names its own class). */
export function typeName(value: unknown): string {
  const type = typeOf(value);
  if (type === 'object') return (value as { pythonType?: string }).pythonType ?? (value as object).constructor?.name ?? 'object';
  if (value instanceof Undefined) return 'AnsibleUndefined';
  return type;
}

export const isNumber = (v: unknown): v is number | boolean => typeof v === 'number' || typeof v === 'boolean' || isPyFloat(v);
export const isFloat = (v: unknown) => typeOf(v) === 'float';
export const isIntLike = (v: unknown) => typeof v === 'boolean' || typeOf(v) === 'int';
export const isSequence = (v: unknown): v is unknown[] => Array.isArray(v);

export function checkDefined(value: unknown): void {
  if (value instanceof Undefined) value.fail();
}

export function truthy(value: unknown): boolean {
  checkDefined(value);
  if (value === null || value === undefined || value === false || value === '') return false;
  if (isNumber(value)) return Number(value) !== 0;
  if (Array.isArray(value)) return value.length > 0;
  if (isMapping(value)) return Object.keys(value).length > 0;
  return true;
}

/** Python's float repr: the shortest digits, fixed between 1e-4 and 1e16, `1e+16` outside. */
export function floatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, exp] = x.toExponential().split('e');
  const exponent = Number(exp);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace(/^-/, '').replace('.', '');
  let text: string;
  if (exponent >= -4 && exponent < 16) {
    if (exponent < 0) text = `0.${'0'.repeat(-exponent - 1)}${digits}`;
    else if (digits.length <= exponent + 1) text = `${digits}${'0'.repeat(exponent + 1 - digits.length)}.0`;
    else text = `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  } else {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    text = `${m}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return negative ? `-${text}` : text;
}

function stringRepr(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if ((code >= 0x80 && code < 0xa0) || code === 0xad) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return out + quote;
}

export function repr(value: unknown): string {
  if (value instanceof Undefined) return value.pythonRepr();
  switch (typeOf(value)) {
    case 'NoneType':
      return 'None';
    case 'bool':
      return value ? 'True' : 'False';
    case 'int':
      return String(value);
    case 'float':
      return floatRepr(Number(value));
    case 'str':
      return stringRepr(value as string);
    case 'tuple': {
      const items = (value as unknown[]).map(repr);
      return `(${items.join(', ')}${items.length === 1 ? ',' : ''})`;
    }
    case 'list':
      return `[${(value as unknown[]).map(repr).join(', ')}]`;
    case 'dict':
      return `{${Object.entries(value as object)
        .map(([k, v]) => `${repr(k)}: ${repr(v)}`)
        .join(', ')}}`;
    default:
      return (value as { pythonRepr?: () => string }).pythonRepr?.() ?? `<${typeName(value)} object>`;
  }
}

/** Python's str(). */
export function str(value: unknown): string {
  if (typeof value === 'string') return value;
  const own = (value as { pythonStr?: () => string } | null)?.pythonStr;
  return typeof own === 'function' ? own.call(value) : repr(value);
}

export function equals(a: unknown, b: unknown): boolean {
  if (a instanceof Undefined || b instanceof Undefined) return a === b;
  const [da, db] = [dateOrder(a), dateOrder(b)];
  if (da !== undefined || db !== undefined) return da === db && typeName(a) === typeName(b);
  if (isNumber(a) && isNumber(b)) return Number(a) === Number(b);
  const [ta, tb] = [typeOf(a), typeOf(b)];
  if (ta !== tb) return false;
  if (ta === 'list' || ta === 'tuple') {
    const [x, y] = [a as unknown[], b as unknown[]];
    return x.length === y.length && x.every((item, i) => equals(item, y[i]));
  }
  if (ta === 'dict') {
    const [x, y] = [a as Record<string, unknown>, b as Record<string, unknown>];
    const keys = Object.keys(x);
    return keys.length === Object.keys(y).length && keys.every((k) => k in y && equals(x[k], y[k]));
  }
  return a === b;
}

const COMPARE_NAMES: Record<string, string> = { '<': '<', '<=': '<=', '>': '>', '>=': '>=' };

/** -1, 0 or 1 as Python orders the two values, or a TypeError naming both types. */
export function compare(a: unknown, b: unknown, op = '<'): number {
  checkDefined(a);
  checkDefined(b);
  if (isNumber(a) && isNumber(b)) return Math.sign(Number(a) - Number(b)) || 0;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  const [da, db] = [dateOrder(a), dateOrder(b)];
  if (da !== undefined && db !== undefined && typeName(a) === typeName(b)) return Math.sign(da - db);
  const [ta, tb] = [typeOf(a), typeOf(b)];
  if (ta === tb && (ta === 'list' || ta === 'tuple')) {
    const [x, y] = [a as unknown[], b as unknown[]];
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      if (!equals(x[i], y[i])) return compare(x[i], y[i], op);
    }
    return Math.sign(x.length - y.length);
  }
  throw typeError(`'${COMPARE_NAMES[op] ?? op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
}

export function contains(container: unknown, item: unknown): boolean {
  checkDefined(container);
  checkDefined(item);
  if (typeof container === 'string') {
    if (typeof item !== 'string') throw typeError(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    return container.includes(item);
  }
  if (Array.isArray(container)) return container.some((x) => equals(x, item));
  if (isMapping(container)) {
    hashable(item);
    return typeof item === 'string' && Object.prototype.hasOwnProperty.call(container, item);
  }
  // a view of a dict (keys(), values(), items()) holds what it lists
  if (typeof container === 'object' && container !== null && Symbol.iterator in container) return [...(container as Iterable<unknown>)].some((x) => equals(x, item));
  throw typeError(`argument of type '${typeName(container)}' is not iterable`);
}

export function hashable(value: unknown): void {
  const type = typeOf(value);
  if (type === 'list' || type === 'dict') throw typeError(`unhashable type: '${type}'`);
  if (type === 'tuple') (value as unknown[]).forEach(hashable);
}

/** The items a `for` loop or a filter walks: a dict gives its keys, a string its characters. */
export function iterate(value: unknown): unknown[] {
  checkDefined(value);
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return [...value];
  if (isMapping(value)) return Object.keys(value);
  if (value && typeof (value as Iterable<unknown>)[Symbol.iterator] === 'function') return [...(value as Iterable<unknown>)];
  throw typeError(`'${typeName(value)}' object is not iterable`);
}

/** A number's value for arithmetic, with the float/int distinction kept by the caller. */
const num = (v: unknown) => Number(v);
const numeric = (a: unknown, b: unknown) => isNumber(a) && isNumber(b);
const floatResult = (a: unknown, b: unknown, value: number) => (isFloat(a) || isFloat(b) ? pyFloat(value) : value);

function unsupported(op: string, a: unknown, b: unknown): never {
  throw typeError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

function zeroDivision(detail: string): never {
  throw new PythonError('ZeroDivisionError', detail);
}

/** Python's floor and modulo: the result takes the divisor's sign. */
const pyMod = (a: number, b: number) => {
  const r = a % b;
  if (r === 0) return b < 0 ? -0 : 0;
  return r < 0 !== b < 0 ? r + b : r;
};

function repeat(sequence: unknown, times: unknown): unknown {
  const n = Math.max(0, num(times));
  if (typeof sequence === 'string') return sequence.repeat(n);
  const items = sequence as unknown[];
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) out.push(...items);
  return isPyTuple(sequence) ? tuple(out) : out;
}

export function binary(op: string, a: unknown, b: unknown): unknown {
  checkDefined(a);
  checkDefined(b);
  switch (op) {
    case '+':
      if (numeric(a, b)) return floatResult(a, b, num(a) + num(b));
      if (typeof a === 'string' && typeof b === 'string') return a + b;
      if (typeOf(a) === 'list' && typeOf(b) === 'list') return [...(a as unknown[]), ...(b as unknown[])];
      if (typeOf(a) === 'tuple' && typeOf(b) === 'tuple') return tuple([...(a as unknown[]), ...(b as unknown[])]);
      if (typeof a === 'string') throw typeError(`can only concatenate str (not "${typeName(b)}") to str`);
      if (typeOf(a) === 'list' || typeOf(a) === 'tuple') throw typeError(`can only concatenate ${typeOf(a)} (not "${typeName(b)}") to ${typeOf(a)}`);
      return dateArithmetic('+', a, b) ?? unsupported('+', a, b);
    case '-':
      if (numeric(a, b)) return floatResult(a, b, num(a) - num(b));
      return dateArithmetic('-', a, b) ?? unsupported('-', a, b);
    case '*':
      if (numeric(a, b)) return floatResult(a, b, num(a) * num(b));
      if (isIntLike(b) && (typeof a === 'string' || Array.isArray(a))) return repeat(a, b);
      if (isIntLike(a) && (typeof b === 'string' || Array.isArray(b))) return repeat(b, a);
      if ((typeof a === 'string' || Array.isArray(a) || typeof b === 'string' || Array.isArray(b)) && (isNumber(a) || isNumber(b))) {
        throw typeError(`can't multiply sequence by non-int of type '${typeName(isNumber(a) ? a : b)}'`);
      }
      return unsupported('*', a, b);
    case '/':
      if (!numeric(a, b)) return unsupported('/', a, b);
      if (num(b) === 0) zeroDivision('division by zero');
      return pyFloat(num(a) / num(b));
    case '//':
      if (!numeric(a, b)) return unsupported('//', a, b);
      if (num(b) === 0) zeroDivision(isFloat(a) || isFloat(b) ? 'float floor division by zero' : 'integer division or modulo by zero');
      return floatResult(a, b, Math.floor(num(a) / num(b)));
    case '%':
      if (typeof a === 'string') return percentFormat(a, b);
      if (!numeric(a, b)) return unsupported('%', a, b);
      if (num(b) === 0) zeroDivision(isFloat(a) || isFloat(b) ? 'float modulo' : 'integer division or modulo by zero');
      return floatResult(a, b, pyMod(num(a), num(b)));
    case '**': {
      if (!numeric(a, b)) return unsupported('** or pow()', a, b);
      if (num(a) === 0 && num(b) < 0) zeroDivision('0.0 cannot be raised to a negative power');
      const value = num(a) ** num(b);
      if (!Number.isFinite(value) && Number.isFinite(num(a)) && Number.isFinite(num(b)) && (isFloat(a) || isFloat(b))) throw new PythonError('OverflowError', "(34, 'Numerical result out of range')");
      return isFloat(a) || isFloat(b) || num(b) < 0 ? pyFloat(value) : value;
    }
    default:
      throw new Error(`unknown operator ${op}`);
  }
}

export function negate(op: '-' | '+', value: unknown): unknown {
  checkDefined(value);
  if (!isNumber(value)) throw typeError(`bad operand type for unary ${op}: '${typeName(value)}'`);
  const n = op === '-' ? -num(value) : num(value);
  return isFloat(value) ? pyFloat(n) : n;
}

/** Python's `'%s-%d' % (a, b)` and `'%(name)s' % dict`. */
export function percentFormat(format: string, args: unknown): string {
  const isTuple = isPyTuple(args);
  const values = isTuple ? [...(args as unknown[])] : [args];
  // Python takes any non-tuple, non-string object with items as a mapping: then unused is fine
  const mappingLike = !isTuple && typeof args !== 'string' && (isMapping(args) || Array.isArray(args));
  let index = 0;
  const nextValue = () => {
    if (index >= values.length) throw typeError('not enough arguments for format string');
    return values[index++];
  };
  const byKey = (key: string) => {
    if (!isMapping(args)) throw typeError('format requires a mapping');
    if (!(key in args)) throw new PythonError('KeyError', repr(key));
    return (args as Record<string, unknown>)[key];
  };
  const out = format.replace(/%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([diouxXeEfFgGcrsa%])?/g, (whole, key: string | undefined, flags: string, width: string | undefined, precision: string | undefined, conversion: string | undefined) => {
    if (conversion === undefined) throw valueErrorOf(format[format.indexOf(whole) + whole.length] ?? 'incomplete');
    if (conversion === '%') return '%';
    const w = width === '*' ? num(nextValue()) : width ? Number(width) : 0;
    const p = precision === '*' ? num(nextValue()) : precision !== undefined ? Number(precision) : undefined;
    const value = key !== undefined ? byKey(key) : nextValue();
    let text = formatOne(conversion, value, flags, p);
    if (text.length < w) {
      if (flags.includes('-')) text = text.padEnd(w);
      else if (flags.includes('0') && /[diouxXeEfFgG]/.test(conversion)) {
        const sign = /^[-+ ]/.test(text) ? text[0] : '';
        text = sign + text.slice(sign.length).padStart(w - sign.length, '0');
      } else text = text.padStart(w);
    }
    return text;
  });
  if (index < values.length && !mappingLike) throw typeError('not all arguments converted during string formatting');
  return out;
}

function formatOne(conversion: string, value: unknown, flags: string, precision: number | undefined): string {
  const sign = (n: number, text: string) => (n >= 0 || Object.is(n, 0) ? (flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '') + text : text);
  switch (conversion) {
    case 's':
      return precision === undefined ? str(value) : str(value).slice(0, precision);
    case 'r':
    case 'a':
      return repr(value);
    case 'd':
    case 'i':
    case 'u': {
      if (!isNumber(value)) throw typeError(`%${conversion} format: a real number is required, not ${typeName(value)}`);
      const n = Math.trunc(num(value));
      return sign(n, String(n));
    }
    case 'x':
    case 'X':
    case 'o': {
      if (!isIntLike(value)) throw typeError(`%${conversion} format: an integer is required, not ${typeName(value)}`);
      const n = num(value);
      const text = Math.abs(n).toString(conversion === 'o' ? 8 : 16);
      const prefixed = (flags.includes('#') ? (conversion === 'o' ? '0o' : conversion === 'x' ? '0x' : '0X') : '') + (conversion === 'X' ? text.toUpperCase() : text);
      return n < 0 ? `-${prefixed}` : sign(n, prefixed);
    }
    case 'f':
    case 'F':
    case 'e':
    case 'E':
    case 'g':
    case 'G': {
      if (!isNumber(value)) throw typeError(`must be real number, not ${typeName(value)}`);
      const n = num(value);
      return sign(n, formatFloat(n, conversion, precision ?? 6, flags.includes('#')));
    }
    case 'c':
      if (typeof value === 'string' && [...value].length === 1) return value;
      if (isIntLike(value)) return String.fromCodePoint(num(value));
      throw typeError('%c requires int or char');
    default:
      throw valueErrorOf(conversion);
  }
}

function valueErrorOf(conversion: string): PythonError {
  return new PythonError('ValueError', `unsupported format character '${conversion}'`);
}

/** printf-style float formatting, as Python's %f, %e and %g. */
export function formatFloat(n: number, conversion: string, precision: number, alternate = false): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'nan' : n > 0 ? 'inf' : '-inf';
  const exp = (text: string) => text.replace(/e([+-])(\d)$/, 'e$10$2');
  let text: string;
  const lower = conversion.toLowerCase();
  if (lower === 'f') text = n.toFixed(precision);
  else if (lower === 'e') text = exp(n.toExponential(precision));
  else {
    const p = precision === 0 ? 1 : precision;
    const exponent = n === 0 ? 0 : Math.floor(Math.log10(Math.abs(Number(n.toExponential(p - 1)))));
    if (exponent < -4 || exponent >= p) text = exp(n.toExponential(p - 1));
    else text = n.toFixed(Math.max(0, p - 1 - exponent));
    if (!alternate) text = text.replace(/(\.\d*?)0+(e|$)/, '$1$2').replace(/\.(e|$)/, '$1');
  }
  return conversion === conversion.toUpperCase() ? text.toUpperCase() : text;
}
