/**
 * copy to a `dest` that ends in `/`: the folders missing on the way are made, as Ansible's copy
 * module makes them (makedirs, then `directory_mode` when given, and owner and group, on each
 * folder it made). Without the trailing slash a missing folder is an error (Ansible's "Destination
 * directory ... does not exist", see files.ts).
 */
import path from 'node:path';
import { shellQuote as q } from '../transport/become.js';
import type { ModuleContext, ModuleResult } from './types.js';

/** A failure when a folder could not be made, else undefined: go on. */
export async function makeMissingFolders(context: ModuleContext, dest: string, args: Record<string, unknown>): Promise<ModuleResult | undefined> {
  const folder = path.posix.dirname(dest);
  // in check mode Ansible's action plugin reports the change before its module would make anything
  if (context.check || (await context.exec(`[ -e ${q(folder)} ]`)).exitCode === 0) return undefined;
  const attributes = [
    args.directory_mode !== undefined && args.directory_mode !== null ? `chmod ${q(String(args.directory_mode))} "$made"` : '',
    args.owner !== undefined && args.owner !== null ? `chown ${q(String(args.owner))} "$made"` : '',
    args.group !== undefined && args.group !== null ? `chgrp ${q(String(args.group))} "$made"` : '',
  ].filter(Boolean);
  // the folders that do not exist yet, innermost first; made at once, then given their attributes
  const script = [
    `missing=; d=${q(folder)}; while [ ! -e "$d" ]; do missing="$d\n$missing"; d=$(dirname -- "$d"); done`,
    `mkdir -p -- ${q(folder)} || exit 1`,
    ...(attributes.length ? [`printf '%s' "$missing" | while IFS= read -r made; do ${attributes.join(' && ')} || exit 1; done`] : []),
  ].join('\n');
  const made = await context.exec(script);
  return made.exitCode === 0 ? undefined : { failed: true, msg: `could not make ${folder}: ${(made.stderr || made.stdout).trim()}` };
}
