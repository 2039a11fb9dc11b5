/**
 * Jinja2's lexer, with the settings Ansible's templar uses: `{{ }}`, `{% %}`, `{# #}`,
 * `trim_blocks` (the first newline after a block tag or comment is dropped), `-` whitespace
 * control, `{% raw %}`; the template module may turn trim_blocks off and lstrip_blocks on. Inside a tag, a `}}` or `%}` ends it only when brackets are balanced,
 * so `{{ {'a': {'b': 1}} }}` is one expression, as in Jinja2.
 */
import { TemplateSyntaxError } from './errors.js';

export type TokenType =
  | 'data'
  | 'variable_begin'
  | 'variable_end'
  | 'block_begin'
  | 'block_end'
  | 'name'
  | 'string'
  | 'integer'
  | 'float'
  | 'operator'
  | 'eof';

export interface Token {
  type: TokenType;
  /** The text for data, names and operators; the decoded value for strings and numbers. */
  value: string | number;
  line: number;
}

const OPERATORS = ['//', '**', '==', '!=', '>=', '<=', '+', '-', '/', '*', '%', '~', '[', ']', '(', ')', '{', '}', '<', '>', '=', '.', ':', '|', ',', ';'];
const NAME = /[A-Za-z_\u00c0-\uffff][\w\u00c0-\uffff]*/y;
const STRING = /('([^'\\]*(?:\\.[^'\\]*)*)'|"([^"\\]*(?:\\.[^"\\]*)*)")/sy;
const FLOAT = /(?<!\.)(\d+_)*\d+((\.(\d+_)*\d+)?[eE][+-]?(\d+_)*\d+|\.(\d+_)*\d+)/y;
const INTEGER = /(0[bB](_?[01])+|0[oO](_?[0-7])+|0[xX](_?[\da-fA-F])+|[1-9](_?\d)*|0(_?0)*)/y;
const WHITESPACE = /\s+/y;
const OPENING: Record<string, string> = { '(': ')', '[': ']', '{': '}' };

/** Python's string escapes, as Jinja decodes a string literal (`unicode-escape`). */
function decodeString(body: string): string {
  return body.replace(/\\(x[\da-fA-F]{2}|u[\da-fA-F]{4}|U[\da-fA-F]{8}|N\{[^}]*\}|[0-7]{1,3}|[\s\S])/g, (whole, escape: string) => {
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', v: '\v', '\n': '' };
    if (escape in simple) return simple[escape];
    if (/^[xuU]/.test(escape)) return String.fromCodePoint(parseInt(escape.slice(1), 16));
    if (/^[0-7]/.test(escape)) return String.fromCodePoint(parseInt(escape, 8));
    return whole;
  });
}

function linesIn(text: string): number {
  let count = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) count++;
  return count;
}

/** The environment settings the lexer follows (Ansible's templar: trim_blocks on, lstrip_blocks off). */
export interface LexerSettings {
  trimBlocks: boolean;
  lstripBlocks: boolean;
  /** What the template's own line breaks become (in its text and string literals); the source's are `\n` by now. */
  newlineSequence: '\n' | '\r' | '\r\n';
}

export const ANSIBLE_LEXER: LexerSettings = { trimBlocks: true, lstripBlocks: false, newlineSequence: '\n' };

export function tokenize(source: string, onPrintString?: (start: number, end: number) => void, settings: LexerSettings = ANSIBLE_LEXER): Token[] {
  const tokens: Token[] = [];
  const trim = settings.trimBlocks;
  const newlines = (text: string) => (settings.newlineSequence === '\n' ? text : text.replace(/\n/g, settings.newlineSequence));
  // whether the text being read starts a line (lstrip_blocks)
  let atLineStart = true;
  let pos = 0;
  let line = 1;
  const advance = (to: number) => {
    line += linesIn(source.slice(pos, to));
    pos = to;
  };
  // `-` before the end of the last tag: the data after it loses its leading whitespace
  let stripNext = false;
  while (pos < source.length) {
    const start = /\{\{|\{%|\{#/g;
    start.lastIndex = pos;
    const found = start.exec(source);
    let dataEnd = found ? found.index : source.length;
    let data = source.slice(pos, dataEnd);
    const stripBefore = found !== null && source[dataEnd + 2] === '-';
    if (stripNext) data = data.replace(/^\s+/, '');
    if (stripBefore) data = data.replace(/\s+$/, '');
    // lstrip_blocks: the spaces and tabs before a block tag or comment that starts its line go (not with `{%+`)
    else if (settings.lstripBlocks && found && found[0] !== '{{' && source[dataEnd + 2] !== '+') {
      const lineStart = data.lastIndexOf('\n') + 1;
      if ((lineStart > 0 || atLineStart) && /^[ \t]*$/.test(data.slice(lineStart))) data = data.slice(0, lineStart);
    }
    if (data) tokens.push({ type: 'data', value: newlines(data), line });
    advance(dataEnd);
    stripNext = false;
    if (!found) break;
    atLineStart = false;
    const kind = found[0];
    const tagLine = line;
    let inner = pos + 2 + (source[pos + 2] === '-' || source[pos + 2] === '+' ? 1 : 0);
    if (kind === '{#') {
      const close = /-?#\}/g;
      close.lastIndex = inner;
      const end = close.exec(source);
      if (!end) throw new TemplateSyntaxError('Missing end of comment tag', tagLine);
      let after = end.index + end[0].length;
      stripNext = end[0].startsWith('-');
      if (trim && source[after] === '\n') after++; // trim_blocks
      atLineStart = source[after - 1] === '\n';
      advance(after);
      continue;
    }
    // {% raw %} ... {% endraw %}: the text between is data, as written
    const raw = /\s*raw\s*(-?)%\}/y;
    raw.lastIndex = inner;
    const rawTag = kind === '{%' ? raw.exec(source) : null;
    if (rawTag) {
      const bodyStart = inner + rawTag[0].length + (rawTag[1] || !trim ? 0 : source[inner + rawTag[0].length] === '\n' ? 1 : 0);
      const endRaw = /\{%(-?)\s*endraw\s*(-?)%\}/g;
      endRaw.lastIndex = bodyStart;
      const end = endRaw.exec(source);
      if (!end) throw new TemplateSyntaxError('Missing end of raw directive', tagLine);
      let body = source.slice(bodyStart, end.index);
      if (rawTag[1]) body = body.replace(/^\s+/, '');
      if (end[1]) body = body.replace(/\s+$/, '');
      if (body) tokens.push({ type: 'data', value: newlines(body), line: tagLine });
      let after = end.index + end[0].length;
      stripNext = end[2] === '-';
      if (trim && !stripNext && source[after] === '\n') after++;
      atLineStart = source[after - 1] === '\n';
      advance(after);
      continue;
    }
    const isBlock = kind === '{%';
    tokens.push({ type: isBlock ? 'block_begin' : 'variable_begin', value: kind, line: tagLine });
    advance(inner);
    const endTag = isBlock ? /-?%\}/y : /-?\}\}/y;
    const balance: string[] = [];
    for (;;) {
      WHITESPACE.lastIndex = pos;
      const space = WHITESPACE.exec(source);
      if (space) advance(pos + space[0].length);
      if (pos >= source.length) throw new TemplateSyntaxError(`unexpected end of template, expected '${isBlock ? 'end of statement block' : 'end of print statement'}'`, line);
      endTag.lastIndex = pos;
      const end = balance.length === 0 ? endTag.exec(source) : null;
      if (end) {
        tokens.push({ type: isBlock ? 'block_end' : 'variable_end', value: end[0], line });
        stripNext = end[0].startsWith('-');
        let after = pos + end[0].length;
        if (trim && isBlock && !stripNext && source[after] === '\n') after++; // trim_blocks
        atLineStart = source[after - 1] === '\n';
        advance(after);
        break;
      }
      const token = readToken(source, pos, line, newlines);
      if (token.type === 'operator' && (token.value === '{' || token.value === '(' || token.value === '[')) balance.push(OPENING[token.value as string]);
      else if (token.type === 'operator' && (token.value === '}' || token.value === ')' || token.value === ']')) {
        const expected = balance.pop();
        if (expected !== token.value) throw new TemplateSyntaxError(expected ? `unexpected '${token.value}', expected '${expected}'` : `unexpected '${token.value}'`, line);
      }
      if (!isBlock && token.type === 'string') onPrintString?.(pos, pos + token.length);
      tokens.push(token.token);
      advance(pos + token.length);
    }
  }
  tokens.push({ type: 'eof', value: '', line });
  return tokens;
}

function readToken(source: string, pos: number, line: number, newlines: (text: string) => string): { token: Token; length: number; type: TokenType; value: string | number } {
  const make = (type: TokenType, value: string | number, length: number) => ({ token: { type, value, line }, length, type, value });
  for (const [pattern, type] of [
    [FLOAT, 'float'],
    [INTEGER, 'integer'],
  ] as const) {
    pattern.lastIndex = pos;
    const m = pattern.exec(source);
    if (m) {
      const text = m[0].replace(/_/g, '');
      if (type === 'float') return make('float', Number(text), m[0].length);
      const value = /^0[bB]/.test(text) ? parseInt(text.slice(2), 2) : /^0[oO]/.test(text) ? parseInt(text.slice(2), 8) : Number(text);
      return make('integer', value, m[0].length);
    }
  }
  NAME.lastIndex = pos;
  const name = NAME.exec(source);
  if (name) return make('name', name[0], name[0].length);
  STRING.lastIndex = pos;
  const string = STRING.exec(source);
  if (string) return make('string', decodeString(newlines(string[2] ?? string[3])), string[0].length);
  for (const op of OPERATORS) if (source.startsWith(op, pos)) return make('operator', op, op.length);
  if (source[pos] === '"' || source[pos] === "'") throw new TemplateSyntaxError('unexpected end of string', line);
  throw new TemplateSyntaxError(`unexpected char '${source[pos]}' at ${pos}`, line);
}

/**
 * Ansible's _escape_backslashes, applied to task arguments (not to template files): inside
 * `{{ }}`, a string literal's backslashes are doubled, so `'\\1'` in a playbook means what it
 * means outside the braces (YAML already took one level of escaping).
 */
export function escapeBackslashes(source: string): string {
  if (!source.includes('\\') || !source.includes('{{')) return source;
  const spans: [number, number][] = [];
  try {
    tokenize(source, (start, end) => spans.push([start, end]));
  } catch {
    return source; // the template's own error is reported when it is parsed
  }
  let out = '';
  let at = 0;
  for (const [start, end] of spans) {
    out += source.slice(at, start) + source.slice(start, end).replace(/\\/g, '\\\\');
    at = end;
  }
  return out + source.slice(at);
}
