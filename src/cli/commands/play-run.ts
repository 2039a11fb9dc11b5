/** Running `deployer play` (loaded only when a playbook runs). */
import fs from 'node:fs';
import path from 'node:path';
import chalk from 'chalk';
import { PlaybookRunner } from '../../engine/playbook/runner.js';
import { updateRetryFile } from '../../engine/retry.js';
import { OptionsError, ParseError } from '../../errors.js';
import { collectionsPaths, rolesPath } from '../../config/ansible-cfg.js';
import { loadPlaybook, type LoadedPlaybook } from '../../playbook/loader.js';
import { splitTags } from '../../playbook/tags.js';
import { parseExtraVars } from '../../config/extra-vars.js';
import { listPlaybooks } from './play-list.js';
import { loadContext, processEnvironment, warnIfNoHosts, type Environment } from '../context.js';
import { printWarnings, reportRetryFile, useColor, useProgress } from '../display.js';
import { PlaybookPrinter } from '../output/playbook-output.js';
import { PlaybookProgress } from '../output/playbook-progress.js';
import { resolveRunOptions } from '../run-options.js';
import type { PlayOptions } from './play.js';
import { bridge } from '../../bridge/bridge.js';
import { listModules } from '../../bridge/list-modules.js';
import { installBridgedPlugins } from '../../bridge/plugins.js';

/** A playbook that does not parse ends the command with ansible-playbook's exit code for it (4, AnsibleParserError). */
const PARSER_ERROR_EXIT = 4;
function asAnsibleParserError<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof ParseError) error.exitCode = PARSER_ERROR_EXIT;
    throw error;
  }
}

export async function runPlayCommand(files: string[], options: PlayOptions, environment: Environment = processEnvironment()): Promise<number> {
  const context = await loadContext(options, environment);
  warnIfNoHosts(context);
  printWarnings([...context.resolver.files.warnings, ...context.inventory.warnings]);
  const sources = { rolesPath: rolesPath(context.config, environment.env), collectionsPaths: collectionsPaths(context.config, environment.env) };
  // what deployer lacks (modules, filters, tests, lookups) is looked for in ansible-core, with the playbooks' collections/ and plugin folders
  installBridgedPlugins();
  for (const file of files) bridge().addPlaybookDir(path.dirname(path.resolve(environment.cwd, file)));
  const playbooks: LoadedPlaybook[] = files.map((file) => asAnsibleParserError(() => loadPlaybook(path.resolve(environment.cwd, file), sources)));
  printWarnings(playbooks.flatMap((playbook) => playbook.warnings));
  const only = splitTags(options.tags);
  const skip = splitTags(options.skipTags);

  if (options.listModules) {
    process.stdout.write(`${listModules(playbooks, files).join('\n')}\n`);
    return 0;
  }

  if (options.listTasks || options.listTags || options.listHosts) {
    const request = { tasks: Boolean(options.listTasks), tags: Boolean(options.listTags), hosts: Boolean(options.listHosts), only, skip, limit: options.limit };
    process.stdout.write(asAnsibleParserError(() => listPlaybooks(playbooks, files, context.selector, { ...request, extraVars: parseExtraVars(options.extraVars ?? [], environment.cwd) })));
    return 0;
  }

  const resolved = await resolveRunOptions(options, context.config, environment);
  const write = (text: string) => void process.stdout.write(text);
  const live = !options.json && !options.verbose && (options.progress ?? useProgress(process.stdout));
  const printer = live ? new PlaybookProgress(write, useColor(process.stdout)) : new PlaybookPrinter(write, useColor(process.stdout), options.verbose ?? 0, context.config.showCustomStats ?? false);
  let stopping: Promise<never> | undefined;
  const runner = new PlaybookRunner(
    {
      inventory: context.inventory,
      resolver: context.resolver,
      selector: context.selector,
      limit: options.limit,
      extraVars: resolved.extraVars,
      connection: resolved.connection,
      forks: resolved.forks,
      onlyTags: only,
      skipTags: skip,
      check: Boolean(options.check),
      diff: Boolean(options.diff),
      startAtTask: options.startAtTask,
      forceHandlers: options.forceHandlers ?? context.config.forceHandlers,
      gathering: context.config.gathering,
      strategy: context.config.strategy,
      errorOnMissingHandler: context.config.errorOnMissingHandler,
      verbosity: options.verbose ?? 0,
    },
    (event) => {
      // after Ctrl-C the tasks that were stopped report nothing, as with ansible-playbook
      if (stopping) return;
      if (event.type === 'warning' && !options.json) printWarnings([event.message], { wrap: true });
      else if (options.json) {
        if (event.type === 'recap') process.stdout.write(`${JSON.stringify({ type: 'recap', stats: Object.fromEntries(event.stats.hosts) })}\n`);
        else process.stdout.write(`${JSON.stringify(event)}\n`);
      } else printer.handle(event);
    },
  );
  const name = path.basename(files[files.length - 1]).replace(/\.ya?ml$/, '');
  const retry = (failed: string[], succeeded: string[]) =>
    updateRetryFile(name, { failed, succeeded }, { enabled: context.config.retryFilesEnabled, saveDir: context.config.retryFilesSavePath, cwd: environment.cwd });
  // as ansible-playbook: Ctrl-C ends the run with "User interrupted execution" and exit code 99,
  // after the commands running on the hosts are ended; the play's hosts go to the retry file
  // (written to the descriptors: the live view holds process.stdout and stderr while it draws)
  const interrupted = () => {
    stopping ??= stop();
  };
  const stop = async (): Promise<never> => {
    process.once('SIGINT', () => process.exit(130));
    if (live) fs.writeSync(1, '\x1b[?25h\n');
    fs.writeSync(2, 'stopping: ending the commands still running on the hosts (press Ctrl-C again to quit at once)\n');
    const hosts = await runner.interrupt();
    const failed = [...runner.stats.hosts].filter(([, s]) => s.failed || s.unreachable).map(([h]) => h);
    const saved = retry([...new Set([...failed, ...hosts])], []);
    if (saved.file) fs.writeSync(2, `to retry, use: --limit @${saved.file}\n`);
    if (hosts.length) fs.writeSync(2, `interrupted on ${hosts.length} host${hosts.length === 1 ? '' : 's'}: ${hosts.join(', ')}\n`);
    fs.writeSync(2, `${useColor() ? chalk.red('[ERROR]: User interrupted execution') : '[ERROR]: User interrupted execution'}\n`);
    process.exit(99);
  };
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const exitCode = await runner.run(playbooks.flatMap((p) => p.plays)).finally(() => {
    process.off('SIGINT', interrupted);
    process.off('SIGTERM', interrupted);
    bridge().close();
  });
  if (stopping) await stopping;
  if (printer instanceof PlaybookProgress) await printer.done();
  const hosts = [...runner.stats.hosts];
  reportRetryFile(retry(hosts.filter(([, s]) => s.failed || s.unreachable).map(([h]) => h), hosts.filter(([, s]) => !s.failed && !s.unreachable).map(([h]) => h)));
  if (files.length === 0) throw new OptionsError('no playbook given');
  return exitCode;
}
