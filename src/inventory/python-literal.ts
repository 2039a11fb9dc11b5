/**
 * Python's `ast.literal_eval`, which Ansible's INI plugin applies to every variable value:
 * `2222` becomes a number, `True` a boolean, `[1, 2]` a list, `'x'` a string, and anything that
 * is not a Python literal (`yes`, `10.0.0.1`, `0777`) stays the raw string.
 */
import { isPyFloat, pyFloat } from '../formats/py-float.js';

export type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

const NOT_LITERAL = Symbol('not a literal');
const TUPLE = Symbol.for('deployer.pyTuple');

/** Tuples become arrays, marked so that Python-style printing can still show `(1, 2)`. */
export function tuple<T>(items: T[]): T[] {
  Object.defineProperty(items, TUPLE, { value: true });
  return items;
}

export function isPyTuple(value: unknown): boolean {
  return Array.isArray(value) && (value as unknown as Record<symbol, unknown>)[TUPLE] === true;
}

type Token =
  | { kind: 'str'; value: string; bytes: boolean }
  | { kind: 'num'; value: number }
  | { kind: 'name'; value: string }
  | { kind: 'op'; value: string }
  | { kind: 'end' };

const DIGITS = { dec: /[0-9]/, hex: /[0-9a-fA-F]/, oct: /[0-7]/, bin: /[01]/ };
const NUMBER = new RegExp(
  [
    '0[xX](?:_?[0-9a-fA-F])+',
    '0[oO](?:_?[0-7])+',
    '0[bB](?:_?[01])+',
    // floats: digits.digits, .digits, digits., with optional exponent; or digits with exponent
    '(?:[0-9](?:_?[0-9])*\\.(?:[0-9](?:_?[0-9])*)?|\\.[0-9](?:_?[0-9])*)(?:[eE][+-]?[0-9](?:_?[0-9])*)?[jJ]?',
    '[0-9](?:_?[0-9])*[eE][+-]?[0-9](?:_?[0-9])*[jJ]?',
    '[0-9](?:_?[0-9])*[jJ]?',
  ].join('|'),
  'y',
);
const NAME = /[\p{L}_][\p{L}\p{N}_]*/uy;
const STRING_PREFIX = /(?:[rR][bB]?|[bB][rR]?|[uU]|[fF][rR]?|[rR][fF])?(?='|")/y;

function tokenize(source: string): Token[] | typeof NOT_LITERAL {
  const tokens: Token[] = [];
  let i = 0;
  let depth = 0;
  while (i < source.length) {
    const c = source[i];
    if (c === ' ' || c === '\t' || c === '\f') {
      i++;
      continue;
    }
    if (c === '\n' || c === '\r') {
      if (depth === 0 && source.slice(i).trim() !== '') return NOT_LITERAL;
      i++;
      continue;
    }
    if (c === '#') {
      const nl = source.indexOf('\n', i);
      i = nl === -1 ? source.length : nl;
      continue;
    }
    STRING_PREFIX.lastIndex = i;
    const prefix = STRING_PREFIX.exec(source);
    if (prefix) {
      const flags = prefix[0].toLowerCase();
      if (flags.includes('f')) return NOT_LITERAL;
      const parsed = readString(source, i + prefix[0].length, flags.includes('r'), flags.includes('b'));
      if (parsed === NOT_LITERAL) return NOT_LITERAL;
      tokens.push({ kind: 'str', value: parsed.value, bytes: flags.includes('b') });
      i = parsed.end;
      continue;
    }
    if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(source[i + 1] ?? ''))) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(source);
      if (!m) return NOT_LITERAL;
      const text = m[0];
      const next = source[i + text.length] ?? '';
      if (/[\p{L}\p{N}_.]/u.test(next)) return NOT_LITERAL;
      const value = parseNumber(text);
      if (value === NOT_LITERAL) return NOT_LITERAL;
      tokens.push({ kind: 'num', value });
      i += text.length;
      continue;
    }
    NAME.lastIndex = i;
    const name = NAME.exec(source);
    if (name) {
      tokens.push({ kind: 'name', value: name[0] });
      i += name[0].length;
      continue;
    }
    if ('([{'.includes(c)) depth++;
    if (')]}'.includes(c)) depth--;
    if ('()[]{},:+-'.includes(c)) {
      tokens.push({ kind: 'op', value: c });
      i++;
      continue;
    }
    return NOT_LITERAL;
  }
  tokens.push({ kind: 'end' });
  return tokens;
}

function parseNumber(text: string): number | typeof NOT_LITERAL {
  if (/[jJ]$/.test(text)) return NOT_LITERAL; // complex numbers have no JSON form
  const clean = text.replace(/_/g, '');
  if (/^0[xX]/.test(clean)) return parseInt(clean.slice(2), 16);
  if (/^0[oO]/.test(clean)) return parseInt(clean.slice(2), 8);
  if (/^0[bB]/.test(clean)) return parseInt(clean.slice(2), 2);
  if (/^[0-9]+$/.test(clean)) {
    // Python 3 forbids leading zeros in decimal integers, except for zero itself ("00").
    if (clean.length > 1 && clean[0] === '0' && /[1-9]/.test(clean)) return NOT_LITERAL;
    return Number(clean);
  }
  return pyFloat(Number(clean));
}

const SIMPLE_ESCAPES: Record<string, string> = {
  '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '',
};

function readString(
  source: string,
  start: number,
  raw: boolean,
  bytes: boolean,
): { value: string; end: number } | typeof NOT_LITERAL {
  const triple = source.startsWith(source[start].repeat(3), start);
  const quote = triple ? source[start].repeat(3) : source[start];
  let i = start + quote.length;
  let value = '';
  while (i < source.length) {
    if (source.startsWith(quote, i)) return { value, end: i + quote.length };
    const c = source[i];
    if (!triple && c === '\n') return NOT_LITERAL;
    if (c !== '\\') {
      value += c;
      i++;
      continue;
    }
    const e = source[i + 1];
    if (e === undefined) return NOT_LITERAL;
    if (raw) {
      value += c + e;
      i += 2;
      continue;
    }
    if (e in SIMPLE_ESCAPES) {
      value += SIMPLE_ESCAPES[e];
      i += 2;
    } else if (/[0-7]/.test(e)) {
      const m = /^[0-7]{1,3}/.exec(source.slice(i + 1))![0];
      value += String.fromCodePoint(parseInt(m, 8));
      i += 1 + m.length;
    } else if (e === 'x' || (!bytes && (e === 'u' || e === 'U'))) {
      const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = source.slice(i + 2, i + 2 + len);
      if (hex.length !== len || ![...hex].every((h) => DIGITS.hex.test(h))) return NOT_LITERAL;
      value += String.fromCodePoint(parseInt(hex, 16));
      i += 2 + len;
    } else if (e === 'N' && !bytes) {
      return NOT_LITERAL; // \N{NAME} needs the Unicode name table; too rare to carry one
    } else {
      value += c + e; // unknown escapes are kept as written
      i += 2;
    }
  }
  return NOT_LITERAL;
}

class Parser {
  private pos = 0;
  constructor(
    private readonly tokens: Token[],
    /** Also JSON's true, false and null (Ansible's Json2Python, before it evaluates a template's text). */
    private readonly json = false,
  ) {}

  private peek(): Token {
    return this.tokens[this.pos];
  }
  private isOp(value: string): boolean {
    const t = this.peek();
    return t.kind === 'op' && t.value === value;
  }
  private expectOp(value: string): void {
    if (!this.isOp(value)) throw NOT_LITERAL;
    this.pos++;
  }

  /** Top level of eval mode: `1, 2` is a tuple. */
  parseTop(): PyValue {
    const first = this.parseValue();
    if (!this.isOp(',')) {
      if (this.peek().kind !== 'end') throw NOT_LITERAL;
      return first;
    }
    const items = [first];
    while (this.isOp(',')) {
      this.pos++;
      if (this.peek().kind === 'end') break;
      items.push(this.parseValue());
    }
    if (this.peek().kind !== 'end') throw NOT_LITERAL;
    return tuple(items);
  }

  private parseValue(): PyValue {
    const t = this.peek();
    if (t.kind === 'op' && (t.value === '+' || t.value === '-')) {
      this.pos++;
      const operand = this.peek();
      if (operand.kind !== 'num') throw NOT_LITERAL;
      this.pos++;
      if (this.isOp('+') || this.isOp('-')) throw NOT_LITERAL; // only complex arithmetic is allowed
      return t.value === '-' ? (isPyFloat(operand.value) ? pyFloat(-operand.value) : -operand.value) : operand.value;
    }
    const value = this.parseAtom();
    if (this.isOp('+') || this.isOp('-')) throw NOT_LITERAL;
    return value;
  }

  private parseAtom(): PyValue {
    const t = this.peek();
    this.pos++;
    switch (t.kind) {
      case 'str': {
        let value = t.value;
        while (this.peek().kind === 'str') {
          const next = this.peek() as Extract<Token, { kind: 'str' }>;
          if (next.bytes !== t.bytes) throw NOT_LITERAL;
          value += next.value;
          this.pos++;
        }
        return value;
      }
      case 'num':
        return t.value;
      case 'name':
        if (t.value === 'True') return true;
        if (t.value === 'False') return false;
        if (t.value === 'None') return null;
        if (this.json && t.value === 'true') return true;
        if (this.json && t.value === 'false') return false;
        if (this.json && t.value === 'null') return null;
        if (t.value === 'set' && this.isOp('(')) {
          this.pos++;
          this.expectOp(')');
          return [];
        }
        throw NOT_LITERAL;
      case 'op':
        if (t.value === '(') return this.parseParenthesized();
        if (t.value === '[') return this.parseSequence(']');
        if (t.value === '{') return this.parseBraces();
        throw NOT_LITERAL;
      default:
        throw NOT_LITERAL;
    }
  }

  private parseParenthesized(): PyValue {
    if (this.isOp(')')) {
      this.pos++;
      return tuple([]);
    }
    const first = this.parseValue();
    if (this.isOp(')')) {
      this.pos++;
      return first;
    }
    this.expectOp(',');
    const items = [first];
    while (!this.isOp(')')) {
      items.push(this.parseValue());
      if (!this.isOp(')')) this.expectOp(',');
    }
    this.pos++;
    return tuple(items);
  }

  private parseSequence(close: string): PyValue[] {
    const items: PyValue[] = [];
    while (!this.isOp(close)) {
      items.push(this.parseValue());
      if (!this.isOp(close)) this.expectOp(',');
    }
    this.pos++;
    return items;
  }

  private parseBraces(): PyValue {
    if (this.isOp('}')) {
      this.pos++;
      return {};
    }
    const first = this.parseValue();
    if (!this.isOp(':')) {
      // a set literal; JSON has no sets, so it becomes a list as Ansible's encoder would
      const items = [first];
      if (!this.isOp('}')) this.expectOp(',');
      items.push(...this.parseSequence('}'));
      return items;
    }
    const result: Record<string, PyValue> = {};
    let key = first;
    for (;;) {
      this.expectOp(':');
      if (typeof key === 'object' && key !== null) throw NOT_LITERAL; // lists and dicts are unhashable
      result[pythonKey(key)] = this.parseValue();
      if (this.isOp('}')) break;
      this.expectOp(',');
      if (this.isOp('}')) break;
      key = this.parseValue();
    }
    this.pos++;
    return result;
  }
}

function pythonKey(key: string | number | boolean | null): string {
  if (key === null) return 'null';
  return String(key);
}

/** Returns the Python literal value of `text`, or `text` itself when it is not a literal. */
export function literalEval(text: string, options: { json?: boolean } = {}): PyValue {
  const source = text.replace(/^[ \t]+/, '');
  const tokens = tokenize(source);
  if (tokens === NOT_LITERAL || tokens.length === 1) return text;
  try {
    return new Parser(tokens, options.json).parseTop();
  } catch (e) {
    if (e === NOT_LITERAL) return text;
    throw e;
  }
}
