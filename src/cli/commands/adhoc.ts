/**
 * Ad-hoc commands across a host pattern:
 *   deployer ssh PATTERN "CMD"        (also `deployer --ssh PATTERN "CMD"`, the Punchplatform form)
 *   deployer PATTERN -m MODULE -a ARGS (Ansible's form; -m defaults to command, any of deployer's modules)
 */
import { Command, Option } from 'commander';
import { COMMAND_MODULES } from '../../modules/command.js';
import { addRunOptions } from '../run-options.js';
import type { AdhocOptions } from './adhoc-run.js';

async function run(pattern: string, options: AdhocOptions, name: string): Promise<void> {
  const { runAdhocCommand } = await import('./adhoc-run.js');
  process.exitCode = await runAdhocCommand(pattern, options, name);
}

function addAdhocOptions(command: Command): Command {
  return addRunOptions(command)
    .option('-o, --one-line', 'one line per host')
    .option('--json', 'one JSON object per host: host, status, rc, stdout, stderr, duration_ms')
    .option('--list-hosts', 'only list the hosts the pattern selects')
    .option('--task-timeout <seconds>', 'stop a command that runs longer than this')
    .option('-v, --verbose', 'say which ansible.cfg is used, as ansible -v (repeatable)', (_v: string, previous = 0) => previous + 1, 0);
}

export function sshCommand(): Command {
  const command = new Command('ssh')
    .description('run a shell command on every host of a pattern, in parallel')
    .argument('<pattern>', 'host pattern, e.g. kafka_servers or "web:!web3"')
    .argument('<command...>', 'the command (quote it); {{ vars }} are rendered per host')
    .addOption(new Option('-m, --module-name <module>', 'how to run it').choices([...COMMAND_MODULES]).default('shell'))
    .addHelpText(
      'after',
      `
Examples:
  deployer ssh kafka_servers "df -h /data"
  deployer --ssh operator_servers "sudo rm -rf {{install_root}}/{{binaries_version}}/patch" -u vagrant
  deployer ssh all "uptime" -o

Exit codes (as Ansible): 0 all ok, 2 some hosts failed, 4 some hosts unreachable.
Failed and unreachable hosts are written to ssh.retry; re-run just them with -l @ssh.retry.`,
    );
  return addAdhocOptions(command).action(async (pattern: string, words: string[], options: AdhocOptions) => {
    await run(pattern, { ...options, args: words.join(' ') }, 'ssh');
  });
}

/** Ansible's `ansible PATTERN -m MODULE -a ARGS`, reached as `deployer PATTERN -m ... -a ...`. */
export function ansibleFormCommand(): Command {
  const command = new Command('adhoc')
    .description("Ansible's ad-hoc form: deployer PATTERN [-m MODULE] -a ARGS")
    .argument('<pattern>', 'host pattern')
    .option('-m, --module-name <module>', 'module to run: command, shell, raw, or any of deployer\'s modules (setup, ping, stat, file, copy, debug, ...)', 'command')
    .option('-a, --args <args>', "module arguments: the command, or 'k=v ...' (or JSON) for other modules");
  return addAdhocOptions(command).action(async (pattern: string, options: AdhocOptions) => {
    await run(pattern, options, 'adhoc');
  });
}
