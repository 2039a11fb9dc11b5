/**
 * Where a task's lookups look for files (Ansible's `ansible_search_path`): the task's role
 * folder, the folder of the file that holds the task, then the playbook's folder.
 */
import path from 'node:path';
import type { Origin } from '../../playbook/model.js';

export function taskSearchPath(origin: Origin, role: { path: string } | undefined, playbookDir: string): string[] {
  const stack = role ? [role.path] : [];
  for (const dir of [path.dirname(origin.file), playbookDir]) if (!stack.includes(dir)) stack.push(dir);
  return stack;
}
