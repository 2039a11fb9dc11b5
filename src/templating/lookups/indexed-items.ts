/** ansible.builtin.indexed_items: each item of the flattened terms with its position, as (index, item). */
import { tuple } from '../jinja2/values.js';
import { flattenOnce } from './terms.js';
import { LookupError, type Lookup } from './types.js';

export const indexedItems: Lookup = {
  run(terms) {
    if (!Array.isArray(terms)) throw new LookupError('with_indexed_items expects a list');
    return flattenOnce(terms).map((item, index) => tuple([index, item]));
  },
};
