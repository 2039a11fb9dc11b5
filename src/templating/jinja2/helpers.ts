/** What compiled templates call (the `h` of ./compiler.ts): Python's semantics over deployer's values. */
import { PyFunction, type Impl, type Kwargs } from './callables.js';
import { TemplateError, TemplateSyntaxError, typeError, valueError } from './errors.js';
import { attributeDefined, callValue, compareOnce, ContextFunction, finalize, getAttribute, getItem, LoopContext, Namespace, NOT_FOUND, slice, type Context } from './runtime.js';
import { binary, checkDefined, isMapping, iterate, negate, str, truthy, tuple, typeName, typeOf, Undefined } from './values.js';

/** A template variable not set yet (a `set` in a branch not taken, a macro argument not given). */
const M = Symbol('not set');

function lookup(context: Context, name: string): unknown {
  const value = context.variable(name);
  if (value !== NOT_FOUND) return value;
  const globals = context.environment.globals;
  if (name in globals) {
    const global = globals[name];
    return global instanceof ContextFunction ? global.bind(context) : global;
  }
  return new Undefined(name);
}

function filter(context: Context, name: string, value: unknown, args: unknown[], kwargs: Kwargs, line: number): unknown {
  const found = context.environment.filters.get(name);
  if (!found) throw new TemplateSyntaxError(`Could not load "${name}": 'Invalid filter plugin name: ${name}'`, line);
  if (!found.lenient) checkDefined(value);
  return found.fn(value, args, kwargs, context);
}

function test(context: Context, name: string, value: unknown, args: unknown[], kwargs: Kwargs, line: number): boolean {
  const found = context.environment.tests.get(name);
  if (!found) throw new TemplateSyntaxError(`Could not load "${name}": 'Invalid test plugin name: ${name}'`, line);
  if (!found.lenient) checkDefined(value);
  return found.fn(value, args, kwargs, context);
}

/** A dict literal from [key, value, key, value, ...]: keys must be defined and hashable. */
function dict(flat: unknown[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < flat.length; i += 2) {
    const key = flat[i];
    checkDefined(key);
    if (typeOf(key) === 'list' || typeOf(key) === 'dict') throw typeError(`unhashable type: '${typeOf(key)}'`);
    out[str(key)] = flat[i + 1];
  }
  return out;
}

function unpack(value: unknown, count: number): unknown[] {
  const items = iterate(value);
  if (items.length !== count) {
    throw valueError(items.length > count ? `too many values to unpack (expected ${count})` : `not enough values to unpack (expected ${count}, got ${items.length})`);
  }
  return items;
}

function nsset(target: unknown, attr: string, value: unknown): void {
  if (!(target instanceof Namespace)) throw new TemplateError('cannot assign attribute on non-namespace object');
  target.attrs[attr] = value;
}

function withKwargs(kwargs: Kwargs, extra: unknown): Kwargs {
  if (!isMapping(extra)) throw typeError(`argument after ** must be a mapping, not ${typeName(extra)}`);
  return { ...kwargs, ...extra };
}

/** A for loop's `loop`: its state, and what the template sees (callable too when the loop is recursive). */
function loop(items: unknown[], depth0: number, recurse: PyFunction | undefined): { state: LoopContext; value: unknown } {
  const state = new LoopContext(items, depth0, recurse);
  const value = recurse ? Object.assign(new PyFunction('loop', (args, kwargs) => recurse.call(args, kwargs)), { attribute: (name: string) => state.attribute(name) }) : state;
  return { state, value };
}

/** A macro: arguments bound by position or name; what is not given arrives as M. */
function macro(name: string, params: string[], takesVarargs: boolean, takesKwargs: boolean, body: (...values: unknown[]) => string): PyFunction {
  return new PyFunction(name, (args, kwargs) => {
    const rest = { ...kwargs };
    const values = params.map((param, i) => {
      if (i < args.length) return args[i];
      if (param in rest) {
        const value = rest[param];
        delete rest[param];
        return value;
      }
      return M;
    });
    const caller = 'caller' in rest ? rest.caller : M;
    delete rest.caller;
    if (args.length > params.length && !takesVarargs) throw typeError(`macro '${name}' takes not more than ${params.length} argument(s)`);
    const unknown = Object.keys(rest);
    if (unknown.length && !takesKwargs) throw typeError(`macro '${name}' takes no keyword argument '${unknown[0]}'`);
    return body(...values, tuple(args.slice(params.length)), rest, caller);
  });
}

export const helpers = {
  M,
  NO_ARGS: Object.freeze([] as unknown[]) as unknown[],
  NO_KWARGS: Object.freeze({}) as Kwargs,
  lookup,
  filter,
  test,
  dict,
  unpack,
  nsset,
  withKwargs,
  loop,
  macro,
  fn: (name: string, impl: Impl) => new PyFunction(name, impl),
  missingParameter: (name: string) => new Undefined(name, `parameter '${name}' was not provided`),
  getattr: getAttribute,
  attributeDefined,
  getitem: getItem,
  slice,
  call: callValue,
  compare: compareOnce,
  finalize,
  iterate,
  tuple,
  truthy,
  negate,
  binary,
  str,
};
