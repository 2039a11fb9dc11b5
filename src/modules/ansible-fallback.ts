/**
 * A native module that applies some of the arguments of Ansible's module of the same name: given
 * any other (backup, validate, non_unique, contains, ...), Ansible's own module runs the task
 * through the bridge, and without ansible-core the task fails naming what deployer does not do,
 * rather than ignoring it.
 */
import { bridge } from '../bridge/bridge.js';
import { bridgedModule } from '../bridge/module.js';
import type { ModuleDef } from './types.js';

/**
 * `handled`: the argument names deployer applies, or a function naming the arguments (as given)
 * it does not apply in this task.
 */
export function withAnsibleFallback(module: string, handled: readonly string[] | ((args: Record<string, unknown>) => string[]), native: ModuleDef): ModuleDef {
  const own = typeof handled === 'function' ? undefined : new Set(handled);
  const ansible = bridgedModule(`ansible.builtin.${module}`);
  return {
    async run(args, context) {
      const unsupported = own ? Object.keys(args).filter((key) => !own.has(key)) : (handled as (args: Record<string, unknown>) => string[])(args);
      if (!unsupported.length) return native.run(args, context);
      const available = bridge().available();
      if (available.ok) return ansible.run(args, context);
      return {
        failed: true,
        msg: `${module}: ${unsupported.join(', ')} not supported natively${own ? ` (deployer's ${module} takes ${[...own].join(', ')})` : ''}, and Ansible's own ${module} module cannot run: ${available.reason}`,
      };
    },
  };
}
