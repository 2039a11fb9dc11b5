/** What a playbook run reports, as data; the CLI turns it into Ansible's default output. */
import type { ModuleResult } from '../../modules/types.js';
import type { RunStats } from './stats.js';

export type ResultStatus = 'ok' | 'changed' | 'failed' | 'skipped' | 'unreachable';

export type PlaybookEvent =
  | { type: 'play-start'; name: string }
  | { type: 'no-hosts' }
  | { type: 'task-start'; name: string; handler: boolean }
  | {
      type: 'host-result';
      host: string;
      status: ResultStatus;
      result: ModuleResult;
      /** Set for each item of a loop; the task's summary result has none. */
      item?: { label: unknown };
      ignored?: boolean;
      /** The summary of a loop whose items were already reported: only its consequences are shown. */
      loopSummary?: boolean;
      /** The module's result is shown even when it succeeded (debug). */
      showResult?: boolean;
      /** A debug result: only what debug was asked to show. */
      debug?: boolean;
      delegatedTo?: string;
    }
  /** What a changed file-changing task changed on a host (Ansible's `diff` data), shown before its result. */
  | { type: 'host-diff'; host: string; diff: unknown }
  /** An `until` task's attempt did not satisfy its condition; it runs again. */
  | { type: 'host-retry'; host: string; task: string; retriesLeft: number }
  | { type: 'included'; file: string; hosts: string[]; label?: unknown }
  | { type: 'no-more-hosts' }
  /** Something Ansible warns about while the play runs (on stderr, as its [WARNING] lines). */
  | { type: 'warning'; message: string }
  | { type: 'recap'; stats: RunStats };
