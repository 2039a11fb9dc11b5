/**
 * The audit trail: one JSON line per action of a run, written as it happens, to
 * `<conf dir>/journal/deployer-audit.jsonl` (one write per line: runs never interleave a line).
 * The journal's record is written when a run ends; the audit trail is what is left of a run
 * that never ended (SIGKILL, a lost machine): it began, these batches were started and these
 * ended, and the last line says where it stopped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DeployerError } from '../errors.js';

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
  const file = auditFile(confDir);
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.appendFileSync(file, `${JSON.stringify(line)}\n`);
  } catch (error) {
    throw new DeployerError(`Cannot write the audit trail ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Every line, oldest first; a torn line is skipped. */
export function readAudit(confDir: string): AuditLine[] {
  let text: string;
  try {
    text = fs.readFileSync(auditFile(confDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new DeployerError(`Cannot read the audit trail ${auditFile(confDir)}: ${(error as NodeJS.ErrnoException).code}`);
  }
  return text
    .split('\n')
    .filter((line) => line.trim())
    .flatMap((line) => {
      try {
        const parsed = JSON.parse(line) as AuditLine;
        return parsed && typeof parsed.run === 'string' && typeof parsed.event === 'string' ? [parsed] : [];
      } catch {
        return [];
      }
    });
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
