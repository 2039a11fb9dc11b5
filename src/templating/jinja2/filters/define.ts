/** How filters and tests are declared: a Python signature (the subject first) and a function. */
import { binder, type Kwargs } from '../callables.js';
import type { Context, Environment, Filter, Test } from '../runtime.js';

export type Params = [string, unknown][];

/** A filter `name(value, ...params)`; `lenient` ones are given undefined subjects (default, type_debug). */
export function defineFilter(
  env: Environment,
  name: string | string[],
  params: Params,
  fn: (value: never, ...args: never[]) => unknown,
  options: { lenient?: boolean; context?: boolean } = {},
): void {
  const names = Array.isArray(name) ? name : [name];
  const bind = binder(names[0], params);
  const filter: Filter = (value, args, kwargs: Kwargs, context: Context) => {
    const bound = bind(args, kwargs);
    const call = fn as (...v: unknown[]) => unknown;
    return options.context ? call(value, ...bound, context) : call(value, ...bound);
  };
  for (const n of names) env.filters.set(n, { fn: filter, ...(options.lenient ? { lenient: true } : {}) });
}

export function defineTest(env: Environment, name: string | string[], params: Params, fn: (value: never, ...args: never[]) => boolean, options: { lenient?: boolean; context?: boolean } = {}): void {
  const names = Array.isArray(name) ? name : [name];
  const bind = binder(names[0], params);
  const test: Test = (value, args, kwargs: Kwargs, context: Context) => {
    const bound = bind(args, kwargs);
    const call = fn as (...v: unknown[]) => boolean;
    return Boolean(options.context ? call(value, ...bound, context) : call(value, ...bound));
  };
  for (const n of names) env.tests.set(n, { fn: test, ...(options.lenient ? { lenient: true } : {}) });
}
