/**
 * The journal: one JSON line per deploy, patch, restart and rollback, appended to
 * `<conf dir>/journal/deployer-journal.jsonl` (append-only; a line is written with one write, so
 * that two runs never interleave a record). Who, when, the settings hash, the command, per
 * component the releases before and after on each host, and every host's result.
 */
import os from 'node:os';
import path from 'node:path';
import { appendJsonLine, readJsonLines } from './json-lines.js';

/**
 * `not restarted`: prepared, and left on the release it runs because the rollout stopped before
 * its batch; `refused`: its restart would have broken its cluster's bound (hosts down already).
 */
export type HostOutcome = 'ok' | 'changed' | 'failed' | 'unreachable' | 'interrupted' | 'skipped' | 'not restarted' | 'refused';

export interface JournalRecord {
  /** The run's id, as its lines in the audit trail name it. */
  run?: string;
  /** ISO 8601 UTC. */
  started: string;
  ended: string;
  /** user@machine */
  who: string;
  action: string;
  command: string[];
  settings: { file: string; sha256: string };
  result: 'ok' | 'failed' | 'interrupted' | 'lost lock';
  /** component → host → the release its unit named before and after the run (undefined: none, or not known), and the host's outcome for that component. */
  components: Record<string, Record<string, { before?: string; after?: string; outcome?: HostOutcome }>>;
  /** component → why the run did not start it (a failed dependency, a stopped run). */
  notStarted?: Record<string, string>;
  /** host → its outcome, and the message of a failure. */
  hosts: Record<string, { outcome: HostOutcome; msg?: string }>;
  /** The stale deploy lock this run took over (--break-lock): whose it was. */
  brokeLock?: { who: string; pid: number; since: string; command: string[] };
}

export const journalFile = (confDir: string) => path.join(confDir, 'journal', 'deployer-journal.jsonl');

export function whoAmI(): string {
  let user = process.env.USER ?? 'unknown';
  try {
    user = os.userInfo().username;
  } catch {
    // no passwd entry (containers): keep $USER
  }
  return `${user}@${os.hostname()}`;
}

export function appendRecord(confDir: string, record: JournalRecord): string {
  const file = journalFile(confDir);
  appendJsonLine(file, record, 'the journal');
  return file;
}

/** The records, oldest first; a line that is not a record (a torn write) is skipped and counted. */
export function readJournal(confDir: string): { records: JournalRecord[]; unreadable: number } {
  const { entries, unreadable } = readJsonLines<JournalRecord>(journalFile(confDir), 'the journal', (r) => typeof r.started === 'string' && Boolean(r.components));
  return { records: entries, unreadable };
}
