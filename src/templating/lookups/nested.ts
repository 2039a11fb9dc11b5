/** ansible.builtin.nested: the product of the lists, each combination flattened into one list. */
import { UndefinedVariableError } from '../jinja2/errors.js';
import { flattenOnce, listify, walk } from './terms.js';
import { LookupError, type Lookup } from './types.js';

export const nested: Lookup = {
  run(terms, _options, context) {
    const lists = walk(terms).map((term) => {
      try {
        return walk(listify(term, context));
      } catch (error) {
        if (error instanceof UndefinedVariableError) throw new UndefinedVariableError(error.variable, `One of the nested variables was undefined. The error was: ${error.message}`);
        throw error;
      }
    });
    if (lists.length === 0) throw new LookupError('with_nested requires at least one element in the nested list');
    // as LookupBase._combine: each step pairs the combinations so far with the next list's items
    let result: unknown[] = lists[0];
    for (const next of lists.slice(1)) result = result.flatMap((x) => next.map((y) => flattenOnce([x, y])));
    return result.map((combination) => flattenOnce(combination));
  },
};
