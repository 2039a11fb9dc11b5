/**
 * `copy` with a folder as `src`, as Ansible's copy action does it: `src: dir/` copies what is in
 * the folder, `src: dir` the folder itself (under `dest`); folders are made first (`directory_mode`
 * when given), then every file is put as a single copy would put it (checksum, `mode`, owner).
 */
import fs from 'node:fs';
import path from 'node:path';
import { shellQuote as q } from '../transport/become.js';
import type { ModuleContext, ModuleResult } from './types.js';

type Put = (context: ModuleContext, content: Buffer, args: Record<string, unknown>, sourceName?: string, file?: string) => Promise<ModuleResult>;

/** Folders and files under `root`, relative to `base`, in a stable order. */
function walk(root: string, base: string): { dirs: string[]; files: string[] } {
  const dirs: string[] = [];
  const files: string[] = [];
  const visit = (dir: string) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (fs.statSync(full).isDirectory()) {
        dirs.push(path.relative(base, full));
        visit(full);
      } else files.push(path.relative(base, full));
    }
  };
  if (root !== base) dirs.push(path.relative(base, root));
  visit(root);
  return { dirs, files };
}

export async function copyFolder(context: ModuleContext, localDir: string, src: string, args: Record<string, unknown>, put: Put): Promise<ModuleResult> {
  const dest = String(args.dest ?? '');
  if (!dest) return { failed: true, msg: 'dest is required' };
  const base = src.endsWith('/') ? localDir : path.dirname(localDir);
  const { dirs, files } = walk(localDir, base);
  const remote = (rel: string) => path.posix.join(dest, rel.split(path.sep).join('/'));
  let changed = false;
  const folders = [dest, ...dirs.map(remote)];
  if (!context.check) {
    const mode = args.directory_mode === undefined ? undefined : String(args.directory_mode);
    const script = folders.map((d) => `[ -d ${q(d)} ] || { mkdir -p -- ${q(d)} && echo __deployer_made__; } || exit 1${mode ? `; chmod ${q(mode)} ${q(d)}` : ''}`).join('\n');
    const made = await context.exec(script);
    if (made.exitCode !== 0) return { failed: true, msg: `could not make the folders under ${dest}: ${(made.stderr || made.stdout).trim()}` };
    changed = made.stdout.includes('__deployer_made__');
  }
  let last: ModuleResult = { changed: false };
  for (const rel of files) {
    const file = path.join(base, rel);
    last = await put(context, fs.readFileSync(file), { ...args, dest: remote(rel) }, path.basename(file), file);
    if (last.failed) return last;
    changed ||= Boolean(last.changed);
  }
  // Ansible reports a single file's copy as that copy, several as the folder's
  if (files.length === 1) return { ...last, changed };
  return { changed, dest: dest.endsWith('/') ? dest : `${dest}/`, src: localDir };
}
