/**
 * What compiled templates run on: Jinja2's attribute and item lookup rules, the loop,
 * namespace and cycler objects, comparisons, and Ansible's finalize of printed values.
 */
import { PyFunction, type Kwargs } from './callables.js';
import { typeError, valueError } from './errors.js';
import { DictView, isDictMethod, methodOf } from './methods.js';
import {
  checkDefined,
  compare,
  contains,
  equals,
  failOnUndefined,
  isMapping,
  isPyTuple,
  str,
  tuple,
  typeName,
  typeOf,
  MissingAttribute,
  Undefined,
} from './values.js';

export type Filter = (value: unknown, args: unknown[], kwargs: Kwargs, context: Context) => unknown;
export type Test = (value: unknown, args: unknown[], kwargs: Kwargs, context: Context) => boolean;

export interface Environment {
  filters: Map<string, { fn: Filter; lenient?: boolean }>;
  tests: Map<string, { fn: Test; lenient?: boolean }>;
  globals: Record<string, unknown>;
}

/** Returned by a variable source for a name it does not have. */
export const NOT_FOUND = Symbol('not a variable');

/** Runs a lookup plugin for `lookup()`/`query()`: the caller of the template knows what lookups need. */
export type LookupRunner = (name: string, args: unknown[], kwargs: Kwargs, wantlist: boolean) => unknown;

/** Where names come from: a template's own scopes first, then the variables, then the globals. */
export class Context {
  constructor(
    readonly environment: Environment,
    readonly variable: (name: string) => unknown,
    readonly lookups?: LookupRunner,
  ) {}
}

/** A global that needs the template's context (Jinja2's pass_context): bound to it when named. */
export class ContextFunction {
  constructor(
    readonly name: string,
    readonly impl: (context: Context, args: unknown[], kwargs: Kwargs) => unknown,
  ) {}
  bind(context: Context): PyFunction {
    return new PyFunction(this.name, (args, kwargs) => this.impl(context, args, kwargs));
  }
}

/** `namespace()`: the one object a template may set attributes on, to carry values out of a loop. */
export class Namespace {
  readonly pythonType = 'Namespace';
  constructor(readonly attrs: Record<string, unknown>) {}
  pythonRepr(): string {
    return `<Namespace ${JSON.stringify(this.attrs)}>`;
  }
}

/** Objects with attributes of their own (loop, cycler, joiner): `x.name` reads them. */
export interface HasAttributes {
  attribute(name: string): unknown;
}
const hasAttributes = (value: unknown): value is HasAttributes => typeof (value as HasAttributes)?.attribute === 'function';

/** Jinja2's object_type_repr: how an error names the type of an object. */
function objectTypeRepr(value: unknown): string {
  if (value === null) return 'None';
  return `${typeName(value)} object`;
}

const noAttribute = (target: unknown, name: string) => new MissingAttribute(target, name, objectTypeRepr);

/** `x.name`: Python's attribute first (methods), then the item, as Jinja2's getattr. */
export function getAttribute(target: unknown, name: string): unknown {
  // the common case first: a dict of the variables (a plain object), a key that names no dict method
  if (typeof target === 'object' && target !== null && Object.getPrototypeOf(target) === Object.prototype && !isDictMethod(name)) {
    return Object.prototype.hasOwnProperty.call(target, name) ? (target as Record<string, unknown>)[name] : noAttribute(target, name);
  }
  if (target instanceof Undefined) return target;
  // the common case first: a key of a dict that is no dict method's name
  if (isMapping(target)) {
    if (isDictMethod(name)) return methodOf(target, name);
    return Object.prototype.hasOwnProperty.call(target, name) ? target[name] : noAttribute(target, name);
  }
  if (target === undefined) return new Undefined(name);
  if (hasAttributes(target)) {
    // an object without such an attribute (a datetime's) says so with undefined
    const value = target.attribute(name);
    return value === undefined ? noAttribute(target, name) : value;
  }
  if (target instanceof Namespace) return name in target.attrs ? target.attrs[name] : noAttribute(target, name);
  const method = methodOf(target, name);
  if (method) return method;
  if (isMapping(target) && Object.prototype.hasOwnProperty.call(target, name)) return target[name];
  return noAttribute(target, name);
}

/** `x.name is defined`, without making the undefined value when it is not. */
export function attributeDefined(target: unknown, name: string): boolean {
  if (typeof target === 'object' && target !== null && Object.getPrototypeOf(target) === Object.prototype) {
    return isDictMethod(name) || Object.prototype.hasOwnProperty.call(target, name);
  }
  return !(getAttribute(target, name) instanceof Undefined);
}

/** `x[key]`: the item first, then (for a string key) the attribute, as Jinja2's getitem. */
export function getItem(target: unknown, key: unknown): unknown {
  if (target instanceof Undefined) return target;
  checkDefined(key);
  if (isMapping(target)) {
    if (typeof key === 'string' && Object.prototype.hasOwnProperty.call(target, key)) return target[key];
    if (typeof key === 'string') return getAttribute(target, key);
    if (typeOf(key) === 'list' || typeOf(key) === 'dict') throw typeError(`unhashable type: '${typeOf(key)}'`);
    return new Undefined(String(key), `${objectTypeRepr(target)} has no element ${str(key)}`);
  }
  if (Array.isArray(target) || typeof target === 'string') {
    if (typeof key === 'number' || typeof key === 'boolean') {
      const items = typeof target === 'string' ? [...target] : target;
      const index = Number(key) < 0 ? items.length + Number(key) : Number(key);
      if (Number.isInteger(Number(key)) && index >= 0 && index < items.length) return items[index];
      if (!Number.isInteger(Number(key))) return new Undefined(String(key), `${objectTypeRepr(target)} has no element ${str(key)}`);
      return new Undefined(String(key), `${objectTypeRepr(target)} has no element ${key}`);
    }
    if (typeof key === 'string') return getAttribute(target, key);
    return new Undefined(str(key), `${objectTypeRepr(target)} has no element ${str(key)}`);
  }
  if (typeof key === 'string') return getAttribute(target, key);
  return new Undefined(str(key), `${objectTypeRepr(target)} has no element ${str(key)}`);
}

/** Python's slice of a string, list or tuple. */
export function slice(value: unknown, start: unknown, stop: unknown, step: unknown): unknown {
  checkDefined(value);
  for (const part of [start, stop, step]) {
    if (part !== null && typeOf(part) !== 'int' && typeof part !== 'boolean') throw typeError('slice indices must be integers or None or have an __index__ method');
  }
  if (typeof value !== 'string' && !Array.isArray(value)) throw typeError(`'${typeName(value)}' object is not subscriptable`);
  const items = typeof value === 'string' ? [...value] : value;
  const n = items.length;
  const by = step === null ? 1 : Number(step);
  if (by === 0) throw valueError('slice step cannot be zero');
  const clamp = (i: number, low: number, high: number) => Math.min(Math.max(i, low), high);
  const norm = (i: unknown, fallback: number, low: number, high: number) => (i === null ? fallback : clamp(Number(i) < 0 ? Number(i) + n : Number(i), low, high));
  const out: unknown[] = [];
  if (by > 0) for (let i = norm(start, 0, 0, n); i < norm(stop, n, 0, n); i += by) out.push(items[i]);
  else for (let i = norm(start, n - 1, -1, n - 1); i > norm(stop, -1, -1, n - 1); i += by) out.push(items[i]);
  if (typeof value === 'string') return out.join('');
  return isPyTuple(value) ? tuple(out) : out;
}

export function callValue(callee: unknown, args: unknown[], kwargs: Kwargs): unknown {
  checkDefined(callee);
  if (callee instanceof PyFunction) return callee.call(args, kwargs);
  throw typeError(`'${typeName(callee)}' object is not callable`);
}

/** The loop variable of a `for`: index, first, last, cycle(), previtem, changed(), ... */
export class LoopContext implements HasAttributes {
  readonly pythonType = 'LoopContext';
  index0 = -1;
  private lastChanged: unknown[] | undefined;
  constructor(
    private readonly items: unknown[],
    readonly depth0: number,
    private readonly recurse?: PyFunction,
  ) {}
  attribute(name: string): unknown {
    const n = this.items.length;
    const i = this.index0;
    switch (name) {
      case 'index0':
        return i;
      case 'index':
        return i + 1;
      case 'revindex':
        return n - i;
      case 'revindex0':
        return n - i - 1;
      case 'first':
        return i === 0;
      case 'last':
        return i === n - 1;
      case 'length':
        return n;
      case 'depth':
        return this.depth0 + 1;
      case 'depth0':
        return this.depth0;
      case 'previtem':
        return i > 0 ? this.items[i - 1] : new Undefined('previtem', 'there is no previous item');
      case 'nextitem':
        return i < n - 1 ? this.items[i + 1] : new Undefined('nextitem', 'there is no next item');
      case 'cycle':
        return new PyFunction('loop.cycle', (args) => {
          if (!args.length) throw typeError('no items for cycling given');
          return args[i % args.length];
        });
      case 'changed':
        return new PyFunction('loop.changed', (args) => {
          if (this.lastChanged && args.length === this.lastChanged.length && args.every((a, k) => equals(a, this.lastChanged![k]))) return false;
          this.lastChanged = args;
          return true;
        });
      case '__call__':
        return this.recurse;
      default:
        return noAttribute(this, name);
    }
  }
}

export class Cycler implements HasAttributes {
  readonly pythonType = 'Cycler';
  private position = 0;
  constructor(private readonly items: unknown[]) {}
  attribute(name: string): unknown {
    if (name === 'current') return this.items[this.position];
    if (name === 'next')
      return new PyFunction('cycler.next', () => {
        const value = this.items[this.position];
        this.position = (this.position + 1) % this.items.length;
        return value;
      });
    if (name === 'reset')
      return new PyFunction('cycler.reset', () => {
        this.position = 0;
        return null;
      });
    return noAttribute(this, name);
  }
}

export function compareOnce(op: string, left: unknown, right: unknown): boolean {
  switch (op) {
    case '==':
      checkDefined(left);
      checkDefined(right);
      return equals(left, right);
    case '!=':
      checkDefined(left);
      checkDefined(right);
      return !equals(left, right);
    case 'in':
      return contains(right, left);
    case 'not in':
      return !contains(right, left);
    default: {
      const order = compare(left, right, op);
      return op === '<' ? order < 0 : op === '<=' ? order <= 0 : op === '>' ? order > 0 : order >= 0;
    }
  }
}

/** Ansible's finalize: None prints as nothing, views and ranges as the lists they hold. */
export function finalize(value: unknown): string {
  failOnUndefined(value);
  if (value === null) return '';
  if (value instanceof DictView) return str([...value.items]);
  return str(value);
}
