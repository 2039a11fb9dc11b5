/**
 * Which module a task runs and with which arguments, in every form Ansible 2.14's
 * ModuleArgsParser accepts: `copy: src=a dest=b`, `copy: {src: a}`, `action: copy src=a`,
 * `action: {module: copy, src: a}`, `local_action: ...` (the same, delegated to localhost),
 * each with `args:` under them.
 */
import { isMapping } from '../inventory/vars.js';
import { joinArgs, splitPreservingQuotes } from '../modules/command.js';
import { resolveModuleName } from '../modules/registry.js';
import { TASK_KEYWORDS, WITH_LOOP } from './keywords.js';

/** Modules whose words without `=` are the command itself (Ansible's MODULE_REQUIRE_ARGS). */
const FREE_FORM = new Set(['command', 'shell', 'raw', 'script']);
/** The only `key=value` words those modules take as options; others are part of the command. */
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

export class TaskActionError extends Error {
  /** The task key whose line the error points at. */
  constructor(message: string, readonly key?: string) {
    super(message);
  }
}

export interface TaskAction {
  /** The module as written (`ansible.builtin.copy`), and as deployer knows it (`copy`). */
  written: string;
  module: string;
  args: Record<string, unknown>;
  /** `local_action`: the task runs on the controller. */
  local: boolean;
  /** The key that names the module, for error lines. */
  key: string;
}

const isFreeForm = (name: string) => FREE_FORM.has(resolveModuleName(name) ?? name);

/** `copy src=a dest=b` (Ansible's _split_module_string): the module, then its arguments. */
function splitModuleString(text: string): [string, string] {
  const [first = '', ...rest] = splitPreservingQuotes(text);
  return [first.trim(), rest.join(' ')];
}

/** The old-style forms: `action: copy src=a`, `action: {module: copy, src: a, args: {...}}`. */
function oldStyle(thing: unknown, key: string): [string, Record<string, unknown>] {
  let name: string;
  let args: Record<string, unknown>;
  if (typeof thing === 'string') {
    const [module, rest] = splitModuleString(thing);
    [name, args] = [module, parseKeyValues(rest, isFreeForm(module))];
  } else if (isMapping(thing) && typeof thing.module === 'string') {
    const [module, rest] = splitModuleString(thing.module);
    const { module: _module, ...others } = thing;
    [name, args] = [module, { ...others, ...parseKeyValues(rest, isFreeForm(module)) }];
  } else if (isMapping(thing)) {
    return ['', {}];
  } else throw new TaskActionError(`unexpected parameter type in action: ${JSON.stringify(thing)}`, key);
  if ('args' in args) {
    const { args: inner, ...others } = args;
    args = { ...others, ...(typeof inner === 'string' ? parseKeyValues(inner, false) : isMapping(inner) ? inner : {}) };
  }
  return [name, args];
}

function newStyle(thing: unknown, name: string): Record<string, unknown> {
  if (thing === null || thing === undefined) return {};
  if (typeof thing === 'string') return parseKeyValues(thing, isFreeForm(name));
  if (isMapping(thing)) return { ...thing };
  if (typeof thing === 'number' || typeof thing === 'boolean') return parseKeyValues(String(thing), isFreeForm(name));
  throw new TaskActionError(`unexpected parameter type in action: ${Array.isArray(thing) ? 'list' : typeof thing}`, name);
}

/** The module keys of a task: what is neither a task keyword nor a `with_` loop. */
export const moduleKeys = (raw: Record<string, unknown>) => Object.keys(raw).filter((key) => !TASK_KEYWORDS.has(key) && !WITH_LOOP.test(key));

/** The task's action; undefined when it names none (the caller says why, knowing the keys). */
export function taskAction(raw: Record<string, unknown>): TaskAction | undefined {
  let found: { written: string; args: Record<string, unknown>; key: string } | undefined;
  let local = false;
  if (raw.action !== undefined) {
    const [written, args] = oldStyle(raw.action, 'action');
    if (written) found = { written, args, key: 'action' };
  }
  if (raw.local_action !== undefined) {
    if (raw.action !== undefined) throw new TaskActionError('action and local_action are mutually exclusive', 'local_action');
    const [written, args] = oldStyle(raw.local_action, 'local_action');
    if (written) found = { written, args, key: 'local_action' };
    local = true;
  }
  for (const key of moduleKeys(raw)) {
    if (!resolveModuleName(key)) continue;
    if (found) throw new TaskActionError(`conflicting action statements: ${found.written}, ${key}`, key);
    found = { written: key, args: newStyle(raw[key], key), key };
  }
  if (!found) return undefined;
  const module = resolveModuleName(found.written);
  if (!module) throw new TaskActionError(`couldn't resolve module/action '${found.written}'. This often indicates a misspelling or missing collection`, found.key);
  let args = found.args;
  if (raw.args !== undefined) {
    if (!isMapping(raw.args)) throw new TaskActionError(`'args' must be a dictionary`, 'args');
    args = { ...raw.args, ...args };
  }
  return { written: found.written, module, args, local, key: found.key };
}
