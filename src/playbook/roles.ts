/**
 * Roles as a play holds them (Ansible's ROLE_CACHE): a role named with the same parameters and
 * keywords is one instance, run once per host unless its meta says `allow_duplicates`; with
 * other parameters it is another instance. Each time a role is listed it runs as a block of its
 * dependencies' blocks then its own tasks, carrying the keywords (tags, when, ...) it was listed with.
 */
import type { Vars } from '../inventory/vars.js';
import { isMapping } from '../inventory/vars.js';
import { ROLE_KEYWORDS } from './keywords.js';
import type { BlockDef, Inheritable, Item, RoleDef } from './model.js';
import { roleLabel } from './role-search.js';

export interface LoadedRole extends RoleDef {
  instance: number;
  allowDuplicates: boolean;
  tasks: Item[];
  handlers: Item[];
  dependencies: { role: LoadedRole; keywords: Inheritable }[];
}

/** How a role is named where it is used: `- role: app` with parameters and keywords, or `import_role`. */
export interface RoleEntry {
  name: string;
  params: Vars;
  /** `vars:` given where the role is named: they join the role's vars, which every task of the play sees. */
  vars: Vars;
  keywords: Inheritable;
  /** What makes two entries the same instance (Ansible's hash_params over params, when, tags, vars, from_files). */
  identity: string;
}

/** The instances of one play's roles, by role path and identity. */
export type RoleCache = Map<string, LoadedRole>;

let instances = 0;
export const nextRoleInstance = () => ++instances;

export const NO_KEYWORDS: Inheritable = { tags: [], when: [], vars: {} };

/** JSON with sorted keys: equal data, equal text. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (isMapping(value)) return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${stableJson(value[k])}`).join(',')}}`;
  return JSON.stringify(value) ?? 'null';
}

/** The files import_role and include_role pick instead of a folder's main.yml (tasks_from, handlers_from, vars_from, defaults_from). */
export interface RoleFrom {
  tasks?: string;
  handlers?: string;
  vars?: string;
  defaults?: string;
}

/** The *_from arguments of import_role / include_role, as written. */
export function roleFrom(args: Record<string, unknown>): RoleFrom {
  const from: RoleFrom = {};
  for (const kind of ['tasks', 'handlers', 'vars', 'defaults'] as const) {
    const value = args[`${kind}_from`];
    if (value !== undefined && value !== null) from[kind] = String(value);
  }
  return from;
}

/**
 * A role entry: the keys that are no keyword are its parameters. `vars` are those of an
 * `import_role`/`include_role` task (IncludeRole adds them to the role's), else the entry's own.
 */
export function roleEntry(raw: unknown, keywords: (raw: Record<string, unknown>) => Inheritable, fromFiles: Vars = {}, includeVars?: Vars): RoleEntry {
  if (!isMapping(raw)) {
    const vars = includeVars ?? {};
    return { name: String(raw ?? ''), params: {}, vars, keywords: NO_KEYWORDS, identity: stableJson({ params: {}, when: [], tags: [], vars, fromFiles, included: includeVars !== undefined }) };
  }
  const name = String(raw.role ?? raw.name ?? '');
  const params = Object.fromEntries(Object.entries(raw).filter(([key]) => !ROLE_KEYWORDS.has(key)));
  const vars = isMapping(raw.vars) ? raw.vars : {};
  const identity = stableJson({ params, when: raw.when ?? [], tags: raw.tags ?? [], vars, fromFiles });
  return { name, params, vars, keywords: { ...keywords(raw), vars: {} }, identity };
}

/** The block that runs a role where it is listed: its dependencies' blocks, then its tasks. */
export function roleBlock(role: LoadedRole, keywords: Inheritable): BlockDef {
  return {
    kind: 'block',
    ...keywords,
    name: `role ${roleLabel(role)}`,
    role: { instance: role.instance, allowDuplicates: role.allowDuplicates },
    block: [...role.dependencies.map((dep) => roleBlock(dep.role, dep.keywords)), ...role.tasks],
    rescue: [],
    always: [],
    origin: { file: role.path },
  };
}

/** Every instance these roles reach, dependencies first, each once. */
export function roleInstances(roles: LoadedRole[], out: LoadedRole[] = []): LoadedRole[] {
  for (const role of roles) {
    roleInstances(role.dependencies.map((dep) => dep.role), out);
    if (!out.includes(role)) out.push(role);
  }
  return out;
}

/**
 * The handlers of these roles and their dependencies, each role's once, in a block of its own (a
 * role's handlers are one of Ansible's handler blocks); where a role was listed with keywords
 * (`- role: x` with `become_user: root`), its handlers keep them (they run as the role's tasks do).
 */
export function roleHandlers(roles: LoadedRole[], keywordsOf: Map<LoadedRole, Inheritable> = new Map()): Item[] {
  const seen = new Set<string>();
  return roleInstances(roles).flatMap((role): Item[] => {
    if (seen.has(role.path)) return [];
    seen.add(role.path);
    if (!role.handlers.length) return [];
    return [{ kind: 'block', ...(keywordsOf.get(role) ?? NO_KEYWORDS), name: `handlers of ${roleLabel(role)}`, block: role.handlers, rescue: [], always: [], origin: { file: role.path } }];
  });
}

/** The keywords each role was given where it is listed, or by the role that depends on it. */
export function listedKeywords(listed: { role: LoadedRole; keywords: Inheritable }[]): Map<LoadedRole, Inheritable> {
  const keywords = new Map<LoadedRole, Inheritable>();
  const walk = (role: LoadedRole, given: Inheritable) => {
    if (keywords.has(role)) return;
    keywords.set(role, given);
    for (const dep of role.dependencies) walk(dep.role, dep.keywords);
  };
  for (const { role, keywords: given } of listed) walk(role, given);
  return keywords;
}
