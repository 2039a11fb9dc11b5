/** ansible.builtin.together: the lists zipped, shorter ones padded with None (Python's zip_longest). */
import { flattenOnce, listify, walk } from './terms.js';
import { LookupError, type Lookup } from './types.js';

export const together: Lookup = {
  run(terms, _options, context) {
    const lists = walk(terms).map((term) => walk(listify(term, context)));
    if (lists.length === 0) throw new LookupError('with_together requires at least one element in each list');
    const length = Math.max(...lists.map((l) => l.length));
    return Array.from({ length }, (_, i) => flattenOnce(lists.map((l) => (i < l.length ? l[i] : null))));
  },
};
