/** Task names as Ansible's banners and --list-tasks show them: `role : name`, or the action when unnamed. */
import type { IncludeDef, TaskDef } from './model.js';

const inRole = (role: { name: string } | undefined, name: string) => (role ? `${role.name} : ${name}` : name);

export function taskName(task: TaskDef): string {
  return inRole(task.role, task.name ?? task.module);
}

/** An include: include_tasks as any task; include_role never with its role's prefix (IncludeRole.get_name). */
export function includeName(include: IncludeDef, target?: string): string {
  if (include.what === 'role') return include.name ?? `include_role : ${target ?? include.target}`;
  return inRole(include.role, include.name ?? 'include_tasks');
}

/** What --list-tasks shows: a named task's banner name, an unnamed one's action alone (no role prefix). */
export function listedName(item: TaskDef | IncludeDef): string {
  if (item.kind === 'task') return item.name ? taskName(item) : item.module;
  return item.name ? includeName(item) : `include_${item.what}`;
}
