/**
 * A file on the controller, looked for as Ansible 2.14's path_dwim_relative_stack looks: in
 * each folder of the task's search path (its role, then the folder of the file the task is
 * written in), under `<subdir>/` then directly, and last in the playbook's folder the same way.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ModuleArgumentError } from './types.js';

const MAINS = ['main.yml', 'main.yaml', 'main'];

/** Python's os.path.join for relative parts: no normalization, so `../x` stays as written in what is reported. */
const join = (...parts: string[]) => parts.join('/');

/** Ansible's imperfect role detection (_is_role): a main file in the folder, or tasks/ or meta/ mains beside it. */
function looksLikeRole(folder: string): boolean {
  const candidates = [
    ...MAINS.map((m) => path.join(folder, m)),
    ...[folder, path.dirname(folder)].flatMap((base) => ['tasks', 'meta'].flatMap((sub) => MAINS.map((m) => path.join(base, sub, m)))),
  ];
  return candidates.some((c) => fs.existsSync(c));
}

/** The places searched, in order. */
export function searchCandidates(stack: string[], subdir: string, source: string, baseDir: string): string[] {
  const search: string[] = [];
  for (const folder of stack) {
    const parent = path.dirname(folder);
    if (looksLikeRole(folder) && parent.endsWith('/tasks')) search.push(join(path.dirname(parent), subdir, source), join(parent, source));
    else search.push(join(folder, subdir, source), join(folder, source));
  }
  search.push(join(baseDir, subdir, source), join(baseDir, source));
  return search;
}

/** The task's search path (Ansible's get_search_path): its role's folder, then the folder of its file. */
export function taskSearchPath(place: { taskFile: string; rolePath?: string }): string[] {
  const taskDir = path.dirname(place.taskFile);
  return place.rolePath && place.rolePath !== taskDir ? [place.rolePath, taskDir] : [taskDir];
}

/** Ansible's AnsibleFileNotFound message. */
export function fileNotFound(source: string, searched: string[]): string {
  const where = searched.length ? `\nSearched in:\n\t${searched.join('\n\t')}` : '';
  return `Could not find or access '${source}'${where} on the Ansible Controller.\nIf you are using a module and expect the file to exist on the remote, see the remote_src option`;
}

export function findControllerFile(stack: string[], subdir: string, source: string, baseDir: string): string {
  if (source.startsWith('~') || path.isAbsolute(source)) {
    const absolute = path.resolve(source.replace(/^~(?=$|\/)/, process.env.HOME ?? '~'));
    if (fs.existsSync(absolute)) return absolute;
    throw new ModuleArgumentError(fileNotFound(source, []));
  }
  const searched = searchCandidates(stack, subdir, source, baseDir);
  const found = searched.find((candidate) => fs.existsSync(candidate));
  if (!found) throw new ModuleArgumentError(fileNotFound(source, searched));
  return found;
}
