/**
 * Ansible's parse_kv: `key=value` words of module arguments (and of lookup terms). Kept apart
 * from the loader so that what imports it (lookups) does not import the module registry.
 */
import { joinArgs, splitPreservingQuotes } from '../modules/command.js';

/** The only `key=value` words free-form modules (command, shell, ...) take as options; others are part of the command. */
const FREE_FORM_OPTIONS = ['creates', 'removes', 'chdir', 'executable', 'warn', 'stdin', 'stdin_add_newline', 'strip_empty_ends'];

/** Python's escape sequences in `key=value` values (Ansible's parse_kv decodes them). */
function decodeEscapes(value: string): string {
  // no octal escapes: a regex's \\1 reaches the module as written
  return value.replace(/\\(U[0-9a-fA-F]{8}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|[\\'"abfnrtv])/g, (_m, e: string) => {
    const simple: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' };
    if (e in simple) return simple[e];
    return String.fromCodePoint(parseInt(e.slice(1), 16));
  });
}

/** Ansible's unquote: one pair of matching outer quotes goes; the inside stays as written. */
function unquote(value: string): string {
  return value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0] ? value.slice(1, -1) : value;
}

/** Where `key=value` splits: the first `=` that neither starts the word nor follows a backslash. */
function unescapedEquals(word: string): number {
  for (let i = 1; i < word.length; i++) if (word[i] === '=' && word[i - 1] !== '\\') return i;
  return -1;
}

/**
 * Ansible's parse_kv: each word with an `=` (not first, not escaped) is `key=value`, the key being
 * whatever comes before it (`{{ name }}=x` too); other words are the free-form `_raw_params`.
 * `freeForm` (command, shell, ...): only their own options are taken out of the words.
 */
export function parseKeyValues(text: string, freeForm: boolean): Record<string, unknown> {
  const args: Record<string, unknown> = {};
  const raw: string[] = [];
  for (const word of splitPreservingQuotes(text)) {
    const decoded = decodeEscapes(word);
    if (!decoded.includes('=')) {
      raw.push(word);
      continue;
    }
    const equals = unescapedEquals(decoded);
    if (equals === -1) {
      raw.push(decoded.replace(/\\=/g, '='));
      continue;
    }
    const key = decoded.slice(0, equals);
    if (freeForm && !FREE_FORM_OPTIONS.includes(key)) raw.push(word);
    else args[key.trim()] = unquote(decoded.slice(equals + 1).trim());
  }
  if (raw.length) args._raw_params = joinArgs(raw);
  return args;
}
