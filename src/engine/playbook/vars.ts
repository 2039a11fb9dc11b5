/**
 * Variables in Ansible are templates until used: `vars: {url: "http://{{ host }}"}` means the
 * rendered value wherever `url` is read. Top-level values are rendered on first read, each
 * once, in dependency order; a variable that cannot be rendered only fails where it is used.
 */
import type { Vars } from '../../inventory/vars.js';
import { hasTemplate } from '../../templating/jinja.js';
import { templateValue } from '../../templating/expressions.js';

const FAILED = Symbol('failed to render');

class BrokenVariable {
  constructor(readonly error: unknown) {}
  toString(): string {
    throw this.error;
  }
}

/** Magic variables are never templates, and hostvars is a lazy view of every host: not scanned. */
const NOT_TEMPLATES = new Set(['hostvars', 'groups', 'group_names', 'play_hosts', 'ansible_play_hosts', 'ansible_play_hosts_all', 'ansible_play_batch', 'ansible_facts']);

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
  const pending = Object.keys(raw).filter((key) => !NOT_TEMPLATES.has(key) && needsRendering(raw[key]));
  for (const key of Object.keys(raw)) if (!pending.includes(key)) resolved[key] = raw[key];
  const resolveKey = (key: string): unknown => {
    const current = state.get(key);
    if (current === 'done' || current === FAILED) return resolved[key];
    if (current === 'resolving') throw new Error(`recursive loop detected in template string: ${String(raw[key])}`);
    state.set(key, 'resolving');
    try {
      // the context reads other variables through resolveKey, so their templates are rendered first
      const context = new Proxy(resolved, {
        // nunjucks copies every variable into its context, including the one being rendered:
        // that read must not count as a cycle, so it sees the unrendered text
        get: (target, name) => {
          if (typeof name !== 'string' || !pending.includes(name) || state.get(name) === 'done' || state.get(name) === FAILED) return target[name as string];
          return state.get(name) === 'resolving' ? raw[name] : resolveKey(name);
        },
        has: (target, name) => name in target || (typeof name === 'string' && pending.includes(name)),
        ownKeys: () => Object.keys(raw),
        getOwnPropertyDescriptor: (_, name) => (typeof name === 'string' && name in raw ? { enumerable: true, configurable: true, writable: true, value: undefined } : undefined),
      });
      resolved[key] = templateValue(raw[key], context);
      state.set(key, 'done');
    } catch (error) {
      resolved[key] = new BrokenVariable(error);
      state.set(key, FAILED);
    }
    return resolved[key];
  };
  for (const key of pending) resolveKey(key);
  return resolved;
}
