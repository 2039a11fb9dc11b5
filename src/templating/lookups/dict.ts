/** ansible.builtin.dict: each key of each dictionary term as `{key, value}`. */
import { isMapping } from '../../inventory/vars.js';
import { LookupError, type Lookup } from './types.js';

export const dict: Lookup = {
  run(terms) {
    return (Array.isArray(terms) ? terms : [terms]).flatMap((term) => {
      if (!isMapping(term)) throw new LookupError('with_dict expects a dict');
      return Object.entries(term).map(([key, value]) => ({ key, value }));
    });
  },
};
