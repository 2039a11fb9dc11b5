/**
 * `group_vars/` and `host_vars/` beside each inventory source (Ansible's host_group_vars plugin):
 * for an entity named `web`, the first of `web`, `web.yml`, `web.yaml`, `web.json` that exists;
 * when that is a folder, every file in it (recursively, in name order, skipping hidden and `~`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { DeployerError } from '../errors.js';
import { readFolder, readUserText, statPath } from '../formats/read-file.js';
import { loadDataFile } from '../formats/yaml.js';
import { combineVars, isMapping, type Vars } from './vars.js';

const EXTENSIONS = ['', '.yml', '.yaml', '.json'];

export class VarsFiles {
  private readonly cache = new Map<string, Vars>();
  private readonly dirListings = new Map<string, Set<string> | null>();
  readonly warnings: string[] = [];

  /** The folder whose group_vars/host_vars apply to a source: the source itself, or its folder. */
  static baseDirFor(source: string): string | undefined {
    if (source.includes(',') && !fs.existsSync(source)) return undefined;
    try {
      return fs.statSync(source).isDirectory() ? source : path.dirname(source);
    } catch {
      return path.dirname(source);
    }
  }

  vars(baseDir: string, kind: 'group_vars' | 'host_vars', name: string): Vars {
    if (name.startsWith('/')) return {};
    const key = `${kind}\0${baseDir}\0${name}`;
    let vars = this.cache.get(key);
    if (!vars) {
      vars = {};
      for (const file of this.findFiles(path.join(baseDir, kind), name)) vars = combineVars(vars, this.load(file));
      this.cache.set(key, vars);
    }
    return vars;
  }

  /** Entries of a vars folder, listed once: a 50,000-host inventory must not stat 200,000 paths. */
  private listing(dir: string): Set<string> | null {
    if (!this.dirListings.has(dir)) {
      let entries: Set<string> | null = null;
      try {
        entries = new Set(fs.readdirSync(dir));
      } catch {
        entries = null;
      }
      this.dirListings.set(dir, entries);
    }
    return this.dirListings.get(dir)!;
  }

  private findFiles(dir: string, name: string): string[] {
    const entries = this.listing(dir);
    if (!entries) return [];
    for (const extension of EXTENSIONS) {
      if (!entries.has(name + extension)) continue;
      const full = path.join(dir, name + extension);
      return statPath(full, 'Vars file').isDirectory() ? this.filesIn(full) : [full];
    }
    return [];
  }

  private filesIn(dir: string): string[] {
    const found: string[] = [];
    for (const entry of readFolder(dir, 'Vars folder')) {
      if (entry.startsWith('.') || entry.endsWith('~')) continue;
      const full = path.join(dir, entry);
      const extension = path.extname(entry);
      const stat = statPath(full, 'Vars file');
      if (stat.isDirectory() && !extension) found.push(...this.filesIn(full));
      else if (stat.isFile() && EXTENSIONS.includes(extension)) found.push(full);
    }
    return found;
  }

  private load(file: string): Vars {
    const { data, warnings } = loadDataFile(readUserText(file, 'Vars file'), file);
    this.warnings.push(...warnings);
    if (data === null || data === undefined || data === '') return {};
    if (!isMapping(data)) {
      throw new DeployerError(`${file}: expected a dictionary of variables, got ${Array.isArray(data) ? 'a list' : typeof data}`);
    }
    return data;
  }
}
