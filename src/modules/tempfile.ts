/**
 * tempfile: a new file (mode 0600) or folder (0700) with a random name, as Python's mkstemp and
 * mkdtemp make them: PREFIX + 8 random characters + SUFFIX, in `path` or the host's TMPDIR
 * (else /tmp). Made with O_EXCL semantics (`set -C` for a file, mkdir for a folder), so an
 * existing name is never reused. Always changed, as Ansible's.
 */
import crypto from 'node:crypto';
import { shellQuote as q } from '../transport/become.js';
import { changeAndStat, describe } from './files.js';
import { ModuleArgumentError, type ModuleDef } from './types.js';

const NAME_CHARACTERS = 'abcdefghijklmnopqrstuvwxyz0123456789_';

function randomName(): string {
  return [...crypto.randomBytes(8)].map((byte) => NAME_CHARACTERS[byte % NAME_CHARACTERS.length]).join('');
}

export const tempfile: ModuleDef = {
  async run(args, context) {
    const state = String(args.state ?? 'file');
    if (state !== 'file' && state !== 'directory') throw new ModuleArgumentError(`value of state must be one of: directory, file, got: ${state}`);
    const prefix = String(args.prefix ?? 'ansible.');
    const suffix = String(args.suffix ?? '');
    const name = `${prefix}${randomName()}${suffix}`;
    const dir = args.path === undefined || args.path === null ? '"${TMPDIR:-/tmp}"' : q(String(args.path));
    const create = state === 'directory' ? `mkdir -m 700 -- "$t"` : `(umask 077; set -C; : > "$t")`;
    const script = `t=${dir}/${q(name)}; ${create} && echo "$t"`;
    if (context.check) return { changed: true, path: '', state };
    const printed = await context.exec(`${script}`);
    if (printed.exitCode !== 0) return { changed: false, failed: true, msg: (printed.stderr || printed.stdout).trim() || `exit ${printed.exitCode}` };
    const file = printed.stdout.trim().split('\n')[0];
    const stat = await changeAndStat(context, 'true', file, 'tempfile');
    return { changed: true, ...describe(file, stat, state) };
  },
};
