/**
 * ansible.builtin.password: the password stored in a file on the controller (relative to the
 * playbook's folder), made up and written there (mode 0600, folders 0700) when the file does not
 * exist yet; `/dev/null` gives a new one each time. Options after the path (`length=`, `chars=`,
 * `seed=`) or as keyword arguments. `encrypt` and `ident` (hashing the result) are not supported.
 */
import { createHash, randomInt } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseKeyValues } from '../../playbook/parse-kv.js';
import { listOption } from './options.js';
import { pathDwim } from './search-path.js';
import { str } from './terms.js';
import { LookupError, type Lookup, type LookupOptions } from './types.js';

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const UPPER = LOWER.toUpperCase();
const DIGITS = '0123456789';
const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const WHITESPACE = ' \t\n\r\x0b\x0c';
/** The character sets of Python's string module that `chars` may name. */
const CHARACTER_SETS: Record<string, string> = {
  ascii_lowercase: LOWER,
  ascii_uppercase: UPPER,
  ascii_letters: LOWER + UPPER,
  digits: DIGITS,
  hexdigits: `${DIGITS}abcdefABCDEF`,
  octdigits: '01234567',
  punctuation: PUNCTUATION,
  whitespace: WHITESPACE,
  printable: DIGITS + LOWER + UPPER + PUNCTUATION + WHITESPACE,
};
const VALID = new Set(['length', 'encrypt', 'chars', 'ident', 'seed']);

/** The path and the options written after it in one term (Ansible's _parse_parameters). */
function parseTerm(term: string, options: LookupOptions): { relpath: string; length: number; chars: string[]; seed: unknown } {
  const space = term.indexOf(' ');
  let relpath = space < 0 ? term : term.slice(0, space);
  const params: Record<string, unknown> = space < 0 ? {} : parseKeyValues(term.slice(space + 1), false);
  if (params._raw_params !== undefined) {
    relpath = `${relpath} ${str(params._raw_params)}`;
    delete params._raw_params;
    if (!term.startsWith(relpath)) throw new LookupError('Unrecognized value after key=value parameters given to password lookup');
  }
  const invalid = Object.keys(params).filter((k) => !VALID.has(k));
  if (invalid.length) throw new LookupError(`Unrecognized parameter(s) given to password lookup: ${invalid.join(', ')}`);
  const pick = (name: string) => (params[name] !== undefined ? params[name] : options[name]);
  for (const unsupported of ['encrypt', 'ident']) {
    if (pick(unsupported) !== undefined && pick(unsupported) !== null) throw new LookupError(`the password lookup's ${unsupported} option is not supported by deployer`);
  }
  const lengthText = str(pick('length') ?? 20);
  if (!/^\s*[+-]?\d+\s*$/.test(lengthText)) throw new LookupError(`invalid literal for int() with base 10: '${lengthText}'`, 'ValueError');
  let chars = pick('chars') ?? ['ascii_letters', 'digits', '.,:-_'];
  if (typeof chars === 'string') {
    // a comma is written as two commas
    chars = [...(chars.includes(',,') ? [','] : []), ...chars.replace(/,,/g, ',').split(',').filter(Boolean)];
  }
  return { relpath, length: Number(lengthText), chars: listOption(chars).map(str), seed: pick('seed') };
}

function candidateChars(specs: string[]): string {
  return specs
    .map((spec) => CHARACTER_SETS[spec] ?? spec)
    .join('')
    .replace(/["']/g, '');
}

/** A password of `length` characters; with a seed the same one every time (not the one Python's generator would give). */
function randomPassword(length: number, chars: string, seed: unknown): string {
  const pick = (i: number): number => {
    if (seed === undefined || seed === null) return randomInt(chars.length);
    const digest = createHash('sha256').update(`${str(seed)}\0${i}`).digest();
    return digest.readUInt32BE(0) % chars.length;
  };
  let password = '';
  for (let i = 0; i < length; i++) password += chars[pick(i)];
  return password;
}

/** The password part of a file written with a salt (`password salt=... ident=...`). */
function storedPassword(content: string): string {
  const salt = content.lastIndexOf(' salt=');
  return salt < 0 ? content : content.slice(0, salt);
}

export const password: Lookup = {
  run(terms, options, context) {
    return terms.map((term) => {
      const { relpath, length, chars, seed } = parseTerm(str(term), options);
      const file = pathDwim(relpath, context.basedir);
      if (file !== '/dev/null' && fs.existsSync(file)) return storedPassword(fs.readFileSync(file, 'utf8').trimEnd());
      const made = randomPassword(length, candidateChars(chars), seed);
      if (file !== '/dev/null') {
        fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
        fs.writeFileSync(file, `${made}\n`, { mode: 0o600 });
        fs.chmodSync(file, 0o600);
      }
      return made;
    });
  },
};
