/**
 * Where lookups find their files on the controller, as Ansible's loader finds them: the task's
 * search path (`ansible_search_path`: the role's folder, the task file's folder, the playbook's
 * folder), each tried with the lookup's subfolder (`files`, `templates`, `vars`) first, then the
 * loader's base folder as the last resort.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { LookupContext } from './types.js';

/** Python's os.path.join: the parts are not normalized (`/a/./b` stays), an absolute part restarts. */
export function pyJoin(...parts: string[]): string {
  let result = '';
  for (const part of parts) {
    if (part.startsWith('/') || result === '') result = part;
    else result += (result.endsWith('/') ? '' : '/') + part;
  }
  return result;
}

const expandUser = (p: string) => p.replace(/^~(?=$|\/)/, os.homedir());

/** Ansible's unfrackpath without following links: absolute (from the current folder), normalized. */
export const unfrackPath = (p: string) => path.resolve(expandUser(p));

/** Ansible's path_dwim: a relative path is relative to the loader's base folder. */
export function pathDwim(given: string, basedir: string): string {
  return unfrackPath(given.startsWith('/') || given.startsWith('~') ? given : pyJoin(basedir, given));
}

const exists = (p: string) => fs.existsSync(p);

/** The loader's guess whether a folder is a role's (or a role's tasks folder). */
function isRole(dir: string): boolean {
  const full = unfrackPath(dir);
  const parent = path.dirname(dir);
  const untasked = ['main.yml', 'main.yaml', 'main'].map((m) => pyJoin(dir, m));
  const tasked = [full, parent].flatMap((base) => ['tasks/main.yml', 'tasks/main.yaml', 'tasks/main', 'meta/main.yml', 'meta/main.yaml', 'meta/main'].map((m) => pyJoin(base, m)));
  return (/(?:^|\/)+tasks\/?$/.test(dir) && untasked.some(exists)) || tasked.some(exists);
}

/** The places a relative `source` is looked for, in order (Ansible's path_dwim_relative_stack). */
export function searchCandidates(paths: string[], subdir: string, source: string, basedir: string): string[] {
  const candidates: string[] = [];
  for (const dir of paths) {
    const full = unfrackPath(dir);
    const parent = path.dirname(full);
    if (isRole(dir) && parent.endsWith('/tasks')) {
      candidates.push(pyJoin(path.dirname(parent), subdir, source), pyJoin(parent, source));
    } else {
      candidates.push(pyJoin(full, subdir, source), pyJoin(full, source));
    }
  }
  candidates.push(pyJoin(basedir, subdir, source), pyJoin(basedir, source));
  return candidates;
}

/** The first existing file for `source`, or undefined. */
export function findInPaths(paths: string[], subdir: string, source: string, basedir: string): string | undefined {
  if (source.startsWith('/') || source.startsWith('~')) {
    const full = unfrackPath(source);
    return exists(full) ? full : undefined;
  }
  return searchCandidates(paths, subdir, source, basedir).find(exists);
}

/** The task's search path: `ansible_search_path`, else the role's folder or the base folder. */
export function searchPath(context: LookupContext): string[] {
  const vars = context.variables;
  if ('ansible_search_path' in vars && Array.isArray(vars.ansible_search_path)) return vars.ansible_search_path.map(String);
  return [typeof vars.role_path === 'string' ? vars.role_path : context.basedir];
}

/** Ansible's find_file_in_search_path: the file, or undefined (with a warning unless `ignoreMissing`). */
export function findFile(context: LookupContext, subdir: string, needle: string, ignoreMissing = false): string | undefined {
  const found = findInPaths(searchPath(context), subdir, needle, context.basedir);
  if (found === undefined && !ignoreMissing) context.warn(`Unable to find '${needle}' in expected paths (use -vvvvv to see paths)`);
  return found;
}
