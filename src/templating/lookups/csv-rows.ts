/** Rows of a CSV text as Python's csv.reader (excel dialect) splits them, with a one-character delimiter. */
import { LookupError } from './types.js';

export function csvRows(text: string, delimiter: string): string[][] {
  if ([...delimiter].length !== 1) throw new LookupError('"delimiter" must be a 1-character string', 'TypeError');
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '' && !wasQuoted) {
      quoted = wasQuoted = true;
    } else if (c === delimiter) {
      row.push(field);
      field = '';
      wasQuoted = false;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      wasQuoted = false;
    } else field += c;
  }
  if (field !== '' || row.length || wasQuoted) {
    row.push(field);
    rows.push(row);
  }
  // an empty line is a row with no fields
  return rows.map((r) => (r.length === 1 && r[0] === '' ? [] : r));
}
