/** Lookup options as Ansible's plugin config reads them: a given option, else its documented default. */
import { ansibleBoolean } from '../../config/ansible-cfg.js';
import type { LookupOptions } from './types.js';

export const boolOption = (options: LookupOptions, name: string, fallback: boolean): boolean => (options[name] === undefined || options[name] === null ? fallback : ansibleBoolean(options[name]));

/** An option of type list: a string is split on commas, as Ansible's ensure_type does. */
export function listOption(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  if (typeof value === 'string') return value.split(',').map((s) => s.trim());
  return Array.isArray(value) ? value : [value];
}
