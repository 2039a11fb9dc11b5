/** Running an ad-hoc command (loaded only when one runs: it brings the SSH stack). */
import { runAdhoc } from '../../engine/adhoc.js';
import { exitCodeFor, type HostResult } from '../../engine/results.js';
import { writeRetryFile } from '../../engine/retry.js';
import { OptionsError } from '../../errors.js';
import type { CommandModule } from '../../modules/command.js';
import { loadContext, processEnvironment, type Environment } from '../context.js';
import { printWarnings, useColor } from '../display.js';
import { formatAdhocResult, type AdhocFormat } from '../output/adhoc-output.js';
import { resolveRunOptions, type RunOptions } from '../run-options.js';

export interface AdhocOptions extends RunOptions {
  moduleName?: string;
  args?: string;
  oneLine?: boolean;
  json?: boolean;
  listHosts?: boolean;
  taskTimeout?: string;
}

export async function runAdhocCommand(pattern: string, options: AdhocOptions, name: string, environment: Environment = processEnvironment()): Promise<number> {
  const context = loadContext(options, environment);
  const hosts = context.selector.select(pattern, options.limit);
  printWarnings([...context.resolver.files.warnings, ...context.inventory.warnings]);
  if (options.listHosts) {
    process.stdout.write(`  hosts (${hosts.length}):\n${hosts.map((h) => `    ${h.name}\n`).join('')}`);
    return 0;
  }
  if (hosts.length === 0) {
    if (options.limit !== undefined) throw new OptionsError('Specified inventory, host pattern and/or --limit leaves us with no hosts to target.');
    printWarnings(['No hosts matched, nothing to do']);
    return 0;
  }
  if (!options.args?.trim()) throw new OptionsError(`No argument passed to ${options.moduleName} module`);
  const resolved = await resolveRunOptions(options, context.config, environment);
  const format: AdhocFormat = options.json ? 'json' : options.oneLine ? 'oneline' : 'minimal';
  const color = format !== 'json' && useColor(process.stdout);
  const results = await runAdhoc(
    {
      resolver: context.resolver,
      extraVars: resolved.extraVars,
      playHosts: hosts,
      hosts,
      module: options.moduleName as CommandModule,
      args: options.args,
      forks: resolved.forks,
      connection: resolved.connection,
      taskTimeoutMs: options.taskTimeout ? Number(options.taskTimeout) * 1000 : undefined,
    },
    (result) => process.stdout.write(`${formatAdhocResult(result, format, color)}\n`),
  );
  reportRetry(name, results, context.config, environment);
  return exitCodeFor(results);
}

function reportRetry(name: string, results: HostResult[], config: ReturnType<typeof loadContext>['config'], environment: Environment): void {
  const retry = results.filter((r) => r.status === 'failed' || r.status === 'unreachable').map((r) => r.host);
  const file = writeRetryFile(name, retry, { enabled: config.retryFilesEnabled, saveDir: config.retryFilesSavePath, cwd: environment.cwd });
  if (file) process.stderr.write(`to retry, use: --limit @${file}\n`);
}
