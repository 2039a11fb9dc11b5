/**
 * Append-only JSON-lines files (the journal, the audit trail): one line per write, so that two
 * runs never interleave a line; on reading, a line that is not a valid entry (a torn write) is
 * skipped and counted. `what` names the file in errors ("the journal"). Entries are masked
 * (no secret) as they are written and as they are read; the files are private (0600, 0700).
 */
import fs from 'node:fs';
import path from 'node:path';
import { DeployerError } from '../errors.js';
import { appendPrivate, privateFolder } from './private-files.js';
import { redactRecord } from './redact.js';

export function appendJsonLine(file: string, entry: unknown, what: string): void {
  try {
    privateFolder(path.dirname(file));
    appendPrivate(file, `${JSON.stringify(redactRecord(entry))}\n`);
  } catch (error) {
    throw new DeployerError(`Cannot write ${what} ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** The valid entries, in file order (none when the file does not exist yet), and how many lines were not. */
export function readJsonLines<T>(file: string, what: string, valid: (entry: T) => boolean): { entries: T[]; unreadable: number } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [], unreadable: 0 };
    throw new DeployerError(`Cannot read ${what} ${file}: ${(error as NodeJS.ErrnoException).code}`);
  }
  const entries: T[] = [];
  let unreadable = 0;
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const entry = JSON.parse(line) as T;
      if (entry && valid(entry)) entries.push(redactRecord(entry));
      else unreadable++;
    } catch {
      unreadable++;
    }
  }
  return { entries, unreadable };
}
