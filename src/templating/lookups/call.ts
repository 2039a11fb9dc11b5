/**
 * Calling a lookup as Ansible's templar does: `lookup(name, *terms, **options)` and
 * `query`/`q` (terms templated and made a list; `errors=` strict, warn or ignore; a lookup's
 * list joined with commas unless a list is wanted), and the `with_<lookup>` loops of tasks.
 */
import { DeployerError } from '../../errors.js';
import { PythonError, TemplateError, UndefinedVariableError } from '../jinja2/errors.js';
import { checkDefined, isMapping, truthy } from '../jinja2/values.js';
import { findLookup } from './registry.js';
import { listify } from './terms.js';
import { LookupError, withCause, type LookupContext, type LookupOptions } from './types.js';

/** The Python class Ansible would name for a failure inside a lookup. */
function pythonClass(error: unknown): string {
  if (error instanceof LookupError) return error.pythonClass;
  if (error instanceof PythonError) return error.pythonType;
  if (error instanceof TemplateError || error instanceof DeployerError) return 'ansible.errors.AnsibleError';
  return 'Exception';
}

function lookupOrFail(name: string) {
  const lookup = findLookup(name);
  if (!lookup) throw new LookupError(`lookup plugin (${name}) not found`);
  return lookup;
}

/** `lookup(...)` (wantlist false) or `query(...)`: the templar's _lookup. */
export function callLookup(name: string, args: unknown[], kwargs: LookupOptions, wantlist: boolean, context: LookupContext): unknown {
  const lookup = lookupOrFail(name);
  const { wantlist: wanted, errors = 'strict', allow_unsafe: _allowUnsafe, ...options } = kwargs;
  const asList = wantlist || truthy(wanted ?? false);
  // as the templar's template() of the terms: an undefined one is an error
  for (const arg of args) checkDefined(arg);
  const terms = listify(args, context);
  let ran: unknown;
  try {
    ran = lookup.run(terms as unknown[], options, context);
  } catch (error) {
    if (error instanceof UndefinedVariableError) throw error;
    if (error instanceof LookupError && error.pythonClass === 'ansible.errors.AnsibleOptionsError') throw error;
    const detail = error instanceof Error ? error.message : String(error);
    const handled = error instanceof LookupError && error.pythonClass === 'ansible.errors.AnsibleLookupError';
    const message = handled ? `Lookup failed but the error is being ignored: ${detail}` : `An unhandled exception occurred while running the lookup plugin '${name}'. Error was a <class '${pythonClass(error)}'>, original message: ${detail}`;
    if (errors === 'warn') context.warn(message);
    else if (errors !== 'ignore') throw handled ? error : new LookupError(withCause(message, detail));
    return asList ? [] : null;
  }
  return asList ? ran : joined(ran);
}

/**
 * What `lookup` gives without wantlist: the templar's `",".join(ran)`. A lookup of a Python plugin
 * may return something else than a list: a mapping gives its keys joined, a string its characters.
 */
function joined(ran: unknown): unknown {
  if (!truthy(ran)) return ran;
  const items = typeof ran === 'string' ? [...ran] : Array.isArray(ran) ? ran : isMapping(ran) ? Object.keys(ran) : undefined;
  if (!items) return ran;
  // joining a list that holds anything but strings fails: it stays a list, or the one item it holds
  if (items.every((item) => typeof item === 'string')) return items.join(',');
  return items.length === 1 ? items[0] : items;
}

/** Where `with_first_found` looks first, by the task's action (as Ansible's task executor picks it). */
export function loopSubdir(action: string): string {
  for (const subdir of ['template', 'var', 'file']) if (action.includes(subdir)) return `${subdir}s`;
  return 'files';
}

/** The items of a `with_<name>` loop: its terms templated (first_found skips those it cannot), run through the lookup. */
export function loopLookupItems(name: string, loop: unknown, context: LookupContext): unknown[] {
  const lookup = findLookup(name);
  if (!lookup) throw new LookupError(`Unexpected failure in finding the lookup named '${name}' in the available lookup plugins`);
  const firstFound = name.replace(/^ansible\.(builtin|legacy)\./, '') === 'first_found';
  let terms = listify(loop, context, !firstFound);
  if (firstFound && Array.isArray(terms)) terms = terms.filter((term) => !(typeof term === 'string' && /\{\{|\{%|\{#/.test(term)));
  return lookup.run(terms as unknown[], {}, context);
}
