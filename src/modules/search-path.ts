/**
 * A file on the controller for an action such as include_vars, looked for as Ansible 2.14's
 * _find_needle does: path_dwim_relative_stack over the task's search path (its role, then the
 * folder of the file the task is written in), then the playbook's folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { searchCandidates } from '../templating/lookups/search-path.js';
import { ModuleArgumentError } from './types.js';

/** The task's search path (Ansible's get_search_path): its role's folder, then the folder of its file. */
export function actionSearchPath(place: { taskFile: string; rolePath?: string }): string[] {
  const taskDir = path.dirname(place.taskFile);
  return place.rolePath && place.rolePath !== taskDir ? [place.rolePath, taskDir] : [taskDir];
}

/** Ansible's AnsibleFileNotFound message. */
function fileNotFound(source: string, searched: string[]): string {
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
