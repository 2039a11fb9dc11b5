/**
 * ansible.builtin.sequence: numbers as strings, from `[start-]end[/stride][:format]` or
 * `start= end= count= stride= format=`; numbers may be written in hex (0x..) or octal (0..).
 */
import { parseKeyValues } from '../../playbook/parse-kv.js';
import { percentFormat, repr, typeName } from '../jinja2/values.js';
import { LookupError, type Lookup } from './types.js';

const SHORTCUT = /^((0?x?[0-9a-f]+)-)?(0?x?[0-9a-f]+)(\/(0?x?[0-9a-f]+))?(:(.+))?$/is;

/** Python's int(text, 0): decimal, 0x hex, 0o / 0 octal, 0b binary, with an optional sign. */
function pythonInt(text: string, what: string): number {
  const m = /^\s*([+-]?)(?:(0[xX][0-9a-fA-F_]+)|(0[oO][0-7_]+)|(0[bB][01_]+)|([1-9][0-9_]*|0+))\s*$/.exec(text);
  if (!m) throw new LookupError(`can't parse ${what}=${text} as integer`);
  const digits = (m[2] ?? m[3] ?? m[4] ?? m[5]).replace(/_/g, '');
  const value = Number(digits);
  return m[1] === '-' ? -value : value;
}

interface Spec {
  start: number;
  end?: number;
  count?: number;
  stride: number;
  format: string;
}

function parseShortcut(term: string, spec: Spec): boolean {
  const m = SHORTCUT.exec(term);
  if (!m) return false;
  if (m[2] !== undefined) spec.start = pythonInt(m[2], 'start');
  spec.end = pythonInt(m[3], 'end');
  if (m[5] !== undefined) spec.stride = pythonInt(m[5], 'stride');
  if (m[7] !== undefined) spec.format = m[7];
  return true;
}

function parseKeywords(term: string, spec: Spec): void {
  const args = parseKeyValues(term, false);
  for (const key of ['start', 'end', 'count', 'stride'] as const) {
    if (args[key] === undefined) continue;
    spec[key] = pythonInt(String(args[key]), key);
    delete args[key];
  }
  if (args.format !== undefined) {
    spec.format = String(args.format);
    delete args.format;
  }
  const unknown = Object.keys(args);
  if (unknown.length) throw new LookupError(`unrecognized arguments to with_sequence: [${unknown.map((k) => `'${k}'`).join(', ')}]`);
}

function generate(spec: Spec): string[] {
  if (spec.count === undefined && spec.end === undefined) throw new LookupError('must specify count or end in with_sequence');
  if (spec.count !== undefined && spec.end !== undefined) throw new LookupError("can't specify both count and end in with_sequence");
  let { start, stride } = spec;
  let end = spec.end ?? 0;
  if (spec.count !== undefined) {
    if (spec.count !== 0) end = start + spec.count * stride - 1;
    else [start, end, stride] = [0, 0, 0];
  }
  if (stride > 0 && end < start) throw new LookupError('to count backwards make stride negative');
  if (stride < 0 && end > start) throw new LookupError("to count forward don't make stride negative");
  if ((spec.format.match(/%/g) ?? []).length !== 1) throw new LookupError(`bad formatting string: ${spec.format}`);
  if (stride === 0) return [];
  const out: string[] = [];
  const last = end + (stride > 0 ? 1 : -1);
  for (let i = start; stride > 0 ? i < last : i > last; i += stride) {
    try {
      out.push(percentFormat(spec.format, i));
    } catch {
      throw new LookupError(`problem formatting ${i} with '${spec.format}'`);
    }
  }
  return out;
}

export const sequence: Lookup = {
  run(terms) {
    return terms.flatMap((term) => {
      const spec: Spec = { start: 1, stride: 1, format: '%d' };
      if (typeof term !== 'string') throw new LookupError(`unknown error parsing with_sequence arguments: ${repr(term)}. Error was: expected string or bytes-like object, got '${typeName(term)}'`);
      if (!parseShortcut(term, spec)) parseKeywords(term, spec);
      return generate(spec);
    });
  },
};
