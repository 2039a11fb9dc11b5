/**
 * Ctrl-C and SIGTERM during a run: the first stops it cleanly (no new host or task starts, the
 * commands running on the hosts are ended with their process groups); a second one quits at
 * once. The run then ends as Ansible's does: "[ERROR]: User interrupted execution", exit 99.
 */
import chalk from 'chalk';
import { useColor } from './display.js';

export interface Interruptible {
  signal: AbortSignal;
  dispose(): void;
}

export function interruptible(): Interruptible {
  const controller = new AbortController();
  const quit = () => process.exit(130);
  const stop = () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    process.once('SIGINT', quit);
    process.once('SIGTERM', quit);
    process.stderr.write('\nstopping: ending the commands still running on the hosts (press Ctrl-C again to quit at once)\n');
    controller.abort();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return {
    signal: controller.signal,
    dispose: () => {
      for (const handler of [stop, quit]) {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
      }
    },
  };
}

/** Which hosts were interrupted, then Ansible's closing line. */
export function reportInterrupted(interrupted: string[]): void {
  if (interrupted.length) process.stderr.write(`interrupted on ${interrupted.length} host${interrupted.length === 1 ? '' : 's'}: ${interrupted.join(', ')}\n`);
  const line = '[ERROR]: User interrupted execution';
  process.stderr.write(`${useColor() ? chalk.red(line) : line}\n`);
}
