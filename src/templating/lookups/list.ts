/** ansible.builtin.list: the terms as they are (with_list does not flatten). */
import { LookupError, type Lookup } from './types.js';

export const list: Lookup = {
  run(terms) {
    if (!Array.isArray(terms)) throw new LookupError('with_list expects a list');
    return terms;
  },
};
