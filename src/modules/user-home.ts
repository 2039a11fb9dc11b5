/** user's last step for a present account, as Ansible's module takes it: a home folder that is missing is made. */
import { shellQuote as q } from '../transport/become.js';
import type { ModuleContext } from './types.js';

/**
 * Makes `home` when it is not there (a copy of /etc/skel, else an empty folder), with the mode
 * /etc/login.defs' UMASK gives, owned by the account throughout; true when it was missing (in
 * check mode nothing is made).
 */
export async function makeMissingHome(context: ModuleContext, home: string, uid: string, gid: string): Promise<boolean> {
  const h = q(home);
  if (context.check) return (await context.exec(`[ -e ${h} ]`)).exitCode !== 0;
  const script = [
    `[ -e ${h} ] && exit 0`,
    `if [ -e /etc/skel ]; then cp -a /etc/skel ${h}; else mkdir -p -- ${h}; fi || exit 1`,
    `u=$(sed -n 's/^UMASK[[:space:]]\\{1,\\}\\([0-9]\\{1,\\}\\)$/\\1/p' /etc/login.defs 2>/dev/null | tail -n 1)`,
    `if [ -n "$u" ]; then chmod "$(printf '%o' $(( 0777 & ~0$u )))" ${h} || exit 1; fi`,
    `chown -R ${q(`${uid}:${gid}`)} ${h} || exit 1`,
    'echo made',
  ].join('\n');
  const result = await context.exec(script);
  if (result.exitCode !== 0) throw new Error(`making the home folder ${home}: ${result.stderr.trim()}`);
  return result.stdout.includes('made');
}
