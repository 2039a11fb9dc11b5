/** `deployer history`: the journal's records and the runs that never ended (from the audit trail), oldest first. */
import type { SettingsOptions } from '../../settings/locate.js';
import { unfinishedRuns, type AuditLine } from '../../state/audit.js';
import type { JournalRecord } from '../../state/journal.js';
import { openStore } from '../../state/open.js';
import { processEnvironment, type Environment } from '../context.js';
import { placeName } from '../display.js';
import { requireSettings } from './settings-run.js';
import { recordLines, unfinishedLines, type UnfinishedRun } from '../output/history-output.js';

export async function runHistory(options: SettingsOptions & { number?: number; json?: boolean }, environment: Environment = processEnvironment()): Promise<void> {
  const { settings } = requireSettings(options, environment);
  const store = await openStore(settings);
  try {
    printHistory(await store.readJournal(), await store.readAudit(), options, placeName(store.where, environment.cwd));
  } finally {
    await store.close();
  }
}

function printHistory(journal: { records: JournalRecord[]; unreadable: number }, audit: AuditLine[], options: { number?: number; json?: boolean }, where: string): void {
  const { records, unreadable } = journal;
  if (unreadable) process.stderr.write(`[WARNING]: ${unreadable} line${unreadable === 1 ? '' : 's'} of the journal could not be read (skipped)\n`);
  const recorded = new Set(records.map((r) => r.run));
  const unfinished: UnfinishedRun[] = unfinishedRuns(audit)
    .filter(({ begin }) => !recorded.has(begin.run))
    .map(({ begin, last }) => ({ run: begin.run, started: begin.at, who: begin.who, command: begin.command ?? [], result: 'unfinished', last }));
  // oldest first, by start (ISO 8601 UTC sorts as text)
  const all = [...records, ...unfinished].sort((a, b) => (a.started < b.started ? -1 : a.started > b.started ? 1 : 0));
  const shown = options.number !== undefined && options.number >= 0 ? all.slice(Math.max(0, all.length - options.number)) : all;
  if (options.json) {
    for (const entry of shown) process.stdout.write(`${JSON.stringify(entry)}\n`);
    return;
  }
  if (!shown.length) {
    process.stdout.write(`no deploys yet (${where} is empty)\n`);
    return;
  }
  for (const entry of shown) process.stdout.write(entry.result === 'unfinished' ? unfinishedLines(entry as UnfinishedRun) : recordLines(entry as JournalRecord));
}
