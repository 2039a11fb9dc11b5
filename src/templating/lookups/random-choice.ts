/** ansible.builtin.random_choice: one of the terms, picked at random (none given, none returned). */
import { randomInt } from 'node:crypto';
import type { Lookup } from './types.js';

export const randomChoice: Lookup = {
  run: (terms) => (terms.length ? [terms[randomInt(terms.length)]] : terms),
};
