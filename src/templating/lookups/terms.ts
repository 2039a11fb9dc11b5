/** Lookup terms as Ansible prepares them (listify_lookup_plugin_terms), and the helpers its plugins share. */
import { isMapping } from '../../inventory/vars.js';
import { isPyTuple } from '../jinja2/values.js';
import type { LookupContext } from './types.js';

/**
 * Terms templated (a string stripped first), then made a list: a string or anything that cannot
 * be iterated becomes a list of one; a list stays, and so does a dict (Python can iterate it).
 */
export function listify(terms: unknown, context: LookupContext, failOnUndefined = true): unknown {
  const templated = context.template(typeof terms === 'string' ? terms.trim() : terms, { failOnUndefined });
  if (Array.isArray(templated) || isMapping(templated)) return templated;
  return [templated];
}

/** The items of a list, or the keys of a dict, as Python's `for` walks them. */
export const walk = (value: unknown): unknown[] => (Array.isArray(value) ? value : isMapping(value) ? Object.keys(value) : [value]);

const isList = (value: unknown) => Array.isArray(value) || isPyTuple(value);

/** LookupBase._flatten: lists among the terms are flattened one level. */
export const flattenOnce = (terms: unknown): unknown[] => walk(terms).flatMap((term) => (isList(term) ? (term as unknown[]) : [term]));

/** Python's str of a value, as plugins use it in their messages. */
export { str } from '../jinja2/values.js';
