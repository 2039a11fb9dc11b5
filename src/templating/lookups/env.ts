/** ansible.builtin.env: controller environment variables (the first word of each term), `default` (empty) when unset. */
import { UndefinedVariableError } from '../jinja2/errors.js';
import { isUndefined } from '../jinja2/values.js';
import { str } from './terms.js';
import type { Lookup } from './types.js';

export const env: Lookup = {
  run(terms, options) {
    const fallback = 'default' in options ? options.default : '';
    return terms.map((term) => {
      const name = str(term).trim().split(/\s+/)[0];
      const value = process.env[name] ?? fallback;
      if (isUndefined(value)) throw new UndefinedVariableError(name, `The "env" lookup, found an undefined variable: ${name}`);
      return value;
    });
  },
};
