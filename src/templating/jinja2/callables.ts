/**
 * Python calls: positional and keyword arguments bound to a signature, as Python binds them
 * (a missing or unexpected argument is a TypeError), and the function objects templates call.
 */
import { typeError } from './errors.js';

export type Kwargs = Record<string, unknown>;
export type Impl = (args: unknown[], kwargs: Kwargs) => unknown;

/** Something a template can call: a method of a value, a global, a macro. */
export class PyFunction {
  readonly pythonType = 'function';
  constructor(
    readonly name: string,
    readonly impl: Impl,
  ) {}
  call(args: unknown[], kwargs: Kwargs = {}): unknown {
    return this.impl(args, kwargs);
  }
  pythonRepr(): string {
    return `<function ${this.name}>`;
  }
}

export const REQUIRED = Symbol('required');

/**
 * Binds arguments to parameters given as [name, default] (REQUIRED for none); a parameter
 * named `*args` or `**kwargs` takes the rest. Returns the values in parameter order.
 */
export function bind(what: string, params: [string, unknown][], args: unknown[], kwargs: Kwargs): unknown[] {
  const values: unknown[] = [];
  const named = params.filter(([name]) => !name.startsWith('*'));
  const restArgs = params.some(([name]) => /^\*[^*]/.test(name));
  const restKwargs = params.some(([name]) => name.startsWith('**'));
  if (args.length > named.length && !restArgs) {
    throw typeError(`${what}() takes ${named.length} positional argument${named.length === 1 ? '' : 's'} but ${args.length} were given`);
  }
  const left = { ...kwargs };
  named.forEach(([name, fallback], i) => {
    if (i < args.length) {
      if (name in left) throw typeError(`${what}() got multiple values for argument '${name}'`);
      values.push(args[i]);
    } else if (name in left) {
      values.push(left[name]);
      delete left[name];
    } else if (fallback === REQUIRED) throw typeError(`${what}() missing 1 required positional argument: '${name}'`);
    else values.push(fallback);
  });
  if (restArgs) values.push(args.slice(named.length));
  const unexpected = Object.keys(left);
  if (restKwargs) values.push(left);
  else if (unexpected.length) throw typeError(`${what}() got an unexpected keyword argument '${unexpected[0]}'`);
  return values;
}

/** A function of fixed parameters, called with Python's argument rules. */
export function pyFunction(name: string, params: [string, unknown][], fn: (...values: never[]) => unknown): PyFunction {
  return new PyFunction(name, (args, kwargs) => (fn as (...v: unknown[]) => unknown)(...bind(name, params, args, kwargs)));
}
