/**
 * No secret in any record: the journal, the audit trail, the deploy lock and crash reports outlive
 * the run and are read by others (Ansible keeps no command line at all). What they keep of a
 * command line has the values of `-e` / `--extra-vars` masked (`key=***`; an inline YAML/JSON
 * document keeps its keys; `@file` its name), and any text has the value of a key that looks
 * secret (password, secret, token, passphrase, *_key) masked. Pure and idempotent: a store masks
 * every record as it writes it and as it reads it (records an older deployer wrote are masked
 * when shown).
 */
import { loadDataFile } from '../formats/yaml.js';
import { splitPreservingQuotes } from '../modules/command.js';

export const MASK = '***';

export const isSecretKey = (key: string) => /password|secret|token|passphrase|_key$/i.test(key);

/** `-e X` and `-eX`, also after flags that take no value in the same word (`-bKe X`, as the parser reads it). */
const SHORT_EXTRA_VARS = /^-[bCDKkovy]*e(.*)$/s;
const LONG_EXTRA_VARS = /^--extra-vars=(.*)$/s;

export function redactCommand(argv: string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    const long = LONG_EXTRA_VARS.exec(word);
    const short = word.startsWith('--') ? null : SHORT_EXTRA_VARS.exec(word);
    const inline = long ?? (short?.[1] ? short : null);
    if (inline) kept.push(word.slice(0, word.length - inline[1].length) + redactExtraVars(inline[1]));
    else if (short || word === '--extra-vars') {
      // the value is the next word
      kept.push(word);
      if (i + 1 < argv.length) kept.push(redactExtraVars(argv[++i]));
    } else kept.push(redactText(word));
  }
  return kept;
}

/** As parseExtraVars reads the value: a file, an inline document, or key=value pairs. */
function redactExtraVars(value: string): string {
  if (value.startsWith('@')) return value;
  if (value.startsWith('{') || value.startsWith('[')) return maskedDocument(value);
  let words: string[];
  try {
    words = splitPreservingQuotes(value);
  } catch {
    return MASK; // unbalanced quotes: where a value ends is not known
  }
  return words
    .map((word) => {
      const eq = word.indexOf('=');
      return eq > 0 ? `${word.slice(0, eq)}=${MASK}` : MASK;
    })
    .join(' ');
}

function maskedDocument(text: string): string {
  try {
    const data = loadDataFile(text, 'extra vars').data;
    if (data && typeof data === 'object' && !Array.isArray(data)) return JSON.stringify(Object.fromEntries(Object.keys(data).map((key) => [key, MASK])));
  } catch {
    // not YAML: nothing of it is kept
  }
  return MASK;
}

/** `key=value` (also `key = value`) and a quoted key's `"key": value`, as in JSON or a Python dict. */
const KEY = /(?<![\w.-])(?:([\w.-]+)[ \t]*=[ \t]*|(["'])([\w.-]+)\2\s*:\s*)/g;
/** Up to the closing quote, or the next white space: a value cut short would leak its rest. */
const VALUE = /"(?:[^"\\]|\\.)*"|'[^']*'|[^\s"']+/y;
/** After a quoted key, an unquoted value is a number, a boolean or null: it ends at `,`, `}` or `]` too. */
const DOCUMENT_VALUE = /"(?:[^"\\]|\\.)*"|'[^']*'|[^\s"',}\]]+/y;

export function redactText(text: string): string {
  let kept = '';
  let from = 0;
  for (const match of text.matchAll(KEY)) {
    const start = match.index + match[0].length;
    if (match.index < from || !isSecretKey(match[1] ?? match[3])) continue;
    const valuePattern = match[1] ? VALUE : DOCUMENT_VALUE;
    valuePattern.lastIndex = start;
    const value = valuePattern.exec(text)?.[0];
    if (!value) continue;
    const quote = value[0] === '"' || value[0] === "'" ? value[0] : '';
    kept += `${text.slice(from, start)}${quote}${MASK}${quote}`;
    from = start + value.length;
  }
  return kept + text.slice(from);
}

/**
 * A record as a store keeps it: every text masked, and every list of words, a record's only
 * lists, read as a command line. Host and component names (the keys) are kept.
 */
export function redactRecord<T>(record: T): T {
  return mask(record) as T;
}

function mask(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value);
  if (Array.isArray(value)) return value.every((v) => typeof v === 'string') ? redactCommand(value) : value.map(mask);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, mask(v)]));
  return value;
}
