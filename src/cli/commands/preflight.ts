/** `deployer preflight`: the checks a deploy runs before it changes anything, alone. */
import { Command } from 'commander';
import { collect } from '../context.js';
import { addRunOptions, type RunOptions } from '../run-options.js';

export interface PreflightOptions extends RunOptions {
  tags?: string[];
  json?: boolean;
}

const EXIT_CODES = `
Checks, on every host of the deploy (-t and -l as for deploy): reachable; sudo makes the deploy
root; systemd runs the host (for components with a service); the filesystem of install_root has
room for the releases the host lacks (unpacked, plus the archive, plus 10%, at least 10 MiB);
on the controller, every archive is a readable gzip whose checksum is known (and matches
<archive>.sha256 when that file exists). A deploy runs the same checks first and stops before
any change when one fails; unreachable hosts are tolerated (reported), unless the settings'
rollout policy counts them.

Exit codes: 0 every check passed, 1 bad settings or options, 2 a check failed, 4 a host unreachable.`;

export function preflightCommand(): Command {
  const command = new Command('preflight')
    .description('check that every host of a deploy can take it (reachable, sudo, systemd, free space, archives) without changing anything')
    .option('-t, --tags <tags>', 'component names and deploy, config, patch, as for deploy', collect)
    .option('--json', 'every host with its facts and problems, and the archives, as one JSON document');
  return addRunOptions(command)
    .addHelpText('after', `\nExamples:\n  deployer preflight\n  deployer preflight -t kafka -l kafka_front\n${EXIT_CODES}`)
    .action(async (options: PreflightOptions) => {
      const { runPreflightCommand } = await import('./preflight-run.js');
      process.exitCode = await runPreflightCommand(options);
    });
}
