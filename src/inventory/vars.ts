/** Variable dictionaries and how Ansible combines them (`hash_behaviour`). */
export type Vars = Record<string, unknown>;

export type HashBehaviour = 'replace' | 'merge';

let hashBehaviour: HashBehaviour = 'replace';

/** Set once from ansible.cfg / ANSIBLE_HASH_BEHAVIOUR before an inventory is loaded. */
export function setHashBehaviour(behaviour: HashBehaviour): void {
  hashBehaviour = behaviour;
}

export function isMapping(value: unknown): value is Vars {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `b` over `a`: top-level keys replace (Ansible's default), or dictionaries merge recursively. */
export function combineVars(a: Vars, b: Vars): Vars {
  if (hashBehaviour === 'merge') return mergeHash(a, b);
  return { ...a, ...b };
}

export const currentHashBehaviour = (): HashBehaviour => hashBehaviour;

export function mergeHash(a: Vars, b: Vars): Vars {
  const result: Vars = { ...a };
  for (const [key, value] of Object.entries(b)) {
    const current = result[key];
    result[key] = isMapping(current) && isMapping(value) ? mergeHash(current, value) : value;
  }
  return result;
}

/** Sets one variable in place, with the same rule as combineVars (used while parsing, where copying would be quadratic). */
export function setVar(vars: Vars, key: string, value: unknown): void {
  const current = vars[key];
  vars[key] = hashBehaviour === 'merge' && isMapping(current) && isMapping(value) ? mergeHash(current, value) : value;
}
