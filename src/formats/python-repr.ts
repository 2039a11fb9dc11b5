/** Python's str() and repr() of values, which is how Jinja in Ansible prints them. */
import { isPyTuple } from '../inventory/python-literal.js';
import type { Vars } from '../inventory/vars.js';

/** Python's str(): how Ansible prints a value into text. */
export function pythonStr(value: unknown): string {
  return typeof value === 'string' ? value : pythonRepr(value);
}

export function pythonRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number' || value instanceof Number) {
    const number = Number(value);
    if (Number.isFinite(number)) return value.toString();
    return number > 0 ? 'inf' : number < 0 ? '-inf' : 'nan';
  }
  if (typeof value === 'string') {
    const quote = value.includes("'") && !value.includes('"') ? '"' : "'";
    const escaped = value
      .replace(/\\/g, '\\\\')
      .replace(/\n/g, '\\n')
      .replace(/\r/g, '\\r')
      .replace(/\t/g, '\\t');
    return quote + (quote === "'" ? escaped.replace(/'/g, "\\'") : escaped) + quote;
  }
  if (isPyTuple(value)) {
    const items = (value as unknown[]).map(pythonRepr);
    return `(${items.join(', ')}${items.length === 1 ? ',' : ''})`;
  }
  if (Array.isArray(value)) return `[${value.map(pythonRepr).join(', ')}]`;
  if (typeof value === 'object') {
    return `{${Object.entries(value as Vars)
      .map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}

/** JSON's text of a string with every non-ASCII character escaped, as Python's ensure_ascii. */
const asciiJson = (text: string) => JSON.stringify(text).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** Python's json.dumps: ", " and ": " separators, keys in insertion order unless sorted; `ensureAscii` as its default. */
export function pythonJsonDumps(value: unknown, options: { sortKeys?: boolean; indent?: number; ensureAscii?: boolean } = {}, depth = 0): string {
  const indent = options.indent ?? 0;
  if (value === undefined || value === null) return 'null';
  if (typeof value !== 'object' || value instanceof Number) {
    if (value instanceof Number) return value.toString();
    if (typeof value === 'string' && options.ensureAscii) return asciiJson(value);
    return JSON.stringify(value);
  }
  const pad = indent ? `\n${' '.repeat(indent * (depth + 1))}` : '';
  const close = indent ? `\n${' '.repeat(indent * depth)}` : '';
  const separator = indent ? ',' : ', ';
  if (Array.isArray(value)) {
    if (!value.length) return '[]';
    return `[${value.map((v) => pad + pythonJsonDumps(v, options, depth + 1)).join(separator)}${close}]`;
  }
  const keys = Object.keys(value);
  if (options.sortKeys) keys.sort();
  if (!keys.length) return '{}';
  return `{${keys.map((k) => `${pad}${options.ensureAscii ? asciiJson(k) : JSON.stringify(k)}: ${pythonJsonDumps((value as Vars)[k], options, depth + 1)}`).join(separator)}${close}}`;
}
