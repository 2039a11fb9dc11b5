/** Every host's outcome as data, and the exit code a run ends with (Ansible's TaskQueueManager codes). */
/** `interrupted`: the run was stopped (Ctrl-C, SIGTERM) while this host's command ran, or before it started. */
export type HostStatus = 'ok' | 'changed' | 'failed' | 'unreachable' | 'skipped' | 'interrupted';

export interface HostResult {
  host: string;
  status: HostStatus;
  rc?: number;
  stdout: string;
  stderr: string;
  msg?: string;
  durationMs: number;
  /** The command that ran (or would run), after templating. */
  command?: string;
  /** A module's result data, for modules other than command, shell and raw (Ansible's `host | SUCCESS => {...}`). */
  result?: Record<string, unknown>;
}

export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
export const EXIT_FAILED_HOSTS = 2;
export const EXIT_UNREACHABLE_HOSTS = 4;
/** Ansible's exit code after "User interrupted execution". */
export const EXIT_INTERRUPTED = 99;

/** Hosts a retry should run again: those that failed, could not be reached, or were interrupted. */
export const needsRetry = (result: HostResult) => result.status === 'failed' || result.status === 'unreachable' || result.status === 'interrupted';

/** As Ansible: unreachable hosts make 4 (even when others failed), failed hosts 2, else 0. */
export function exitCodeFor(results: HostResult[]): number {
  if (results.some((r) => r.status === 'unreachable')) return EXIT_UNREACHABLE_HOSTS;
  if (results.some((r) => r.status === 'failed')) return EXIT_FAILED_HOSTS;
  return EXIT_OK;
}
