/**
 * The audit trail: one JSON line per action of a run, written as it happens, to
 * `<conf dir>/journal/deployer-audit.jsonl` (one write per line: runs never interleave a line).
 * The journal's record is written when a run ends; the audit trail is what is left of a run
 * that never ended (SIGKILL, a lost machine): it began, these batches were started and these
 * ended, and the last line says where it stopped.
 */
import path from 'node:path';
import { appendJsonLine, readJsonLines } from './json-lines.js';

export interface AuditLine {
  /** ISO 8601 UTC. */
  at: string;
  /** The run's id, also in its journal record. */
  run: string;
  /** `begin` (who, pid, command), `rollout` (a phase, in words), `step` (a component's hosts' outcomes), `end` (result). */
  event: 'begin' | 'rollout' | 'step' | 'end';
  component?: string;
  text?: string;
  who?: string;
  pid?: number;
  command?: string[];
  hosts?: Record<string, string>;
  result?: string;
}

export const auditFile = (confDir: string) => path.join(confDir, 'journal', 'deployer-audit.jsonl');

export function appendAudit(confDir: string, line: AuditLine): void {
  appendJsonLine(auditFile(confDir), line, 'the audit trail');
}

/** Every line, oldest first; a torn line is skipped. */
export function readAudit(confDir: string): AuditLine[] {
  return readJsonLines<AuditLine>(auditFile(confDir), 'the audit trail', (l) => typeof l.run === 'string' && typeof l.event === 'string').entries;
}

/** Runs that began and never ended: their begin line and their last line. */
export function unfinishedRuns(lines: AuditLine[]): { begin: AuditLine; last: AuditLine }[] {
  const ended = new Set(lines.filter((l) => l.event === 'end').map((l) => l.run));
  const runs = new Map<string, { begin: AuditLine; last: AuditLine }>();
  for (const line of lines) {
    if (ended.has(line.run)) continue;
    if (line.event === 'begin') runs.set(line.run, { begin: line, last: line });
    else if (runs.has(line.run)) runs.get(line.run)!.last = line;
  }
  return [...runs.values()];
}
