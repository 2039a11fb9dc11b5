/** community.general.flattened (kept for the `with_flattened` loops playbooks have): lists flattened at every depth. */
import { walk } from './terms.js';
import type { Lookup } from './types.js';

const flattenDeep = (values: unknown[]): unknown[] => values.flatMap((value) => (Array.isArray(value) ? flattenDeep(value) : [value]));

export const flattened: Lookup = { run: (terms) => flattenDeep(walk(terms)) };
