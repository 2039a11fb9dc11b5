/** `deployer history`: the journal's records and the runs that never ended (from the audit trail), oldest first. */
import path from 'node:path';
import type { DeployAction } from '../../engine/deploy/plan.js';
import { displayName, type SettingsOptions } from '../../settings/locate.js';
import { readAudit, unfinishedRuns, type AuditLine } from '../../state/audit.js';
import { readJournal, type JournalRecord } from '../../state/journal.js';
import { processEnvironment, type Environment } from '../context.js';
import { requireSettings } from './settings-run.js';
import { VERB } from './verbs.js';

/** A run with no journal record: it began (the audit trail says so) and never ended. */
interface UnfinishedRun {
  run: string;
  started: string;
  who?: string;
  command: string[];
  result: 'unfinished';
  /** Its last audit line: where it stopped. */
  last: AuditLine;
}

function recordLines(record: JournalRecord): string {
  const hosts = Object.values(record.hosts);
  const count = (o: string) => hosts.filter((h) => h.outcome === o).length;
  const changes = Object.entries(record.components).map(([component, byHost]) => {
    const pairs = [...new Set(Object.values(byHost).map(({ before, after }) => (before === after ? `${after ?? '-'}` : `${before ?? '-'} → ${after ?? '?'}`)))];
    return `${component} ${pairs.join(', ')}`;
  });
  return (
    `${record.started}  ${record.who}  ${VERB[record.action as DeployAction] ?? record.action}  ${record.result}  ${hosts.length} hosts (${count('changed')} changed, ${count('failed') + count('unreachable')} failed, ${count('interrupted')} interrupted)\n` +
    `    ${changes.join('; ') || '(no component ran)'}\n    deployer ${record.command.join(' ')}  [settings ${record.settings.sha256.slice(0, 12)}]\n`
  );
}

function unfinishedLines(run: UnfinishedRun): string {
  const { last } = run;
  const where = last.event === 'begin' ? 'it had just begun' : `${last.at}  ${last.component ?? ''}: ${last.text ?? Object.entries(last.hosts ?? {}).map(([h, o]) => `${h} ${o}`).join(', ')}`;
  return `${run.started}  ${run.who ?? '?'}  ${run.command[0] ?? 'run'}  DID NOT FINISH (killed, or still running: see deployer lock status)\n    last: ${where}\n    deployer ${run.command.join(' ')}  (deployer status shows the release each host is on)\n`;
}

export function runHistory(options: SettingsOptions & { number?: number; json?: boolean }, environment: Environment = processEnvironment()): void {
  const { settings } = requireSettings(options, environment);
  const { records, unreadable } = readJournal(settings.confDir);
  if (unreadable) process.stderr.write(`[WARNING]: ${unreadable} line${unreadable === 1 ? '' : 's'} of the journal could not be read (skipped)\n`);
  const recorded = new Set(records.map((r) => r.run));
  const unfinished: UnfinishedRun[] = unfinishedRuns(readAudit(settings.confDir))
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
    process.stdout.write(`no deploys yet (${displayName(path.join(settings.confDir, 'journal'), environment.cwd)} is empty)\n`);
    return;
  }
  for (const entry of shown) process.stdout.write(entry.result === 'unfinished' ? unfinishedLines(entry as UnfinishedRun) : recordLines(entry as JournalRecord));
}
