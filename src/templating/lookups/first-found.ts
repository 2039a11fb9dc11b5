/**
 * ansible.builtin.first_found: the first file that exists among the names given (strings,
 * lists, or `{files, paths, skip}` dictionaries; names split on `,` and `;`, paths also on `:`),
 * looked for in the task's search path (`files/`, or `templates/`/`vars/` for with_first_found
 * on template and include_vars tasks).
 */
import { isMapping } from '../../inventory/vars.js';
import { UndefinedVariableError } from '../jinja2/errors.js';
import { boolOption, listOption } from './options.js';
import { findFile, pyJoin } from './search-path.js';
import { str } from './terms.js';
import { lookupFailed, type Lookup, type LookupOptions } from './types.js';

/** The names (or paths) in a value, split on any of the characters. */
const splitOn = (value: unknown, chars: string): string[] =>
  typeof value === 'string' ? value.split(new RegExp(`[${chars}]`)) : listOption(value).flatMap((v) => splitOn(v, chars));

function candidates(terms: unknown[], kwargs: LookupOptions): { names: string[]; skip: boolean } {
  let names: string[] = [];
  let skip = false;
  for (const term of terms) {
    let options: LookupOptions;
    if (isMapping(term)) options = term;
    else if (typeof term === 'string') options = kwargs;
    else if (Array.isArray(term)) {
      const inner = candidates(term, kwargs);
      names.push(...inner.names);
      skip = inner.skip;
      continue;
    } else throw lookupFailed(`Invalid term supplied, can handle string, mapping or list of strings but got: <class '${term === null ? 'NoneType' : typeof term}'> for ${str(term)}`);
    const files = splitOn(options.files ?? [], ',;');
    const paths = splitOn(options.paths ?? [], ',:;');
    skip = boolOption(options, 'skip', false);
    if (paths.length) for (const dir of paths) for (const name of files) names.push(pyJoin(dir, name));
    else if (files.length) names = files;
    else names.push(term as string);
  }
  return { names, skip };
}

export const firstFound: Lookup = {
  run(terms, options, context) {
    const { names, skip } = candidates(terms, options);
    for (const name of names) {
      let templated: unknown;
      try {
        templated = context.template(name);
      } catch (error) {
        if (error instanceof UndefinedVariableError) continue;
        throw error;
      }
      const found = findFile(context, context.subdir ?? 'files', str(templated), true);
      if (found !== undefined) return [found];
    }
    if (skip) return [];
    throw lookupFailed('No file was found when using first_found.');
  },
};
