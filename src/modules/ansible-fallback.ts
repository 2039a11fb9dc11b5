/**
 * A native module that applies some of the arguments of Ansible's module of the same name: given
 * any other (backup, validate, non_unique, contains, ...), Ansible's own module runs the task
 * through the bridge, and without ansible-core the task fails naming what deployer does not do,
 * rather than ignoring it.
 */
import { bridge } from '../bridge/bridge.js';
import { bridgedModule } from '../bridge/module.js';
import type { ModuleDef } from './types.js';

export function withAnsibleFallback(module: string, handled: readonly string[], native: ModuleDef): ModuleDef {
  const own = new Set(handled);
  const ansible = bridgedModule(`ansible.builtin.${module}`);
  return {
    async run(args, context) {
      const unsupported = Object.keys(args).filter((key) => !own.has(key));
      if (!unsupported.length) return native.run(args, context);
      const available = bridge().available();
      if (available.ok) return ansible.run(args, context);
      return {
        failed: true,
        msg: `${module}: ${unsupported.join(', ')} not supported natively (deployer's ${module} takes ${handled.join(', ')}), and Ansible's own ${module} module cannot run: ${available.reason}`,
      };
    },
  };
}
