/** Task names as Ansible's banners and --list-tasks show them: `role : name`, or the action when unnamed. */
import type { IncludeDef, TaskDef } from './model.js';
import { roleLabel } from './role-search.js';

/** `role : name`, a collection's role as `ns.coll.role : name`. */
const inRole = (role: { name: string; collection?: string } | undefined, name: string) => (role ? `${roleLabel(role)} : ${name}` : name);

/** A task's banner name: its name, or the action as written when it has none, after its role's. */
export function taskName(task: TaskDef): string {
  return inRole(task.role, task.name ?? task.action);
}

/** An include: include_tasks as any task; include_role never with its role's prefix (IncludeRole.get_name). */
export function includeName(include: IncludeDef, target?: string): string {
  if (include.what === 'role') return include.name ?? `include_role : ${target ?? include.target}`;
  return inRole(include.role, include.name ?? include.action);
}

/** What --list-tasks shows: a named task's banner name, an unnamed one's action as written alone (no role prefix). */
export function listedName(item: TaskDef | IncludeDef): string {
  if (item.kind === 'task') return item.name ? taskName(item) : item.action;
  return item.name ? includeName(item) : item.action;
}
