/**
 * The `deployer` command line. Options may come before or after positionals, as with Ansible,
 * and the Punchplatform forms `--deploy` / `--ssh` are accepted as command names.
 */
import { Command, CommanderError } from 'commander';
import { isDeployerError } from '../errors.js';
import { inventoryCommand } from './commands/inventory.js';
import { printError } from './display.js';

/** `deployer --ssh grp "cmd"` is `deployer ssh grp "cmd"` (the Punchplatform deployer's spelling). */
export function normalizeArgv(argv: string[]): string[] {
  const aliases: Record<string, string> = { '--ssh': 'ssh', '--deploy': 'deploy' };
  const index = argv.findIndex((arg) => arg in aliases);
  if (index === -1 || argv.slice(0, index).some((arg) => !arg.startsWith('-'))) return argv;
  return [aliases[argv[index]], ...argv.slice(0, index), ...argv.slice(index + 1)];
}

export function buildProgram(): Command {
  const program = new Command('deployer')
    .description('Ansible-compatible inventories and fast, safe fleet operations over SSH')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride();
  program.addCommand(inventoryCommand());
  for (const command of program.commands) command.exitOverride();
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(normalizeArgv(argv), { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 5;
    if (isDeployerError(error)) {
      printError(error.message);
      return error.exitCode;
    }
    printError(`Unexpected internal error (please report it): ${(error as Error)?.stack ?? String(error)}`);
    return 250;
  }
}
