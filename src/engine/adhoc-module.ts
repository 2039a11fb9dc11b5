/**
 * An ad-hoc run of a module other than command/shell/raw (`deployer all -m stat -a path=/etc`):
 * the module runs as in a playbook task, its `k=v` (or JSON) arguments rendered for each host,
 * its commands over the host's connection; the result is Ansible's result data. A module deployer
 * lacks runs through ansible-core's own code (../bridge/), as in a playbook.
 */
import path from 'node:path';
import { resolveModuleName, getModule } from '../modules/registry.js';
import { resolveTaskModule } from '../bridge/names.js';
import { ModuleArgumentError, type ModuleContext, type ModuleResult } from '../modules/types.js';
import { parseKeyValues } from '../playbook/parse-kv.js';
import { evaluate } from '../templating/expressions.js';
import { renderString } from '../templating/jinja.js';
import { becomeCommand, unwrapBecome } from '../transport/become.js';
import type { ConnectionSettings } from '../transport/settings.js';
import type { Vars } from '../inventory/vars.js';
import { DeployerError } from '../errors.js';
import type { ConnectionPool } from './connections.js';
import type { HostResult } from './results.js';

/** `-a 'path=/etc state=directory'` or `-a '{"path": "/etc"}'`, as Ansible's ad-hoc reads them. */
export function moduleArguments(text: string): Record<string, unknown> {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) return JSON.parse(trimmed) as Record<string, unknown>;
  return trimmed ? parseKeyValues(trimmed, false) : {};
}

/**
 * A result as Ansible shows it: `changed` false unless the module said otherwise (debug shows
 * none), without `failed` and `skipped` (the caption says them), nor `diff` and `exception`
 * (which Ansible's callbacks leave off the screen).
 */
function shownResult(module: string, result: ModuleResult): ModuleResult {
  const { failed: _failed, skipped: _skipped, diff: _diff, exception: _exception, ...shown } = result;
  if (module === 'debug') {
    const { changed: _changed, ...debugShown } = shown;
    return debugShown;
  }
  return { changed: false, ...shown };
}

export interface ModuleRun {
  host: string;
  module: string;
  args: string;
  vars: Vars;
  settings: ConnectionSettings;
  pool: ConnectionPool;
  started: number;
}

export async function runModule(run: ModuleRun): Promise<HostResult> {
  // a module deployer lacks runs through ansible-core (the bridge), as in a playbook
  const known = resolveModuleName(run.module) ? undefined : resolveTaskModule(run.module);
  if (known && 'error' in known) return { host: run.host, status: 'failed', stdout: '', stderr: '', durationMs: Date.now() - run.started, result: { msg: known.error } };
  const name = resolveModuleName(run.module) ?? known?.module;
  const finish = (result: ModuleResult): HostResult => ({
    host: run.host,
    status: result.failed ? 'failed' : result.changed ? 'changed' : 'ok',
    stdout: '',
    stderr: '',
    durationMs: Date.now() - run.started,
    result: name ? shownResult(name, result) : { msg: result.msg },
  });
  if (!name) return finish({ failed: true, msg: `The module ${run.module} was not found in configured module paths` });
  const cwd = process.cwd();
  const context: ModuleContext = {
    host: run.host,
    vars: run.vars,
    check: false,
    diff: false,
    searchDirs: [cwd],
    place: { baseDir: cwd, taskFile: path.join(cwd, 'adhoc') },
    exec: async (command, options) => {
      const connection = await run.pool.get(run.settings);
      const become = run.settings.become && options?.become !== false ? becomeCommand(command, run.settings.become) : undefined;
      const raw = await connection.exec(become?.command ?? command, { stdin: options?.stdin, respond: become?.respond });
      if (!become) return raw;
      const unwrapped = unwrapBecome(raw, become);
      if ('becomeError' in unwrapped) throw new DeployerError(unwrapped.becomeError);
      return unwrapped;
    },
    evaluate: (expression, condition) => evaluate(expression, run.vars, !condition),
    render: (text) => renderString(text, run.vars, { escapeBackslashes: false }),
  };
  try {
    return finish(await getModule(name).run(moduleArguments(run.args), context));
  } catch (error) {
    if (error instanceof ModuleArgumentError || error instanceof DeployerError || error instanceof SyntaxError) return finish({ changed: false, failed: true, msg: error.message });
    throw error;
  }
}
