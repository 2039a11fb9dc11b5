/** The fleets' own processes: whether one still runs, and a signal that may find it gone. */

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Sends a signal to a process the fleet started. One that ended between the last look and the
 * signal (a busy machine) is no error: there is nothing left to stop.
 */
export function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
