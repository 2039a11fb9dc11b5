/**
 * ansible.builtin.subelements: (record, element) for each element of the list under a (dotted)
 * key of each record; the record is given without that key, as Ansible pops it.
 */
import { ansibleBoolean } from '../../config/ansible-cfg.js';
import { isMapping } from '../../inventory/vars.js';
import { repr, tuple } from '../jinja2/values.js';
import { listify } from './terms.js';
import { LookupError, type Lookup } from './types.js';

const termsError = (detail = '') => new LookupError(`subelements lookup expects a list of two or three items, ${detail}`);

export const subelements: Lookup = {
  run(terms, _options, context) {
    if (!Array.isArray(terms) || terms.length < 2 || terms.length > 3) throw termsError();
    const records = listify(terms[0], context);
    const subkey = terms[1];
    if (!(Array.isArray(records) || isMapping(records)) || typeof subkey !== 'string') throw termsError('first a dict or a list, second a string pointing to the subkey');
    // a registered loop result that was skipped as a whole gives nothing
    if (isMapping(records) && records.skipped !== undefined && records.skipped !== false) return [];
    const flags = terms.length === 3 ? terms[2] : {};
    if (!isMapping(flags)) throw termsError("the optional third item must be a dict with flags ('skip_missing',)");
    const skipMissing = ansibleBoolean(flags.skip_missing ?? false);
    const keys = subkey.split('.');
    const result: unknown[] = [];
    for (const record of Array.isArray(records) ? records : Object.values(records)) {
      if (!isMapping(record)) throw new LookupError(`subelements lookup expects a dictionary, got '${repr(record)}'`);
      if (record.skipped !== undefined && record.skipped !== false) continue;
      const shown = { ...record };
      let holder: Record<string, unknown> = shown;
      let elements: unknown[] = [];
      for (const [i, key] of keys.entries()) {
        if (!(key in holder)) {
          if (skipMissing) continue;
          throw new LookupError(`could not find '${key}' key in iterated item '${repr(holder)}'`);
        }
        const value = holder[key];
        if (i < keys.length - 1) {
          if (!isMapping(value)) {
            if (skipMissing) continue;
            throw new LookupError(`the key ${key} should point to a dictionary, got '${repr(value)}'`);
          }
          // copied on the way down, so that removing the last key leaves the variables as they are
          holder = holder[key] = { ...value };
        } else {
          if (!Array.isArray(value)) throw new LookupError(`the key ${key} should point to a list, got '${repr(value)}'`);
          elements = value;
          delete holder[key];
        }
      }
      for (const element of elements) result.push(tuple([shown, element]));
    }
    return result;
  },
};
