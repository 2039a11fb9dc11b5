/**
 * `deployer history` as a person reads it: per run, who did what and how it ended, per component
 * which hosts went from which release to which (hosts with the same story together), why it
 * stopped, and the command; a run that never ended says where it was.
 */
import type { DeployAction } from '../../engine/deploy/plan.js';
import type { AuditLine } from '../../state/audit.js';
import type { HostOutcome, JournalRecord } from '../../state/journal.js';
import { VERB } from '../commands/verbs.js';

/** A run with no journal record: it began (the audit trail says so) and never ended. */
export interface UnfinishedRun {
  run: string;
  started: string;
  who?: string;
  command: string[];
  result: 'unfinished';
  /** Its last audit line: where it stopped. */
  last: AuditLine;
}

/** Outcomes named beside the hosts (ok and changed are what the release column already says). */
const NAMED: readonly HostOutcome[] = ['failed', 'unreachable', 'refused', 'not restarted', 'interrupted', 'skipped'];

function componentLine(component: string, byHost: JournalRecord['components'][string], record: JournalRecord): string {
  const groups = new Map<string, string[]>();
  for (const [host, { before, after, outcome: own }] of Object.entries(byHost)) {
    // records written before outcomes were kept per component have the host's worst only
    const outcome = own ?? record.hosts[host]?.outcome ?? 'ok';
    const move = before === after ? `${after ?? '(no release)'} kept` : `${before ?? '(nothing)'} → ${after ?? '(not known: no answer)'}`;
    const key = `${move}\u0000${NAMED.includes(outcome) ? ` (${outcome})` : ''}`;
    groups.set(key, [...(groups.get(key) ?? []), host]);
  }
  const parts = [...groups].map(([key, hosts]) => {
    const [move, outcome] = key.split('\u0000');
    return `${move} on ${hosts.join(', ')}${outcome}`;
  });
  return `${component}: ${parts.join('; ') || '(no host)'}`;
}

export function recordLines(record: JournalRecord): string {
  const hosts = Object.values(record.hosts);
  const count = (...outcomes: HostOutcome[]) => hosts.filter((h) => outcomes.includes(h.outcome)).length;
  const more = (['not restarted', 'refused'] as const).filter((o) => count(o)).map((o) => `, ${count(o)} ${o}`).join('');
  const lines = [
    `${record.started}  ${record.who}  ${VERB[record.action as DeployAction] ?? record.action}  ${record.result}  ${hosts.length} hosts (${count('changed')} changed, ${count('failed', 'unreachable')} failed, ${count('interrupted')} interrupted${more})`,
    ...Object.entries(record.components).map(([component, byHost]) => `    ${componentLine(component, byHost, record)}`),
  ];
  if (!Object.keys(record.components).length) lines.push('    (no component ran)');
  for (const [component, why] of Object.entries(record.notStarted ?? {})) lines.push(`    ${component}: not started: ${why}`);
  // why it stopped: the first failure, in its own words
  const stop = Object.entries(record.hosts).find(([, h]) => ['failed', 'refused', 'unreachable'].includes(h.outcome) && h.msg);
  if (stop) lines.push(`    why: ${stop[0]}: ${stop[1].msg!.split('\n')[0]}`);
  lines.push(`    deployer ${record.command.join(' ')}  [settings ${record.settings.sha256.slice(0, 12)}]`);
  return `${lines.join('\n')}\n`;
}

export function unfinishedLines(run: UnfinishedRun): string {
  const { last } = run;
  const where = last.event === 'begin' ? 'it had just begun' : `${last.at}  ${last.component ?? ''}: ${last.text ?? Object.entries(last.hosts ?? {}).map(([h, o]) => `${h} ${o}`).join(', ')}`;
  return `${run.started}  ${run.who ?? '?'}  ${run.command[0] ?? 'run'}  DID NOT FINISH (killed, or still running: see deployer lock status)\n    last: ${where}\n    deployer ${run.command.join(' ')}  (deployer status shows the release each host is on)\n`;
}
