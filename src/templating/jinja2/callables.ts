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
 * A binder for parameters given as [name, default] (REQUIRED for none); a parameter named
 * `*args` or `**kwargs` takes the rest. The binder returns the values in parameter order.
 * (Compiled once per signature: filters are called on every task of every host.)
 */
export function binder(what: string, params: [string, unknown][]): (args: unknown[], kwargs: Kwargs) => unknown[] {
  const named = params.filter(([name]) => !name.startsWith('*'));
  const restArgs = params.some(([name]) => /^\*[^*]/.test(name));
  const restKwargs = params.some(([name]) => name.startsWith('**'));
  return (args, kwargs) => {
    if (args.length > named.length && !restArgs) {
      throw typeError(`${what}() takes ${named.length} positional argument${named.length === 1 ? '' : 's'} but ${args.length} were given`);
    }
    const values: unknown[] = new Array(named.length);
    let noKeywords = true;
    for (const _key in kwargs) {
      noKeywords = false;
      break;
    }
    if (noKeywords) {
      // the common call: positional arguments and defaults
      for (let i = 0; i < named.length; i++) {
        if (i < args.length) values[i] = args[i];
        else if (named[i][1] === REQUIRED) throw typeError(`${what}() missing 1 required positional argument: '${named[i][0]}'`);
        else values[i] = named[i][1];
      }
      if (restArgs) values.push(args.slice(named.length));
      if (restKwargs) values.push({});
      return values;
    }
    const left = { ...kwargs };
    named.forEach(([name, fallback], i) => {
      if (i < args.length) {
        if (name in left) throw typeError(`${what}() got multiple values for argument '${name}'`);
        values[i] = args[i];
      } else if (name in left) {
        values[i] = left[name];
        delete left[name];
      } else if (fallback === REQUIRED) throw typeError(`${what}() missing 1 required positional argument: '${name}'`);
      else values[i] = fallback;
    });
    if (restArgs) values.push(args.slice(named.length));
    const unexpected = Object.keys(left);
    if (restKwargs) values.push(left);
    else if (unexpected.length) throw typeError(`${what}() got an unexpected keyword argument '${unexpected[0]}'`);
    return values;
  };
}

/** Binders by function name: a value's methods are made anew for each value, their signatures are not. */
const binders = new Map<string, ReturnType<typeof binder>>();

/** A function of fixed parameters, called with Python's argument rules. */
export function pyFunction(name: string, params: [string, unknown][], fn: (...values: never[]) => unknown): PyFunction {
  let bind = binders.get(name);
  if (!bind) binders.set(name, (bind = binder(name, params)));
  return new PyFunction(name, (args, kwargs) => (fn as (...v: unknown[]) => unknown)(...bind(args, kwargs)));
}
