/** ansible.builtin.varnames: the names of the variables matching regular expressions. */
import { pythonRegex } from '../jinja2/filters/ansible-filters.js';
import { LAZY_VARIABLES } from '../jinja.js';
import { pythonRegexError } from '../python-re-errors.js';
import { LookupError, type Lookup } from './types.js';

export const varnames: Lookup = {
  run(terms, _options, context) {
    const names = Object.keys(context.variables).filter((name) => name !== LAZY_VARIABLES);
    return terms.flatMap((term) => {
      if (typeof term !== 'string') throw new LookupError(`Invalid setting identifier, "${String(term)}" is not a string, it is a <class '${typeof term}'>`);
      const invalid = pythonRegexError(term);
      if (invalid) throw new LookupError(`Unable to use "${term}" as a search parameter: ${invalid}`);
      let pattern: RegExp;
      try {
        pattern = pythonRegex(term);
      } catch (error) {
        throw new LookupError(`Unable to use "${term}" as a search parameter: ${(error as Error).message}`);
      }
      return names.filter((name) => pattern.test(name));
    });
  },
};
