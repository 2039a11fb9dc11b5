/** How filters and tests are declared: a Python signature (the subject first) and a function. */
import { binder, REQUIRED, type Kwargs } from '../callables.js';
import type { Context, Environment, Filter, Test } from '../runtime.js';

export type Params = [string, unknown][];

const hasKeywords = (kwargs: Kwargs) => {
  for (const _key in kwargs) return true;
  return false;
};

/**
 * Calls `fn(value, ...parameters)`: a signature of at most two plain parameters called with
 * positional arguments only (`default('x')`, `join(',')`, most calls) takes a path without the
 * general binder's arrays; anything else goes through it.
 */
function caller(what: string, params: Params, fn: (...v: unknown[]) => unknown, withContext: boolean): (value: unknown, args: unknown[], kwargs: Kwargs, context: Context) => unknown {
  const bind = binder(what, params);
  const general = (value: unknown, args: unknown[], kwargs: Kwargs, context: Context) => (withContext ? fn(value, ...bind(args, kwargs), context) : fn(value, ...bind(args, kwargs)));
  const simple = !withContext && params.length <= 2 && params.every(([name, fallback]) => !name.startsWith('*') && fallback !== REQUIRED);
  if (!simple) return general;
  const [first, second] = [params[0]?.[1], params[1]?.[1]];
  if (params.length === 0) return (value, args, kwargs, context) => (args.length || hasKeywords(kwargs) ? general(value, args, kwargs, context) : fn(value));
  if (params.length === 1) return (value, args, kwargs, context) => (args.length > 1 || hasKeywords(kwargs) ? general(value, args, kwargs, context) : fn(value, args.length ? args[0] : first));
  return (value, args, kwargs, context) => (args.length > 2 || hasKeywords(kwargs) ? general(value, args, kwargs, context) : fn(value, args.length > 0 ? args[0] : first, args.length > 1 ? args[1] : second));
}

/** A filter `name(value, ...params)`; `lenient` ones are given undefined subjects (default, type_debug). */
export function defineFilter(
  env: Environment,
  name: string | string[],
  params: Params,
  fn: (value: never, ...args: never[]) => unknown,
  options: { lenient?: boolean; context?: boolean } = {},
): void {
  const names = Array.isArray(name) ? name : [name];
  const filter: Filter = caller(names[0], params, fn as (...v: unknown[]) => unknown, Boolean(options.context));
  for (const n of names) env.filters.set(n, { fn: filter, ...(options.lenient ? { lenient: true } : {}) });
}

export function defineTest(env: Environment, name: string | string[], params: Params, fn: (value: never, ...args: never[]) => boolean, options: { lenient?: boolean; context?: boolean } = {}): void {
  const names = Array.isArray(name) ? name : [name];
  const call = caller(names[0], params, fn as (...v: unknown[]) => unknown, Boolean(options.context));
  const test: Test = (value, args, kwargs: Kwargs, context: Context) => Boolean(call(value, args, kwargs, context));
  for (const n of names) env.tests.set(n, { fn: test, ...(options.lenient ? { lenient: true } : {}) });
}
