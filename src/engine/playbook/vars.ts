/**
 * Variables in Ansible are templates until used: `vars: {url: "http://{{ host }}"}` means the
 * rendered value wherever `url` is read. Top-level values are rendered on first read, each
 * once, in dependency order; a variable that cannot be rendered only fails where it is used.
 */
import type { Vars } from '../../inventory/vars.js';
import { BrokenVariable, hasTemplate, LAZY_VARIABLES, NOT_FOUND } from '../../templating/jinja.js';
import { TEMPLATED_VARIABLES, templateValue } from '../../templating/expressions.js';
import { isRegistered } from './registered.js';

const FAILED = Symbol('failed to render');


/** Magic variables are never templates (a rescue's ansible_failed_task and _result are data, as Ansible wraps them unsafe), and hostvars is a lazy view of every host: not scanned. */
const NOT_TEMPLATES = new Set(['hostvars', 'groups', 'group_names', 'play_hosts', 'ansible_play_hosts', 'ansible_play_hosts_all', 'ansible_play_batch', 'ansible_facts', 'ansible_failed_task', 'ansible_failed_result']);

function needsRendering(value: unknown, depth = 0): boolean {
  if (depth > 32) return false;
  if (typeof value === 'string') return hasTemplate(value);
  if (Array.isArray(value)) return value.some((v) => needsRendering(v, depth + 1));
  if (value && typeof value === 'object' && !(value instanceof Number) && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.values(value).some((v) => needsRendering(v, depth + 1));
  }
  return false;
}

export function resolveVars(raw: Vars): Vars {
  const resolved: Vars = {};
  const state = new Map<string, 'resolving' | 'done' | typeof FAILED>();
  const pending = new Set(Object.keys(raw).filter((key) => !NOT_TEMPLATES.has(key) && !isRegistered(raw[key]) && needsRendering(raw[key])));
  for (const key of Object.keys(raw)) if (!pending.has(key)) resolved[key] = raw[key];
  (resolved as Record<symbol, unknown>)[TEMPLATED_VARIABLES] = pending;
  const unrendered = (name: string | symbol) => typeof name === 'string' && pending.has(name) && state.get(name) !== 'done' && state.get(name) !== FAILED;
  const resolveKey = (key: string): unknown => {
    const current = state.get(key);
    if (current === 'done' || current === FAILED) return resolved[key];
    if (current === 'resolving') throw new Error(`recursive loop detected in template string: ${String(raw[key])}`);
    state.set(key, 'resolving');
    try {
      resolved[key] = templateValue(raw[key], context);
      state.set(key, 'done');
    } catch (error) {
      resolved[key] = new BrokenVariable(error, raw[key]);
      state.set(key, FAILED);
    }
    return resolved[key];
  };
  // A template sees the variables through this view: a key still unrendered is rendered when a
  // template names it (once), through `in` and get, or LAZY_VARIABLES for code that copies keys.
  const lookup = (name: string) => (unrendered(name) ? resolveKey(name) : name in resolved ? resolved[name] : NOT_FOUND);
  const context: Vars = new Proxy(resolved, {
    get: (target, name) => (name === LAZY_VARIABLES ? lookup : unrendered(name) ? resolveKey(name as string) : target[name as string]),
    has: (target, name) => name === LAZY_VARIABLES || name in target || (typeof name === 'string' && pending.has(name)),
    ownKeys: () => [...Object.keys(raw).filter((key) => !unrendered(key)), LAZY_VARIABLES],
    getOwnPropertyDescriptor: (target, name) =>
      name === LAZY_VARIABLES ? { enumerable: true, configurable: true, writable: true, value: lookup } : typeof name === 'string' && name in target && !unrendered(name) ? { enumerable: true, configurable: true, writable: true, value: target[name] } : undefined,
  });
  for (const key of pending) resolveKey(key);
  return resolved;
}
