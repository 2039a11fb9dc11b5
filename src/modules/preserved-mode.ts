/** copy's and template's `mode: preserve`: the controller file's own permission bits, as Ansible's actions read them. */
import fs from 'node:fs';

/** The arguments with `mode: preserve` replaced by the local file's mode ('0%03o', as Ansible's copy and template actions write it). */
export function withPreservedMode(args: Record<string, unknown>, localFile: string): Record<string, unknown> {
  if (args.mode !== 'preserve') return args;
  return { ...args, mode: `0${(fs.statSync(localFile).mode & 0o7777).toString(8).padStart(3, '0')}` };
}
