/**
 * Values written into an INI inventory so that Ansible reads back exactly the value meant.
 * Ansible passes a `[group:vars]` value to Python's ast.literal_eval as written, and a host-line
 * value after shlex splitting: so a string that would read as something else (`2181`, `True`,
 * `a b`) is written as a Python string literal, and quoted again for shlex on host lines.
 */
import { DeployerError } from '../errors.js';
import { isPyFloat } from '../formats/py-float.js';
import { isMapping } from '../inventory/vars.js';

/**
 * Strings that literal_eval refuses (so Ansible keeps them as they are) and that need no quoting:
 * names and paths, and dotted numbers such as versions and addresses (`3.8.4`, `10.0.0.11`: two
 * dots cannot be a number).
 */
const PLAIN = /^(?:[A-Za-z_/]|\d+\.\d*\.)[A-Za-z0-9_./:@%+-]*$/;
const PYTHON_NAMES = new Set(['True', 'False', 'None']);

/** A Python string literal that escapes everything a line-based reader could split or lose. */
function pythonStringLiteral(text: string): string {
  let out = "'";
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '\\') out += '\\\\';
    else if (char === "'") out += "\\'";
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f || (code >= 0x80 && code < 0xa0)) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16)}`;
    else out += char;
  }
  return `${out}'`;
}

/** The text after `key=` in a `[group:vars]` section. */
export function iniVarsValue(value: unknown): string {
  if (typeof value === 'string') return PLAIN.test(value) && !PYTHON_NAMES.has(value) ? value : pythonStringLiteral(value);
  return pythonLiteral(value);
}

function pythonLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return pythonStringLiteral(value);
  if (isPyFloat(value)) return value.toString();
  if (typeof value === 'number') {
    // literal_eval has no spelling for these: a YAML .inf or .nan in a variable stops generation here
    if (!Number.isFinite(value)) throw new DeployerError(`${value} cannot be written into an INI inventory`);
    return String(value);
  }
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(', ')}]`;
  if (isMapping(value)) return `{${Object.entries(value).map(([k, v]) => `${pythonStringLiteral(k)}: ${pythonLiteral(v)}`).join(', ')}}`;
  return pythonStringLiteral(String(value));
}

/** `key=value` as one token of a host line (shlex-split by Ansible, then read as a literal). */
export function iniHostVar(key: string, value: unknown): string {
  const literal = iniVarsValue(value);
  if (/^[A-Za-z0-9_./:@%+,=-]+$/.test(literal)) return `${key}=${literal}`;
  return `${key}="${literal.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}
