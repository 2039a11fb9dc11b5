/**
 * Which module a task runs and with which arguments, in every form Ansible 2.14's
 * ModuleArgsParser accepts: `copy: src=a dest=b`, `copy: {src: a}`, `action: copy src=a`,
 * `action: {module: copy, src: a}`, `local_action: ...` (the same, delegated to localhost),
 * each with `args:` under them.
 */
import { isMapping } from '../inventory/vars.js';
import { splitPreservingQuotes } from '../modules/command.js';
import { resolveModuleName } from '../modules/registry.js';
import { TASK_KEYWORDS, WITH_LOOP } from './keywords.js';
import { parseKeyValues } from './parse-kv.js';

/** Modules whose words without `=` are the command itself (Ansible's MODULE_REQUIRE_ARGS). */
const FREE_FORM = new Set(['command', 'shell', 'raw', 'script']);
/** The actions that take free-form text at all (Ansible's RAW_PARAM_MODULES). */
const RAW_PARAM_ACTIONS = new Set([...FREE_FORM, 'include', 'include_vars', 'include_tasks', 'include_role', 'import_tasks', 'import_role', 'add_host', 'group_by', 'set_fact', 'meta']);
/** Jinja's opening delimiters: text holding one is a template (Ansible's is_template). */
const hasTemplate = (text: string) => /\{\{|\{%|\{#/.test(text);

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

/** A module name that is a template, rendered per host when the task runs. */
export const isTemplated = (name: string) => name.includes('{{') || name.includes('{%');

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

/** What a module name means: a module to run, a module that cannot run here (why), or nothing known (undefined). */
export type ResolveModule = (name: string) => { module: string } | { error: string } | undefined;

const nativeOnly: ResolveModule = (name) => {
  const module = resolveModuleName(name);
  return module ? { module } : undefined;
};

/** The module keys of a task: what is neither a task keyword nor a `with_` loop. */
export const moduleKeys = (raw: Record<string, unknown>) => Object.keys(raw).filter((key) => !TASK_KEYWORDS.has(key) && !WITH_LOOP.test(key));

/** The task's action; undefined when it names none (the caller says why, knowing the keys). */
export function taskAction(raw: Record<string, unknown>, resolve: ResolveModule = nativeOnly): TaskAction | undefined {
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
    if (!resolve(key)) continue;
    if (found) throw new TaskActionError(`conflicting action statements: ${found.written}, ${key}`, key);
    found = { written: key, args: newStyle(raw[key], key), key };
  }
  if (!found) return undefined;
  // `action: "{{ pkg_mgr }}"`: as Ansible, a templated module name is resolved when the task runs
  const templated = (found.key === 'action' || found.key === 'local_action') && isTemplated(found.written);
  const resolved = templated ? { module: found.written } : resolve(found.written);
  if (resolved && 'error' in resolved) throw new TaskActionError(resolved.error, found.key);
  const module = resolved?.module;
  if (!module) throw new TaskActionError(`couldn't resolve module/action '${found.written}'. This often indicates a misspelling or missing collection`, found.key);
  let args = found.args;
  if (raw.args !== undefined) {
    if (!isMapping(raw.args)) throw new TaskActionError(`'args' must be a dictionary`, 'args');
    args = { ...raw.args, ...args };
  }
  // as Ansible's ModuleArgsParser: free-form text given to another module is a template of its arguments, or an error
  if (!templated && args._raw_params !== undefined && args._raw_params !== '' && !RAW_PARAM_ACTIONS.has(module)) {
    const { _raw_params: rawParams, ...rest } = args;
    if (!hasTemplate(String(rawParams))) {
      throw new TaskActionError(`this task '${found.written}' has extra params, which is only allowed in the following modules: ${[...RAW_PARAM_ACTIONS].join(', ')}`, found.key);
    }
    args = { ...rest, _variable_params: rawParams };
  }
  return { written: found.written, module, args, local, key: found.key };
}
