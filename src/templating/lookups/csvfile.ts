/**
 * ansible.builtin.csvfile: the value in column `col` of the row whose first field is the key,
 * in a CSV/TSV file found in the search path (`files/` first); options as keyword arguments or
 * written after the key (`key file=x.csv delimiter=,`).
 */
import fs from 'node:fs';
import { parseKeyValues } from '../../playbook/parse-kv.js';
import { csvRows } from './csv-rows.js';
import { findFile } from './search-path.js';
import { str } from './terms.js';
import { LookupError, type Lookup } from './types.js';

function readColumn(file: string | undefined, key: string, delimiter: string, encoding: string, fallback: unknown, col: unknown): unknown {
  try {
    // Python opens the text of `None` when no file was found
    if (file === undefined) throw new Error("[Errno 2] No such file or directory: b'None'");
    const text = new TextDecoder(encoding).decode(fs.readFileSync(file));
    if (!/^\s*[+-]?\d+\s*$/.test(str(col))) throw new Error(`invalid literal for int() with base 10: '${str(col)}'`);
    const index = Number(str(col));
    for (const row of csvRows(text, delimiter)) {
      if (row.length && row[0] === key) {
        const value = row[index < 0 ? row.length + index : index];
        if (value === undefined) throw new Error('list index out of range');
        return value;
      }
    }
  } catch (error) {
    throw new LookupError(`csvfile: ${(error as Error).message}`);
  }
  return fallback;
}

export const csvfile: Lookup = {
  run(terms, options, context) {
    // as Ansible, options written in one term stay set for the next ones
    const params: Record<string, unknown> = { col: '1', default: null, delimiter: 'TAB', file: 'ansible.csv', encoding: 'utf-8', ...options };
    const values: unknown[] = [];
    for (const term of terms) {
      const kv = parseKeyValues(str(term), false);
      if (kv._raw_params === undefined) throw new LookupError('Search key is required but was not found');
      for (const [name, value] of Object.entries(kv)) {
        if (name === '_raw_params') continue;
        if (!(name in params)) throw new LookupError(`${name} is not a valid option`);
        params[name] = value;
      }
      if (params.delimiter === 'TAB') params.delimiter = '\t';
      const file = findFile(context, 'files', str(params.file));
      const value = readColumn(file, String(kv._raw_params), str(params.delimiter), str(params.encoding), params.default, params.col);
      if (value !== null && value !== undefined) values.push(value);
    }
    return values;
  },
};
