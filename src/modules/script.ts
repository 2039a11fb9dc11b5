/**
 * script: a script of the controller's `files/` copied to the host and run there, with its
 * arguments as written, as Ansible's script action does: creates and removes read first, chdir
 * absolute, check mode only with creates or removes.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { shellQuote as q } from '../transport/become.js';
import { shlexSplit } from '../inventory/shlex.js';
import { splitlines } from '../formats/splitlines.js';
import { findLocalFile } from './files.js';
import type { ModuleContext, ModuleDef } from './types.js';

const given = (value: unknown) => (value === undefined || value === null || value === '' ? undefined : String(value));

/** Ansible's _remote_file_exists for creates and removes: the path itself, links not followed. */
async function remoteExists(context: ModuleContext, paths: string[]): Promise<boolean[]> {
  const result = await context.exec(paths.map((p) => `if [ -e ${q(p)} ] || [ -L ${q(p)} ]; then echo y; else echo n; fi`).join('; '));
  return result.stdout.trim().split('\n').map((answer) => answer === 'y');
}

/**
 * The command the host runs: the text as written, the script's name in it replaced by where the
 * script was put (so quotes around a path with spaces stay), after `executable` when one is given.
 */
export function scriptCommand(text: string, name: string, remote: string, executable?: string): string {
  const command = text.replace(name, remote);
  return executable ? `${executable} ${command}` : command;
}

export const script: ModuleDef = {
  async run(args, context) {
    const creates = given(args.creates);
    const removes = given(args.removes);
    if (creates !== undefined || removes !== undefined) {
      const [created, present] = await remoteExists(context, [creates ?? '/', removes ?? '/']);
      if (creates !== undefined && created) return { changed: false, skipped: true, msg: `${creates} exists, matching creates option` };
      if (removes !== undefined && !present) return { changed: false, skipped: true, msg: `${removes} does not exist, matching removes option` };
    }
    const chdir = given(args.chdir);
    if (chdir !== undefined && !chdir.startsWith('/')) return { changed: false, failed: true, msg: `chdir ${chdir} must be an absolute path for a Unix-aware remote node`, exception: 'NoneType: None\n' };
    const text = String(args.cmd ?? args._raw_params ?? '').trim();
    const name = shlexSplit(text, { comments: false })[0];
    if (!name) return { changed: false, failed: true, msg: 'no script given' };
    const local = findLocalFile(context, 'files', name);
    if (context.check) {
      // as Ansible's: creates or removes said it would run; without them the script's effect cannot be told
      return creates !== undefined || removes !== undefined ? { changed: true } : { changed: false, skipped: true, msg: 'Check mode is not supported for this task.' };
    }
    // a folder of its own, named here so the command can name the script inside any quotes it was written in
    const folder = `/tmp/deployer-script-${crypto.randomBytes(12).toString('hex')}`;
    const remote = `${folder}/${path.basename(local)}`;
    const command = scriptCommand(text, name, remote, given(args.executable));
    const body = `mkdir -m 700 ${q(folder)} && cat > ${q(remote)} && chmod 700 ${q(remote)} || exit 1\n${chdir ? `cd ${q(chdir)} && ` : ''}${command}\nrc=$?; rm -rf ${q(folder)}; exit $rc`;
    const result = await context.exec(body, { stdin: fs.readFileSync(local) });
    const rc = result.exitCode ?? -1;
    return {
      changed: true,
      rc,
      stdout: result.stdout,
      stdout_lines: splitlines(result.stdout),
      stderr: result.stderr,
      stderr_lines: splitlines(result.stderr),
      ...(rc !== 0 ? { failed: true, msg: 'non-zero return code' } : {}),
    };
  },
};
