/** What `register` keeps of a task's result, as Ansible's strategy registers it. */
import type { ModuleResult } from '../../modules/types.js';

/** The value without the keys Ansible keeps for itself (`_ansible_verbose_always`...), at any depth. */
export function withoutInternalKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutInternalKeys);
  if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== Object.prototype) return value;
  const kept: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) if (!key.startsWith('_ansible_')) kept[key] = withoutInternalKeys(item);
  return kept;
}

/** Registered results: data that is never templated again (Ansible wraps a module's result unsafe). */
const registered = new WeakSet<object>();

export const isRegistered = (value: unknown): boolean => typeof value === 'object' && value !== null && registered.has(value);

/** The result without internal keys, nor the module's `invocation` (strip_internal_keys, then del invocation). */
export function registeredValue(result: ModuleResult): ModuleResult {
  const { invocation: _invocation, ...kept } = withoutInternalKeys(result) as ModuleResult;
  registered.add(kept);
  return kept;
}
