/** A command run by /bin/sh on the controller in the loader's base folder, as Python's Popen(shell=True): its stdout and exit code. */
import { spawnSync } from 'node:child_process';
import os from 'node:os';

export function runShell(command: string, cwd: string): { stdout: Buffer; code: number } {
  const run = spawnSync('/bin/sh', ['-c', command], { cwd, stdio: ['pipe', 'pipe', 'inherit'], maxBuffer: 1024 * 1024 * 1024 });
  if (run.error) throw run.error;
  // Python reports a command killed by a signal as the negative signal number
  const code = run.status ?? -(run.signal ? os.constants.signals[run.signal] : 1);
  return { stdout: run.stdout, code };
}
