/**
 * A module deployer does not have, run through Ansible's own code: the helper builds its
 * AnsiballZ payload (modify_module, with the task's arguments and Ansible's internal ones, after
 * discovering the host's Python as Ansible does), deployer pipes it to that Python over its own
 * connection (with the task's become, through the held privileged shell where there is one), and
 * the helper reads the answer as Ansible's action plugin does.
 */
import type { ModuleContext, ModuleDef, ModuleResult } from '../modules/types.js';
import { ConnectError } from '../transport/types.js';
import { bridge } from './bridge.js';
import { HelperError } from './client.js';
import { controllerAction, passThrough } from './actions.js';

/** The variables Ansible's module building reads (interpreter, syslog, shell, remote tmp). */
const MODULE_VARS = ['ansible_python_interpreter', 'ansible_interpreter_python_fallback', 'ansible_syslog_facility', 'ansible_remote_tmp', 'ansible_shell_executable', 'inventory_hostname'];

/** The Python interpreter discovered on each host this run (Ansible keeps it as the fact discovered_interpreter_python). */
const discovered = new Map<string, string>();

function moduleVars(context: ModuleContext): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const name of MODULE_VARS) {
    const value = context.vars[name];
    if (value !== undefined && value !== null) vars[name] = typeof value === 'string' ? context.render(value) : value;
  }
  const facts = context.vars.ansible_facts as Record<string, unknown> | undefined;
  const known = discovered.get(context.host) ?? (typeof facts?.discovered_interpreter_python === 'string' ? facts.discovered_interpreter_python : undefined);
  vars.ansible_facts = known ? { discovered_interpreter_python: known } : {};
  return vars;
}

export function bridgedModule(fqcn: string): ModuleDef {
  return {
    async run(written: Record<string, unknown>, context: ModuleContext): Promise<ModuleResult> {
      let module = fqcn;
      let args = written;
      if (controllerAction(fqcn)) {
        const through = passThrough(fqcn, written, context);
        if ('refused' in through) return { failed: true, msg: through.refused };
        if ('failed' in through) return through.failed;
        ({ module, args } = through);
      }
      let lost: unknown;
      const answer = (await bridge()
        .runModule({ module, ...(module !== fqcn ? { written: module } : {}), args, check: context.check, diff: context.diff, no_log: Boolean(context.noLog), verbosity: context.verbosity ?? 0, vars: moduleVars(context) }, async (call) => {
          const stdin = typeof call.stdin === 'string' ? Buffer.from(call.stdin, 'base64') : undefined;
          try {
            const ran = await context.exec(String(call.cmd), { stdin, become: call.become !== false });
            return { rc: ran.exitCode ?? -1, stdout: ran.stdout, stderr: ran.stderr };
          } catch (error) {
            lost = error;
            return { error: (error as Error).message };
          }
        })
        .catch((error: unknown) => {
          if (lost instanceof ConnectError || (lost && error instanceof HelperError && error.pythonClass === 'unreachable')) throw lost;
          if (error instanceof HelperError) return { result: { failed: true, msg: error.message } };
          throw error;
        })) as { result: ModuleResult; interpreter?: string | null };
      const result = answer.result;
      if (answer.interpreter) {
        discovered.set(context.host, answer.interpreter);
        // with facts gathered, Ansible's setup module has discovered the interpreter already: later results do not carry it
        const facts = context.vars.ansible_facts as Record<string, unknown> | undefined;
        if (facts && Object.keys(facts).length && result.ansible_facts) {
          const { discovered_interpreter_python: _found, ...others } = result.ansible_facts as Record<string, unknown>;
          if (Object.keys(others).length) result.ansible_facts = others;
          else delete result.ansible_facts;
        }
      }
      return result;
    },
  };
}
