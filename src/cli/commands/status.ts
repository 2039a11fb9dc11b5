/** `deployer status` (also `deployer versions`): desired, configured and running version of every component on every host. */
import { Command } from 'commander';
import { collect } from '../context.js';
import { addRunOptions, type RunOptions } from '../run-options.js';

export interface StatusOptions extends RunOptions {
  component?: string[];
  json?: boolean;
  fromState?: boolean;
}

const EXIT_CODES = `
States: ok, restart pending (the unit, a patch or a configuration file would start something
else than what runs), drift (what runs is not the settings' version), not running, unknown
(no unit and no process of the component), unreachable.

Exit codes (as a monitoring check's): 0 every row ok, 1 a restart pending or a drift, 2 a
service not running or a host unreachable, 3 a row unknown or the status could not be read
(bad settings), 5 bad options.`;

export function statusCommand(): Command {
  const command = new Command('status')
    .alias('versions')
    .description('what each host runs: the desired (settings), configured (systemd unit) and running (process table) version of every component')
    .argument('[pattern]', 'host pattern (default all)', 'all')
    .option('-c, --component <names>', 'only these components (comma-separated, repeatable)', collect)
    .option('--json', 'every row with every field, and the per-component summary, as one JSON document')
    .option('--from-state', 'the status recorded in the state store (by the last live status and deploys), with its age; no host is asked');
  return addRunOptions(command, { shortConnection: false })
    .addHelpText('after', `\nExamples:\n  deployer status\n  deployer status kafka_servers -c kafka --json\n${EXIT_CODES}`)
    .action(async (pattern: string, options: StatusOptions) => {
      const { runStatus } = await import('./status-run.js');
      process.exitCode = await runStatus(pattern, options);
    });
}
