/**
 * `deployer deploy` (also `--deploy`), `restart`, `rollback` and `history`: the platform's
 * releases from the deployment settings, with the playbooks shipped in playbooks/.
 */
import { Command, InvalidArgumentError } from 'commander';
import { collect } from '../context.js';
import { addRunOptions, type RunOptions } from '../run-options.js';
import { addSettingsOptions } from '../settings-options.js';
import type { SettingsOptions } from '../../settings/locate.js';

export interface DeployOptions extends RunOptions {
  tags?: string[];
  skipTags?: string[];
  check?: boolean;
  diff?: boolean;
  progress?: boolean;
  to?: string;
  patch?: boolean;
  breakLock?: boolean;
  lockWait?: number;
  plan?: boolean;
  yes?: boolean;
  json?: boolean;
}

const EXIT_CODES = '\nExit codes (as ansible-playbook): 0 ok, 1 error (nothing was run: bad settings, the deploy lock held, the plan not confirmed), 2 some hosts failed (or the pre-flight did: nothing was changed), 3 the run lost the deploy lock (no batch started after that), 4 some hosts unreachable, 99 interrupted.';

function lockSeconds(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number of seconds');
  return Number(value);
}

function withOutputOptions(command: Command): Command {
  return command
    .option('--break-lock', 'take over a stale deploy lock (its holder is gone); never a live one')
    .option('--lock-wait <seconds>', 'wait up to this long for the deploy lock held by another run (default: state_options.lock_wait, else 0: refuse at once)', lockSeconds)
    .option('--progress', 'a live line per task (default on a terminal, unless CI or NO_COLOR is set)')
    .option('--no-progress', 'plain lines as ansible-playbook prints them')
    .option('--json', 'events for machines, one JSON object per line (each component, rollout phase and host result, the journal record); never asks')
    .option('-y, --yes', "don't ask before restarting services (on a terminal, what restarts is shown and confirmed first)");
}

export function deployCommand(): Command {
  const command = new Command('deploy')
    .description('install, update, reconfigure or patch the components of the settings on their hosts (also --deploy)')
    .option('-t, --tags <tags>', 'component names and deploy, config, patch (comma-separated, repeatable; default: everything)', collect)
    .option('--skip-tags <tags>', 'skip the tasks tagged with these (repeatable)', collect)
    .option('-C, --check', "don't make any changes; predict what would change")
    .option('-D, --diff', 'show the differences in changed files')
    .option('--plan', 'print the plan (components in order, versions from → to per host, batches, health gates) and exit; nothing is changed');
  return addRunOptions(withOutputOptions(command))
    .addHelpText('after', `\nExamples:\n  deployer --deploy -u vagrant -t patch -l punchplatform_operator_servers\n  deployer deploy -t app,config --check --diff\n  deployer deploy --plan -l main${EXIT_CODES}`)
    .action(async (options: DeployOptions) => {
      const { runDeploy } = await import('./deploy-run.js');
      process.exitCode = await runDeploy('deploy', [], options);
    });
}

export function restartCommand(): Command {
  const command = new Command('restart')
    .description('restart components in batches under their rollout policy (one host at a time by default), hosts down counted, each batch healthy before the next (after a deploy with restart: deferred)')
    .argument('<component...>', 'the components to restart');
  return addRunOptions(withOutputOptions(command))
    .addHelpText('after', `\nExample:\n  deployer restart kafka -l kafka_front${EXIT_CODES}`)
    .action(async (components: string[], options: DeployOptions) => {
      const { runDeploy } = await import('./deploy-run.js');
      process.exitCode = await runDeploy('restart', components, options);
    });
}

export function rollbackCommand(): Command {
  const command = new Command('rollback')
    .description("point components back to their previous release (recorded when the current one was deployed) and restart; --patch removes the binary patch instead")
    .argument('[component...]', 'the components to roll back (all with a service when none is named)')
    .option('--to <version>', 'go to this version (its release must still be on the hosts) rather than the previous one')
    .option('--patch', 'remove the patch folder of the patchable components and restart them');
  return addRunOptions(withOutputOptions(command))
    .addHelpText('after', `\nExamples:\n  deployer rollback app\n  deployer rollback app --to 1.0.0 -l node01\n  deployer rollback --patch -l shiva_servers${EXIT_CODES}`)
    .action(async (components: string[], options: DeployOptions) => {
      const { runDeploy } = await import('./deploy-run.js');
      process.exitCode = await runDeploy(options.patch ? 'rollback-patch' : 'rollback', components, options);
    });
}

export function historyCommand(): Command {
  const command = new Command('history')
    .description('the journal: every deploy, patch, restart and rollback, newest last')
    .option('-n, --number <n>', 'only the last n records', (v) => Number(v))
    .option('--json', 'the records as JSON lines');
  return addSettingsOptions(command).action(async (options: SettingsOptions & { number?: number; json?: boolean }) => {
    const { runHistory } = await import('./history-run.js');
    await runHistory(options);
  });
}
