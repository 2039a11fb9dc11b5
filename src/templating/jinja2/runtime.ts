/**
 * Evaluates parsed templates: expressions to values with Python's semantics, statements to
 * text, with Jinja2's scoping (a `set` inside a loop or macro stays there; namespaces carry
 * values out), its attribute and item lookup rules, and Ansible's undefined variables.
 */
import type { Args, Expr, Param, Stmt, Target } from './ast.js';
import { PyFunction, type Kwargs } from './callables.js';
import { TemplateError, TemplateSyntaxError, typeError, valueError } from './errors.js';
import { DictView, isDictMethod, methodOf } from './methods.js';
import {
  binary,
  checkDefined,
  compare,
  contains,
  equals,
  isMapping,
  isPyTuple,
  iterate,
  negate,
  str,
  truthy,
  tuple,
  typeName,
  typeOf,
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

/** Where names come from: a template's own scopes first, then the variables, then the globals. */
export class Context {
  constructor(
    readonly environment: Environment,
    readonly variable: (name: string) => unknown,
  ) {}
}

class Scope {
  readonly vars = new Map<string, unknown>();
  constructor(readonly parent?: Scope) {}
  lookup(name: string): unknown {
    for (let scope: Scope | undefined = this; scope; scope = scope.parent) if (scope.vars.has(name)) return scope.vars.get(name);
    return NOT_FOUND;
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

const noAttribute = (target: unknown, name: string) => new Undefined(name, () => `'${objectTypeRepr(target)}' has no attribute '${name}'`);

/** `x.name`: Python's attribute first (methods), then the item, as Jinja2's getattr. */
export function getAttribute(target: unknown, name: string): unknown {
  if (target instanceof Undefined) return target;
  // the common case first: a key of a dict that is no dict method's name
  if (isMapping(target) && !isDictMethod(name)) return Object.prototype.hasOwnProperty.call(target, name) ? target[name] : noAttribute(target, name);
  if (target === undefined) return new Undefined(name);
  if (hasAttributes(target)) return target.attribute(name);
  if (target instanceof Namespace) return name in target.attrs ? target.attrs[name] : noAttribute(target, name);
  const method = methodOf(target, name);
  if (method) return method;
  if (isMapping(target) && Object.prototype.hasOwnProperty.call(target, name)) return target[name];
  return noAttribute(target, name);
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
class LoopContext implements HasAttributes {
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

/** A `{% macro %}`: called like a function, renders its body with the arguments bound. */
class Macro extends PyFunction {
  constructor(
    name: string,
    params: Param[],
    body: Stmt[],
    renderer: Renderer,
    scope: Scope,
  ) {
    super(name, (args, kwargs) => {
      const local = new Scope(scope);
      const rest = { ...kwargs };
      params.forEach((param, i) => {
        if (i < args.length) local.vars.set(param.name, args[i]);
        else if (param.name in rest) local.vars.set(param.name, rest[param.name]);
        else if (param.default) local.vars.set(param.name, renderer.evaluate(param.default, local));
        else local.vars.set(param.name, new Undefined(param.name, `parameter '${param.name}' was not provided`));
        delete rest[param.name];
      });
      const body_ = body;
      const usesCaller = 'caller' in rest;
      if (usesCaller) {
        local.vars.set('caller', rest.caller);
        delete rest.caller;
      }
      local.vars.set('varargs', tuple(args.slice(params.length)));
      local.vars.set('kwargs', rest);
      if (args.length > params.length && !renderer.mentions(body_, 'varargs')) throw typeError(`macro '${name}' takes not more than ${params.length} argument(s)`);
      const unknown = Object.keys(rest);
      if (unknown.length && !renderer.mentions(body_, 'kwargs')) throw typeError(`macro '${name}' takes no keyword argument '${unknown[0]}'`);
      return renderer.renderBody(body_, local);
    });
  }
}

/** A call without arguments (most filters and tests): nothing to allocate; callees never change it. */
const NO_ARGUMENTS: [unknown[], Kwargs] = [Object.freeze([] as unknown[]) as unknown[], Object.freeze({}) as Kwargs];

export class Renderer {
  private readonly mentionCache = new WeakMap<Stmt[], Set<string>>();
  constructor(readonly context: Context) {}

  private lookup(name: string, scope: Scope): unknown {
    const local = scope.lookup(name);
    if (local !== NOT_FOUND) return local;
    const value = this.context.variable(name);
    if (value !== NOT_FOUND) return value;
    if (name in this.context.environment.globals) return this.context.environment.globals[name];
    return new Undefined(name);
  }

  evaluate(expr: Expr, scope: Scope): unknown {
    switch (expr.kind) {
      case 'const':
        return expr.value;
      case 'name':
        return this.lookup(expr.name, scope);
      case 'list':
        return expr.items.map((item) => this.evaluate(item, scope));
      case 'tuple':
        return tuple(expr.items.map((item) => this.evaluate(item, scope)));
      case 'dict': {
        const out: Record<string, unknown> = {};
        for (const [k, v] of expr.pairs) {
          const key = this.evaluate(k, scope);
          checkDefined(key);
          if (typeOf(key) === 'list' || typeOf(key) === 'dict') throw typeError(`unhashable type: '${typeOf(key)}'`);
          out[str(key)] = this.evaluate(v, scope);
        }
        return out;
      }
      case 'getattr':
        return getAttribute(this.evaluate(expr.target, scope), expr.attr);
      case 'getitem':
        return getItem(this.evaluate(expr.target, scope), this.evaluate(expr.key, scope));
      case 'slice': {
        const part = (e?: Expr) => (e ? this.evaluate(e, scope) : null);
        return slice(this.evaluate(expr.target, scope), part(expr.start), part(expr.stop), part(expr.step));
      }
      case 'call': {
        const callee = this.evaluate(expr.callee, scope);
        const [args, kwargs] = this.arguments(expr.args, scope);
        return callValue(callee, args, kwargs);
      }
      case 'filter':
        return this.filter(expr.name, this.evaluate(expr.subject, scope), expr.args, scope, expr.line);
      case 'test': {
        const result = this.test(expr.name, this.evaluate(expr.subject, scope), expr.args, scope, expr.line);
        return expr.negated ? !result : result;
      }
      case 'unary': {
        const value = this.evaluate(expr.operand, scope);
        return expr.op === 'not' ? !truthy(value) : negate(expr.op, value);
      }
      case 'binary':
        return binary(expr.op, this.evaluate(expr.left, scope), this.evaluate(expr.right, scope));
      case 'and': {
        const left = this.evaluate(expr.left, scope);
        return truthy(left) ? this.evaluate(expr.right, scope) : left;
      }
      case 'or': {
        const left = this.evaluate(expr.left, scope);
        return truthy(left) ? left : this.evaluate(expr.right, scope);
      }
      case 'compare': {
        let left = this.evaluate(expr.first, scope);
        for (const { op, operand } of expr.ops) {
          const right = this.evaluate(operand, scope);
          if (!compareOnce(op, left, right)) return false;
          left = right;
        }
        return true;
      }
      case 'concat':
        return expr.items.map((item) => str(this.evaluate(item, scope))).join('');
      case 'cond': {
        if (truthy(this.evaluate(expr.test, scope))) return this.evaluate(expr.then, scope);
        if (expr.otherwise) return this.evaluate(expr.otherwise, scope);
        // Jinja2's undefined for a false `x if y` without else: Ansible prints it as nothing
        return null;
      }
    }
  }

  private arguments(args: Args, scope: Scope): [unknown[], Kwargs] {
    if (!args.positional.length && !args.keywords.length && !args.star && !args.starstar) return NO_ARGUMENTS;
    const positional = args.positional.map((a) => this.evaluate(a, scope));
    if (args.star) positional.push(...iterate(this.evaluate(args.star, scope)));
    const kwargs: Kwargs = {};
    for (const [name, value] of args.keywords) kwargs[name] = this.evaluate(value, scope);
    if (args.starstar) {
      const extra = this.evaluate(args.starstar, scope);
      if (!isMapping(extra)) throw typeError(`argument after ** must be a mapping, not ${typeName(extra)}`);
      Object.assign(kwargs, extra);
    }
    return [positional, kwargs];
  }

  filter(name: string, value: unknown, args: Args, scope: Scope, line: number): unknown {
    const filter = this.context.environment.filters.get(name);
    if (!filter) throw new TemplateSyntaxError(`Could not load "${name}": 'Invalid filter plugin name: ${name}'`, line);
    if (!filter.lenient) checkDefined(value);
    const [positional, kwargs] = this.arguments(args, scope);
    return filter.fn(value, positional, kwargs, this.context);
  }

  test(name: string, value: unknown, args: Args, scope: Scope, line: number): boolean {
    const test = this.context.environment.tests.get(name);
    if (!test) throw new TemplateSyntaxError(`Could not load "${name}": 'Invalid test plugin name: ${name}'`, line);
    if (!test.lenient) checkDefined(value);
    const [positional, kwargs] = this.arguments(args, scope);
    return test.fn(value, positional, kwargs, this.context);
  }

  /** Whether a body names a variable (a macro takes varargs/kwargs only if its body uses them). */
  mentions(body: Stmt[], name: string): boolean {
    let names = this.mentionCache.get(body);
    if (!names) {
      names = new Set<string>();
      collectNames(body, names);
      this.mentionCache.set(body, names);
    }
    return names.has(name);
  }

  render(body: Stmt[]): string {
    return this.renderBody(body, new Scope());
  }

  /** A bare expression's value (`when:`), in a scope of its own. */
  value(expr: Expr): unknown {
    return this.evaluate(expr, new Scope());
  }

  renderBody(body: Stmt[], scope: Scope): string {
    const out: string[] = [];
    this.run(body, scope, out);
    return out.join('');
  }

  private assign(target: Target, value: unknown, scope: Scope): void {
    if (target.kind === 'name') scope.vars.set(target.name, value);
    else if (target.kind === 'nsattr') {
      const ns = this.lookup(target.name, scope);
      if (!(ns instanceof Namespace)) throw new TemplateError('cannot assign attribute on non-namespace object');
      ns.attrs[target.attr] = value;
    } else {
      const items = iterate(value);
      if (items.length !== target.items.length) {
        throw valueError(items.length > target.items.length ? `too many values to unpack (expected ${target.items.length})` : `not enough values to unpack (expected ${target.items.length}, got ${items.length})`);
      }
      target.items.forEach((t, i) => this.assign(t, items[i], scope));
    }
  }

  private run(body: Stmt[], scope: Scope, out: string[]): void {
    for (const stmt of body) {
      switch (stmt.kind) {
        case 'output':
          out.push(stmt.text);
          break;
        case 'print':
          out.push(finalize(this.evaluate(stmt.expr, scope)));
          break;
        case 'if': {
          const branch = stmt.branches.find((b) => truthy(this.evaluate(b.test, scope)));
          this.run(branch ? branch.body : stmt.otherwise, scope, out);
          break;
        }
        case 'for':
          this.forLoop(stmt, scope, out);
          break;
        case 'set':
          this.assign(stmt.target, this.evaluate(stmt.value, scope), scope);
          break;
        case 'setblock': {
          let value: unknown = this.renderBody(stmt.body, new Scope(scope));
          value = this.applyFilters(stmt.filters, value, scope);
          this.assign(stmt.target, value, scope);
          break;
        }
        case 'macro':
          scope.vars.set(stmt.name, new Macro(stmt.name, stmt.params, stmt.body, this, scope));
          break;
        case 'callblock': {
          const call = stmt.call as Extract<Expr, { kind: 'call' }>;
          const caller = new Macro('caller', stmt.params, stmt.body, this, scope);
          const callee = this.evaluate(call.callee, scope);
          const [args, kwargs] = this.arguments(call.args, scope);
          out.push(finalize(callValue(callee, args, { ...kwargs, caller })));
          break;
        }
        case 'filterblock':
          out.push(str(this.applyFilters(stmt.filters, this.renderBody(stmt.body, new Scope(scope)), scope)));
          break;
        case 'with': {
          const local = new Scope(scope);
          for (const [target, value] of stmt.assignments) this.assign(target, this.evaluate(value, scope), local);
          this.run(stmt.body, local, out);
          break;
        }
      }
    }
  }

  private applyFilters(filters: { name: string; args: Args; line: number }[], value: unknown, scope: Scope): unknown {
    for (const f of filters) value = this.filter(f.name, value, f.args, scope, f.line);
    return value;
  }

  private forLoop(stmt: Extract<Stmt, { kind: 'for' }>, scope: Scope, out: string[], items?: unknown[], depth0 = 0): void {
    let all = items ?? iterate(this.evaluate(stmt.iter, scope));
    if (stmt.filter) {
      all = all.filter((item) => {
        const probe = new Scope(scope);
        this.assign(stmt.target, item, probe);
        return truthy(this.evaluate(stmt.filter!, probe));
      });
    }
    const recurse = stmt.recursive
      ? new PyFunction('loop', (args) => {
          const inner: string[] = [];
          this.forLoop(stmt, scope, inner, iterate(args[0]), depth0 + 1);
          return inner.join('');
        })
      : undefined;
    const loop = new LoopContext(all, depth0, recurse);
    const loopValue = recurse ? new PyFunction('loop', (args, kwargs) => recurse.call(args, kwargs)) : loop;
    if (recurse) Object.assign(loopValue, { attribute: (name: string) => loop.attribute(name) });
    for (const item of all) {
      loop.index0++;
      const local = new Scope(scope);
      local.vars.set('loop', loopValue);
      this.assign(stmt.target, item, local);
      this.run(stmt.body, local, out);
    }
    if (all.length === 0) this.run(stmt.otherwise, scope, out);
  }
}

function compareOnce(op: string, left: unknown, right: unknown): boolean {
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
  if (value === null) return '';
  if (value instanceof DictView) return str([...value.items]);
  return str(value);
}

function collectNames(body: Stmt[], names: Set<string>): void {
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) {
      node.forEach(walk);
      return;
    }
    const record = node as Record<string, unknown>;
    if (record.kind === 'name' && typeof record.name === 'string') names.add(record.name);
    for (const value of Object.values(record)) if (value && typeof value === 'object') walk(value);
  };
  walk(body);
}

