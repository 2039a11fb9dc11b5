/**
 * Modules whose action plugin is not the plain one. Deployer has none of those plugins: the few
 * whose plugin only chooses what module to run (`yum`: yum or dnf, from the host's package
 * manager) or passes the arguments through when no controller file is involved (`uri` without
 * `src`) run as the plugin would run them; any other such task fails when it runs, naming the
 * file and line of the task and the plugin it needs. A playbook that has them where they never
 * run (a role's `setup-RedHat.yml` on Debian) loads and lists as with Ansible.
 */
import type { ModuleContext } from '../modules/types.js';

interface ControllerAction {
  action: string;
  /** Whether there is a module of the name too (add_host-like actions have none). */
  module: boolean;
}

const known = new Map<string, ControllerAction>();

/** What the loader learnt of a name: its action plugin runs on the controller. */
export function noteControllerAction(fqcn: string, action: string, module: boolean): void {
  known.set(fqcn, { action, module });
}

export function controllerAction(fqcn: string): ControllerAction | undefined {
  return known.get(fqcn);
}

const YUM_BACKENDS = ['yum', 'yum4', 'dnf'];

/** The module a controller-side action runs and its arguments, or why deployer cannot run it (Ansible's message where its plugin fails). */
export function passThrough(fqcn: string, args: Record<string, unknown>, context: ModuleContext): { module: string; args: Record<string, unknown> } | { failed: Record<string, unknown> } | { refused: string } {
  const found = known.get(fqcn)!;
  const where = `${context.place.taskFile}${context.place.taskLine ? `:${context.place.taskLine}` : ''}`;
  const refused = (why: string) => ({ refused: `${where}: ${fqcn} needs its action plugin ${found.action} on the controller${why}: deployer runs modules through Ansible only when their action is the plain one, and does not have this one natively` });
  if (!found.module) return refused(' (an action without a module)');
  if (found.action === 'ansible.builtin.uri') {
    const remote = ['yes', 'true', 'on', '1'].includes(String(args.remote_src ?? '').toLowerCase());
    if (args.src !== undefined && !remote) return refused(' (to send its src file)');
    if (args.body_format === 'form-multipart') return refused(' (to send form-multipart files)');
    return { module: 'ansible.legacy.uri', args };
  }
  if (found.action === 'ansible.builtin.yum') {
    if (args.use !== undefined && args.use_backend !== undefined) return { failed: { failed: true, msg: "parameters are mutually exclusive: ('use', 'use_backend')" } };
    let backend = String(args.use ?? args.use_backend ?? 'auto');
    const known = (context.vars.ansible_facts as Record<string, unknown> | undefined)?.pkg_mgr;
    if (backend === 'auto' && typeof known === 'string') backend = known;
    if (!YUM_BACKENDS.includes(backend)) {
      // Ansible asks the setup module for the package manager again, and returns it as a fact
      return {
        failed: {
          ...(typeof known === 'string' && known !== 'auto' ? { ansible_facts: { pkg_mgr: known } } : {}),
          failed: true,
          msg: [
            'Could not detect which major revision of yum is in use, which is required to determine module backend.',
            'You should manually specify use_backend to tell the module whether to use the yum (yum3) or dnf (yum4) backend})',
          ],
        },
      };
    }
    const { use: _use, use_backend: _backend, ...rest } = args;
    return { module: `ansible.legacy.${backend === 'yum4' ? 'dnf' : backend}`, args: rest };
  }
  return refused('');
}
