/**
 * ansible.builtin.fileglob: the files (not folders) matching a pattern whose last part may hold
 * wildcards. A bare pattern is tried in each search path's `files/` then the path itself; one
 * with a folder looks for that folder as the file lookup would. Names come in the folder's own
 * order, as Python's glob gives them (unsorted), and hidden files only for a pattern starting with a dot.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fnmatchToRegExp } from '../../inventory/fnmatch.js';
import { findFile, pyJoin, searchPath } from './search-path.js';
import { str } from './terms.js';
import type { Lookup } from './types.js';

/** Folder entries in the order the file system gives them (fs.readdirSync sorts them). */
function entries(dir: string): string[] {
  let handle: fs.Dir;
  try {
    handle = fs.opendirSync(dir);
  } catch {
    return [];
  }
  const names: string[] = [];
  try {
    for (let entry = handle.readSync(); entry; entry = handle.readSync()) names.push(entry.name);
  } finally {
    handle.closeSync();
  }
  return names;
}

const isFile = (p: string) => fs.statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;

/** Python's glob.glob for a pattern with wildcards in its last part only. */
function glob(pattern: string): string[] {
  const dir = path.dirname(pattern);
  const base = path.basename(pattern);
  if (!/[*?[]/.test(base)) return fs.existsSync(pattern) ? [pattern] : [];
  const match = fnmatchToRegExp(base);
  const prefix = pattern.slice(0, pattern.length - base.length);
  return entries(dir || '.')
    .filter((name) => match.test(name) && (base.startsWith('.') || !name.startsWith('.')))
    .map((name) => prefix + name);
}

export const fileglob: Lookup = {
  run(terms, _options, context) {
    return terms.flatMap((term) => {
      const pattern = str(term);
      const name = path.basename(pattern);
      const folders = name !== pattern ? [findFile(context, 'files', path.dirname(pattern))] : searchPath(context).flatMap((p) => [pyJoin(p, 'files'), p]);
      for (const folder of folders) {
        if (!folder) continue;
        const found = glob(pyJoin(folder, name)).filter(isFile);
        if (found.length) return found;
      }
      return [];
    });
  },
};
