/**
 * The `deployer` command line. Options may come before or after positionals, as with Ansible,
 * and the Punchplatform forms `--deploy` / `--ssh` are accepted as command names.
 */
import { Command } from 'commander';
import { ansibleFormCommand, sshCommand } from './commands/adhoc.js';
import { deployCommand, historyCommand, restartCommand, rollbackCommand } from './commands/deploy.js';
import { dfCommandLine, psCommandLine } from './commands/facts.js';
import { inventoryCommand } from './commands/inventory.js';
import { playCommand } from './commands/play.js';
import { statusCommand } from './commands/status.js';
import { lockCommand } from './commands/lock.js';
import { preflightCommand } from './commands/preflight.js';
import { generateInventoryCommand, graphCommand, validateCommand } from './commands/settings.js';
import { printError } from './display.js';
import { failureOf } from './failures.js';

const COMMANDS = ['inventory', 'ssh', 'adhoc', 'df', 'ps', 'play', 'playbook', 'validate', 'generate-inventory', 'graph', 'deploy', 'restart', 'rollback', 'history', 'status', 'versions', 'lock', 'help'];
/** Options that take a value, so that the value is not mistaken for a command name. */
const VALUE_OPTIONS = new Set(['-i', '--inventory', '-l', '--limit', '-u', '--user', '-e', '--extra-vars', '-f', '--forks', '-m', '--module-name', '-a', '--args', '-T', '--timeout', '-c', '--connection', '--private-key', '--key-file', '--become-user', '--become-method', '--ssh-common-args', '--ssh-extra-args', '--task-timeout', '--output', '-t', '--tags', '--skip-tags', '--start-at-task', '--settings', '--conf-dir', '--to', '-n', '--number', '--component']);

/**
 * Accepts the spellings users already type: `deployer --ssh grp "cmd"` (the Punchplatform
 * deployer's) is `deployer ssh grp "cmd"`, and `deployer PATTERN -m shell -a CMD` (Ansible's) is
 * the `adhoc` command.
 */
export function normalizeArgv(argv: string[]): string[] {
  const aliases: Record<string, string> = { '--ssh': 'ssh', '--deploy': 'deploy', '--generate-inventory': 'generate-inventory', '-gi': 'generate-inventory' };
  const aliasIndex = argv.findIndex((arg) => arg in aliases);
  let firstPositional = -1;
  for (let i = 0; i < argv.length; i++) {
    if (VALUE_OPTIONS.has(argv[i])) i++;
    else if (!argv[i].startsWith('-')) {
      firstPositional = i;
      break;
    }
  }
  if (aliasIndex !== -1 && (firstPositional === -1 || aliasIndex < firstPositional)) {
    return [aliases[argv[aliasIndex]], ...argv.slice(0, aliasIndex), ...argv.slice(aliasIndex + 1)];
  }
  const ansibleForm = argv.some((arg) => ['-m', '--module-name', '-a', '--args'].includes(arg) || /^-[ma]./.test(arg));
  if (firstPositional !== -1 && !COMMANDS.includes(argv[firstPositional]) && ansibleForm) return ['adhoc', ...argv];
  return argv;
}

export function buildProgram(): Command {
  const program = new Command('deployer')
    .description('Ansible-compatible inventories and fast, safe fleet operations over SSH')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  program.addCommand(inventoryCommand());
  program.addCommand(sshCommand());
  program.addCommand(dfCommandLine());
  program.addCommand(psCommandLine());
  program.addCommand(playCommand());
  program.addCommand(validateCommand());
  program.addCommand(generateInventoryCommand());
  program.addCommand(graphCommand());
  program.addCommand(deployCommand());
  program.addCommand(restartCommand());
  program.addCommand(rollbackCommand());
  program.addCommand(historyCommand());
  program.addCommand(statusCommand());
  program.addCommand(lockCommand());
  program.addCommand(preflightCommand());
  program.addCommand(ansibleFormCommand(), { hidden: true });
  for (const command of program.commands) command.exitOverride();
  return program;
}

/** Output into a closed pipe (`deployer ... | head`) ends the command quietly, as Unix tools end. */
function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

export async function main(argv: string[]): Promise<number> {
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
  try {
    process.exitCode = undefined;
    await buildProgram().parseAsync(normalizeArgv(argv), { from: 'user' });
    // commands that report per-host outcomes set Ansible's exit codes (2 failed, 4 unreachable)
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    const failure = failureOf(error);
    if (failure.message) printError(failure.message);
    return failure.exitCode;
  }
}
