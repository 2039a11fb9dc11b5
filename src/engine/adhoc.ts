/**
 * Ad-hoc runs: one module invocation on every selected host, in parallel. Every host ends with a
 * HostResult, whatever happens to it (unreachable, undefined variable, failed sudo): nothing a
 * single host does can stop the run or throw out of it.
 */
import { isDeployerError } from '../errors.js';
import type { Host } from '../inventory/model.js';
import { COMMAND_MODULES, planCommand, type CommandModule } from '../modules/command.js';
import { freeFormText } from '../modules/commands.js';
import { renderString } from '../templating/jinja.js';
import { becomeCommand, unwrapBecome } from '../transport/become.js';
import { resolveConnectionSettings, type ConnectionOptions } from '../transport/settings.js';
import { ConnectError } from '../transport/types.js';
import { runModule } from './adhoc-module.js';
import { ConnectionPool } from './connections.js';
import { HostVarsBuilder, type RunScope } from './host-vars.js';
import { forEachLimited } from './pool.js';
import type { HostResult } from './results.js';

export interface AdhocRequest extends RunScope {
  hosts: Host[];
  /** command, shell and raw run the args as a command; any other module runs as in a playbook. */
  module: string;
  args: string;
  forks: number;
  connection: ConnectionOptions;
  taskTimeoutMs?: number;
  /** The args are a finished command, not a template (deployer's own probes). */
  literal?: boolean;
  /** Connections shared with the caller, who closes them (a deploy's probes between its batches). */
  pool?: ConnectionPool;
}

const since = (started: number) => Date.now() - started;

/**
 * `abort`: when it fires, no further host is started and the commands running now are ended on
 * their hosts (process group and all); those hosts and the ones not started end `interrupted`.
 */
export async function runAdhoc(request: AdhocRequest, onResult: (result: HostResult) => void = () => {}, abort?: AbortSignal): Promise<HostResult[]> {
  const pool = request.pool ?? new ConnectionPool();
  const vars = new HostVarsBuilder(request);
  const results: HostResult[] = [];
  const stopping = new Promise<void>((resolve) => abort?.addEventListener('abort', () => void pool.interruptAll(request.connection.becomePassword).finally(resolve), { once: true }));
  try {
    await forEachLimited(request.hosts, request.forks, async (host) => {
      const interrupted = (msg: string): HostResult => ({ host: host.name, status: 'interrupted', stdout: '', stderr: '', msg, durationMs: 0 });
      if (abort?.aborted) {
        const result = interrupted('not started: the run was interrupted');
        results.push(result);
        onResult(result);
        return;
      }
      let result = await runOnHost(request, host, vars, pool);
      if (abort?.aborted) result = { ...result, status: 'interrupted', msg: 'interrupted: the command was stopped on the host' };
      results.push(result);
      onResult(result);
      // ad-hoc runs one command per host, so its connection can go as soon as it is done
      // (after an interrupt it stays open until the stop has gone through: TERM, then KILL)
      if (!abort?.aborted && !request.pool) await pool.close(host.name);
    });
  } finally {
    if (abort?.aborted) await stopping;
    if (!request.pool) await pool.closeAll();
  }
  return results;
}

async function runOnHost(request: AdhocRequest, host: Host, builder: HostVarsBuilder, pool: ConnectionPool): Promise<HostResult> {
  const started = Date.now();
  const failed = (msg: string, rc = -1): HostResult => ({ host: host.name, status: 'failed', rc, stdout: '', stderr: '', msg, durationMs: since(started) });
  let command: string;
  let plan: ReturnType<typeof planCommand> | undefined;
  let settings: ReturnType<typeof resolveConnectionSettings>;
  let vars: Record<string, unknown>;
  try {
    vars = builder.forHost(host);
    command = request.literal ? request.args : renderString(request.args, vars);
    settings = resolveConnectionSettings(host.name, templateConnectionVars(vars), request.connection);
    if (isCommandModule(request.module)) {
      // as ansible's -a: a JSON object is the module's arguments (`{"cmd": "whoami"}`)
      const json = jsonObject(command);
      if (json) command = freeFormText(request.module, json);
      plan = planCommand(request.module, command);
      command = plan.command;
    }
  } catch (error) {
    if (!isDeployerError(error)) throw error;
    const undefinedVar = /' is undefined$/.test(error.message);
    return failed(undefinedVar ? `The task includes an option with an undefined variable. The error was: ${error.message}` : error.message);
  }
  try {
    if (!plan) return await runModule({ host: host.name, module: request.module, args: command, vars, settings, pool, started });
    const connection = await pool.get(settings);
    const become = settings.become ? becomeCommand(command, settings.become) : undefined;
    const raw = await connection.exec(become?.command ?? command, { timeoutMs: request.taskTimeoutMs, respond: become?.respond });
    const unwrapped = become ? unwrapBecome(raw, become) : raw;
    if ('becomeError' in unwrapped) return { ...failed(unwrapped.becomeError), command };
    // as Ansible's task executor when the task's timeout ends it
    if (unwrapped.timedOut) return { ...failed(`The ${request.module} action failed to execute in the expected time frame (${Math.floor((request.taskTimeoutMs ?? 0) / 1000)}) and was terminated`), command };
    const outcome = plan.interpret(unwrapped);
    return {
      host: host.name,
      status: outcome.failed ? 'failed' : outcome.changed ? 'changed' : 'ok',
      rc: outcome.rc,
      stdout: outcome.stdout,
      stderr: outcome.stderr,
      ...(outcome.msg ? { msg: outcome.msg } : {}),
      durationMs: since(started),
      command,
    };
  } catch (error) {
    if (error instanceof ConnectError) {
      return { host: host.name, status: 'unreachable', stdout: '', stderr: '', msg: `Failed to connect to the host via ssh: ${error.message}`, durationMs: since(started) };
    }
    throw error;
  }
}

function jsonObject(text: string): Record<string, unknown> | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('{') || !trimmed.endsWith('}')) return undefined;
  try {
    const value: unknown = JSON.parse(trimmed);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const isCommandModule = (module: string): module is CommandModule => (COMMAND_MODULES as readonly string[]).includes(module);

/** Connection variables may themselves be templates (`ansible_host: "{{ inventory_hostname }}.dc"`). */
function templateConnectionVars(vars: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...vars };
  for (const [key, value] of Object.entries(vars)) {
    if (key.startsWith('ansible_') && typeof value === 'string') result[key] = renderString(value, vars);
  }
  return result;
}
