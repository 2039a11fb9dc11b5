/** Running `deployer status` (loaded only when it runs): the rows as a table per component, or JSON. */
import { Chalk, type ChalkInstance } from 'chalk';
import { isDeployerError, OptionsError } from '../../errors.js';
import { fleetUpdateOf, rowsFromRecords } from '../../engine/status/records.js';
import type { LoadedSettings } from '../../settings/load.js';
import { openStore } from '../../state/open.js';
import type { StatusRow, StatusState } from '../../engine/status/rows.js';
import { statusExitCode, summarize, type ComponentSummary } from '../../engine/status/summary.js';
import { didYouMean } from '../../settings/issues.js';
import { loadContext, processEnvironment, type Environment } from '../context.js';
import { printWarnings, useColor } from '../display.js';
import { renderTable } from '../output/table.js';
import { resolveRunOptions } from '../run-options.js';
import type { StatusOptions } from './status.js';
import { requireSettings } from './settings-run.js';

/** A status that cannot be read is UNKNOWN to a monitoring check. */
const EXIT_CANNOT_READ = 3;

/** The colour of each state (a terminal's 16 colours: the table is for any terminal). */
function painter(state: StatusState, chalk: ChalkInstance): (text: string) => string {
  if (state === 'ok') return chalk.green;
  if (state === 'restart pending' || state === 'drift') return chalk.yellow;
  return state === 'unknown' ? chalk.magenta : chalk.red;
}

const shown = (value: string | null) => value ?? '-';
/** A start time to the second (the probe's has a fraction). */
const toSecond = (at: string | null | undefined) => (!at ? '-' : at.endsWith('Z') && at.includes('.') ? `${at.slice(0, at.indexOf('.'))}Z` : at);

/** The detail column: why the state; for a row that is ok, the patch in use. */
function detail(row: StatusRow): string {
  if (row.reason) return row.reason;
  return row.patch?.present ? `patch: ${row.patch.files.join(', ') || '(empty folder)'} in ${row.patch.dir}` : '';
}

function summaryLine(summary: ComponentSummary): string {
  if (summary.majority === null) return `  no host runs ${summary.component}`;
  const total = summary.majorityHosts.length + summary.stragglers.length + summary.withoutVersion.length;
  const parts = [`  majority: ${summary.majority} on ${summary.majorityHosts.length} of ${total} hosts (${summary.majorityHosts.join(', ')})`];
  if (summary.stragglers.length) parts.push(`stragglers: ${summary.stragglers.map((s) => `${s.host} runs ${s.running}`).join(', ')}`);
  if (summary.withoutVersion.length) parts.push(`no version: ${summary.withoutVersion.map((s) => `${s.host} (${s.state})`).join(', ')}`);
  return parts.join('; ');
}

export function statusText(rows: StatusRow[], color: boolean): string {
  const chalk = new Chalk({ level: color ? 1 : 0 });
  // many rows share a start time (a fleet restarted together): each is shortened once
  const times = new Map<string, string>();
  const shownTime = (at: string | null | undefined) => {
    if (!at) return '-';
    let shortened = times.get(at);
    if (shortened === undefined) times.set(at, (shortened = toSecond(at)));
    return shortened;
  };
  const summaries = summarize(rows);
  const byComponent = new Map<string, StatusRow[]>();
  for (const row of rows) {
    const own = byComponent.get(row.component);
    if (own) own.push(row);
    else byComponent.set(row.component, [row]);
  }
  const blocks = summaries.map((summary) => {
    const own = byComponent.get(summary.component)!;
    const table = renderTable(
      ['HOST', 'DESIRED', 'CONFIGURED', 'RUNNING', 'STATE', 'PID', 'STARTED', 'DETAIL'],
      own.map((r) => [r.host, r.desired, shown(r.configured), shown(r.running), r.state, r.process ? String(r.process.pid) : '-', shownTime(r.process?.started), detail(r)]),
      [5],
      color ? (index, column, padded) => (column === 4 ? painter(own[index].state, chalk)(padded) : padded) : undefined,
      '  ',
    );
    return `${chalk.bold(summary.component)}\n${table}${summaryLine(summary)}\n`;
  });
  const counts = Object.entries(summaries.reduce<Record<string, number>>((all, s) => {
    for (const [state, n] of Object.entries(s.states)) all[state] = (all[state] ?? 0) + n;
    return all;
  }, {}));
  const total = `${rows.length} row${rows.length === 1 ? '' : 's'}: ${counts.map(([state, n]) => `${n} ${state}`).join(', ')}`;
  return `${blocks.join('\n')}\n${total}\n`;
}

/** The rows of the selected hosts, from the state store's records: no host is asked. */
async function recordedRows(loaded: LoadedSettings, pattern: string, components: string[], options: StatusOptions, environment: Environment): Promise<StatusRow[]> {
  // the whole fleet needs no inventory: the settings name every host
  const selected = pattern === 'all' && !options.limit ? undefined : new Set((await loadContext(options, environment)).selector.select(pattern, options.limit).map((h) => h.name));
  const expected = loaded.hosts.filter((e) => (!selected || selected.has(e.host)) && (!components.length || components.includes(e.component)));
  const store = await openStore(loaded.settings, { env: environment.env });
  try {
    return rowsFromRecords(expected, await store.readFleet(), new Date());
  } finally {
    await store.close();
  }
}

/** What a live status saw goes to the fleet records (a store that cannot take it is a warning: the status itself stands). */
async function recordRows(loaded: LoadedSettings, rows: StatusRow[], environment: Environment): Promise<void> {
  try {
    const store = await openStore(loaded.settings, { env: environment.env, warn: (text) => printWarnings([text]) });
    try {
      await store.writeFleet(fleetUpdateOf(rows, new Date().toISOString()));
    } finally {
      await store.close();
    }
  } catch (error) {
    printWarnings([`the fleet records were not updated: ${(error as Error).message}`]);
  }
}

export async function runStatus(pattern: string, options: StatusOptions, environment: Environment = processEnvironment()): Promise<number> {
  try {
    const loaded = requireSettings(options, environment);
    const known = loaded.settings.components.map((c) => c.name);
    const components = (options.component ?? []).flatMap((c) => c.split(',')).map((c) => c.trim()).filter(Boolean);
    const unknown = components.filter((c) => !known.includes(c));
    if (unknown.length) throw new OptionsError(unknown.map((c) => `-c ${c}: no such component${didYouMean(c, known)} (the settings have ${known.join(', ')})`).join('\n'));
    let rows: StatusRow[];
    if (options.fromState) rows = await recordedRows(loaded, pattern, components, options, environment);
    else {
      const context = await loadContext(options, environment);
      printWarnings([...context.resolver.files.warnings, ...context.inventory.warnings]);
      const resolved = await resolveRunOptions(options, context.config, environment);
      const hosts = context.selector.select(pattern, options.limit);
      // the SSH side loads only for a live status (--from-state asks no host)
      const { gatherStatus } = await import('../../engine/status/gather.js');
      rows = await gatherStatus({ loaded, hosts, components, resolver: context.resolver, connection: resolved.connection, forks: resolved.forks });
      if (rows.length) await recordRows(loaded, rows, environment);
    }
    const code = rows.length ? statusExitCode(rows) : EXIT_CANNOT_READ;
    if (options.json) {
      process.stdout.write(`${JSON.stringify({ rows, components: summarize(rows), exitCode: code, ...(options.fromState ? { recorded: true } : {}) }, null, 2)}\n`);
    } else if (!rows.length) {
      process.stderr.write(`no host of ${pattern}${options.limit ? ` (limited to ${options.limit})` : ''} runs ${components.length ? components.join(', ') : 'a component of the settings'}\n`);
    } else {
      if (options.fromState) process.stdout.write('recorded status (the state store\'s records, no host asked: each row says how old its record is)\n\n');
      process.stdout.write(statusText(rows, useColor(process.stdout)));
    }
    return code;
  } catch (error) {
    // a check that cannot read the status says UNKNOWN, whatever the reason (bad options keep 5)
    if (isDeployerError(error) && !(error instanceof OptionsError)) error.exitCode = EXIT_CANNOT_READ;
    throw error;
  }
}
