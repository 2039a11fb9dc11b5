/** Running an ad-hoc command (loaded only when one runs: it brings the SSH stack). */
import { runAdhoc } from '../../engine/adhoc.js';
import { bridge } from '../../bridge/bridge.js';
import { EXIT_INTERRUPTED, exitCodeFor, needsRetry, type HostResult } from '../../engine/results.js';
import { updateRetryFile } from '../../engine/retry.js';
import { OptionsError } from '../../errors.js';
import type { Host } from '../../inventory/model.js';
import { COMMAND_MODULES } from '../../modules/command.js';
import { isLoaderAction, resolveModuleName } from '../../modules/registry.js';
import { loadContext, processEnvironment, warnIfNoHosts, type Environment } from '../context.js';
import { printWarnings, reportRetryFile, useColor } from '../display.js';
import { interruptible, reportInterrupted } from '../interrupt.js';
import { formatAdhocResult, type AdhocFormat } from '../output/adhoc-output.js';
import { resolveRunOptions, type RunOptions } from '../run-options.js';

export interface AdhocOptions extends RunOptions {
  moduleName?: string;
  args?: string;
  oneLine?: boolean;
  json?: boolean;
  listHosts?: boolean;
  taskTimeout?: string;
  verbose?: number;
}

interface PreparedRun {
  context: Awaited<ReturnType<typeof loadContext>>;
  hosts: Host[];
  resolved: Awaited<ReturnType<typeof resolveRunOptions>>;
}

/** Loads the inventory and options, selects the hosts; undefined when there is nothing to run. */
async function prepare(pattern: string, options: AdhocOptions, environment: Environment): Promise<PreparedRun | undefined> {
  const context = await loadContext(options, environment);
  warnIfNoHosts(context, pattern);
  const hosts = context.selector.select(pattern, options.limit);
  printWarnings([...context.resolver.files.warnings, ...context.inventory.warnings]);
  if (options.listHosts) {
    process.stdout.write(`  hosts (${hosts.length}):\n${hosts.map((h) => `    ${h.name}\n`).join('')}`);
    return undefined;
  }
  if (hosts.length === 0) {
    if (options.limit !== undefined && context.inventory.hosts.size > 0) throw new OptionsError('Specified inventory, host pattern and/or --limit leaves us with no hosts to target.');
    printWarnings(['No hosts matched, nothing to do']);
    return undefined;
  }
  return { context, hosts, resolved: await resolveRunOptions(options, context.config, environment) };
}

function request(run: PreparedRun, module: string, args: string, options: AdhocOptions) {
  return {
    resolver: run.context.resolver,
    extraVars: run.resolved.extraVars,
    playHosts: run.hosts,
    hosts: run.hosts,
    module,
    args,
    forks: run.resolved.forks,
    connection: run.resolved.connection,
    taskTimeoutMs: options.taskTimeout ? Number(options.taskTimeout) * 1000 : undefined,
  };
}

export async function runAdhocCommand(pattern: string, options: AdhocOptions, name: string, environment: Environment = processEnvironment()): Promise<number> {
  const run = await prepare(pattern, options, environment);
  if (!run) return 0;
  const module = resolveModuleName(options.moduleName ?? 'command') ?? options.moduleName ?? 'command';
  if (isLoaderAction(module)) throw new OptionsError(`'${module}' is not a valid action for ad-hoc commands`);
  const needsArgs = (COMMAND_MODULES as readonly string[]).includes(module);
  if (needsArgs && !options.args?.trim()) throw new OptionsError(`No argument passed to ${module} module`);
  const format: AdhocFormat = options.json ? 'json' : options.oneLine ? 'oneline' : 'minimal';
  if (options.verbose && format !== 'json') {
    const file = run.context.config.configFile;
    process.stdout.write(file ? `Using ${file} as config file\n` : 'No config file found; using defaults\n');
  }
  const color = format !== 'json' && useColor(process.stdout);
  const stop = interruptible();
  const results = await runAdhoc(
    request(run, module, options.args ?? '', options),
    (result) => process.stdout.write(`${formatAdhocResult(result, format, color)}\n`),
    stop.signal,
  ).finally(() => {
    stop.dispose();
    // the helper that ran a module deployer lacks, if one did
    bridge().close();
  });
  return finish(name, results, run, environment, stop.signal);
}

/** The retry file, and the exit code: Ansible's for the results, 99 when the run was interrupted. */
function finish(name: string, results: HostResult[], run: PreparedRun, environment: Environment, stopped: AbortSignal): number {
  reportRetry(name, results, run.context.config, environment);
  if (!stopped.aborted) return exitCodeFor(results);
  reportInterrupted(results.filter((r) => r.status === 'interrupted').map((r) => r.host));
  return EXIT_INTERRUPTED;
}

/**
 * A fact gathered from every host (df, ps): the same parallel run, but the output is a table
 * built from all hosts' parsed answers; hosts that failed are listed after it.
 */
export async function runFactCommand(
  pattern: string,
  command: string,
  options: AdhocOptions,
  name: string,
  table: (results: HostResult[]) => string,
  environment: Environment = processEnvironment(),
): Promise<number> {
  const run = await prepare(pattern, options, environment);
  if (!run) return 0;
  const stop = interruptible();
  const results = await runAdhoc(request(run, 'raw', command, options), undefined, stop.signal).finally(() => stop.dispose());
  if (options.json) {
    for (const result of results) process.stdout.write(`${formatAdhocResult(result, 'json', false)}\n`);
  } else {
    process.stdout.write(table(results.filter((r) => !needsRetry(r))));
    const color = useColor(process.stdout);
    for (const result of results.filter(needsRetry)) {
      process.stdout.write(`${formatAdhocResult(result, options.oneLine ? 'oneline' : 'minimal', color)}\n`);
    }
  }
  return finish(name, results, run, environment, stop.signal);
}

function reportRetry(name: string, results: HostResult[], config: Awaited<ReturnType<typeof loadContext>>['config'], environment: Environment): void {
  const failed = results.filter(needsRetry).map((r) => r.host);
  const succeeded = results.filter((r) => !failed.includes(r.host)).map((r) => r.host);
  reportRetryFile(updateRetryFile(name, { failed, succeeded }, { enabled: config.retryFilesEnabled, saveDir: config.retryFilesSavePath, cwd: environment.cwd }));
}
