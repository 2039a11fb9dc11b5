/**
 * The Python building blocks of Ansible's inventory parsing, checked against answers that
 * Python itself produced (test/fixtures/python-tables.py): literal_eval for INI values,
 * shlex.split for INI host lines, fnmatch for host patterns.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fnmatchToRegExp } from '../../src/inventory/fnmatch.js';
import { literalEval } from '../../src/inventory/python-literal.js';
import { ShlexError, shlexSplit } from '../../src/inventory/shlex.js';

const tables = JSON.parse(
  fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/python-tables.json'), 'utf8'),
) as { literal: [string, unknown, boolean][]; shlex: [string, string[]][]; fnmatch: [string, string[]][]; names: string[] };

/** PyFloat boxes print as floats but compare as numbers. */
const plain = (value: unknown) => JSON.parse(JSON.stringify(value) ?? 'null');

describe('ast.literal_eval', () => {
  it.each(tables.literal)('%j', (text, expected) => {
    expect(plain(literalEval(text))).toEqual(expected);
  });

  it('keeps integral floats distinguishable from integers', () => {
    expect(String(literalEval('2.0'))).toBe('2.0');
    expect(String(literalEval('2'))).toBe('2');
    expect(String(literalEval('-3.0'))).toBe('-3.0');
  });
});

describe('shlex.split(comments=True)', () => {
  it.each(tables.shlex)('%j', (line, expected) => {
    expect(shlexSplit(line)).toEqual(expected);
  });

  it.each(['a "open', "a 'open", 'a\\'])('%j has no closing quote or escape', (line) => {
    expect(() => shlexSplit(line)).toThrow(ShlexError);
  });
});

describe('fnmatch', () => {
  it.each(tables.fnmatch)('%j', (pattern, expected) => {
    const re = fnmatchToRegExp(pattern);
    expect(tables.names.filter((name) => re.test(name))).toEqual(expected);
  });
});
