/**
 * `deployer play PLAYBOOK`: Ansible-syntax playbooks run natively over deployer's SSH core.
 * Also reachable as `deployer playbook` and as the `deployer-playbook` binary.
 */
import { Command } from 'commander';
import { addRunOptions, type RunOptions } from '../run-options.js';
import { collect } from '../context.js';

export interface PlayOptions extends RunOptions {
  tags?: string[];
  skipTags?: string[];
  check?: boolean;
  diff?: boolean;
  listTasks?: boolean;
  listTags?: boolean;
  listHosts?: boolean;
  listModules?: boolean;
  startAtTask?: string;
  forceHandlers?: boolean;
  flushCache?: boolean;
  json?: boolean;
  verbose?: number;
  /** Undefined: a live view on a terminal, plain lines elsewhere. */
  progress?: boolean;
}

export function playCommand(): Command {
  const command = new Command('play')
    .alias('playbook')
    .description('run Ansible-syntax playbooks (same YAML as ansible-playbook), in parallel over SSH')
    .argument('<playbook...>', 'playbook files, run in order')
    .option('-t, --tags <tags>', 'only run plays and tasks tagged with these (comma-separated, repeatable)', collect)
    .option('--skip-tags <tags>', 'skip plays and tasks tagged with these (repeatable)', collect)
    .option('-C, --check', "don't make any changes; predict what would change")
    .option('-D, --diff', 'show the differences in changed files')
    .option('--list-tasks', 'list the tasks that would run')
    .option('--list-tags', 'list all available tags')
    .option('--list-hosts', 'list the hosts each play would run on')
    .option('--list-modules', "list each task's module and how it runs: natively, or through ansible-core (the bridge)")
    .option('--start-at-task <name>', 'start the playbook at the task with this name')
    .option('--force-handlers', 'run handlers even on hosts that failed')
    .option('--flush-cache', 'clear the fact cache (deployer keeps none between runs: accepted for ansible-playbook command lines)')
    .option('--json', 'one JSON object per event, for machines')
    .option('--progress', 'a live line per task counting hosts, details only for failures (default on a terminal, unless CI or NO_COLOR is set)')
    .option('--no-progress', "plain lines as ansible-playbook prints them (default in pipes, CI and with NO_COLOR)")
    .option('-v, --verbose', 'more output (repeatable)', (_v: string, previous = 0) => previous + 1, 0);
  return addRunOptions(command)
    .addHelpText('after', '\nExamples:\n  deployer play site.yml -i inventories/prod -t patch -l operator_servers\n  deployer play site.yml --check --diff\n\nExit codes (as ansible-playbook): 0 ok, 1 error, 2 some hosts failed, 4 some hosts unreachable.')
    .action(async (playbooks: string[], options: PlayOptions) => {
      const { runPlayCommand } = await import('./play-run.js');
      process.exitCode = await runPlayCommand(playbooks, options);
    });
}
