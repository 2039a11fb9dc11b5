/** ansible.builtin.items: the terms, with lists among them flattened one level. */
import { flattenOnce } from './terms.js';
import type { Lookup } from './types.js';

export const items: Lookup = { run: (terms) => flattenOnce(terms) };
