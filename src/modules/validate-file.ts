/**
 * copy's and template's `validate`: the new content is written to a temporary file on the host
 * and the command (with `%s` naming that file) must succeed before the destination is touched;
 * otherwise the task fails as Ansible's copy module fails it ("failed to validate", with the
 * command's exit status and output). Not run in check mode, as in Ansible.
 */
import path from 'node:path';
import type { ModuleContext, ModuleResult } from './types.js';
import { ModuleArgumentError } from './types.js';

const MARK = '__deployer_validate__';

/** The failure to return, or undefined when the content is valid. */
export async function validateContent(context: ModuleContext, dest: string, content: Buffer, validate: string, checksum: string): Promise<ModuleResult | undefined> {
  if (!validate.includes('%s')) throw new ModuleArgumentError(`validate must contain %s: ${validate}`);
  const command = validate.split('%s').join('"$tmp"');
  const dir = path.posix.dirname(dest).replace(/'/g, "'\\''");
  const script = [
    `tmp=$(mktemp '${dir}/.deployer-validate.XXXXXX') || exit 1`,
    'out=$(mktemp) && err=$(mktemp) || exit 1',
    'cat > "$tmp"',
    `( ${command} ) > "$out" 2> "$err"`,
    'rc=$?',
    `echo "${MARK}$rc"; base64 -w0 < "$out"; echo; base64 -w0 < "$err"; echo`,
    'rm -f "$tmp" "$out" "$err"',
  ].join('\n');
  const ran = await context.exec(script, { stdin: content });
  const at = ran.stdout.indexOf(MARK);
  if (at < 0) return { failed: true, changed: false, msg: `failed to validate: ${(ran.stderr || ran.stdout).trim()}` };
  const [rc, out = '', err = ''] = ran.stdout.slice(at + MARK.length).split('\n');
  if (rc === '0') return undefined;
  const stdout = Buffer.from(out, 'base64').toString('utf8');
  const stderr = Buffer.from(err, 'base64').toString('utf8');
  return { failed: true, changed: false, checksum, exit_status: Number(rc), msg: 'failed to validate', stderr, stderr_lines: stderr.split('\n').filter((line, i, all) => i < all.length - 1 || line), stdout, stdout_lines: stdout.split('\n').filter((line, i, all) => i < all.length - 1 || line) };
}
