/**
 * Per component, the version most hosts run (the seeds' "most popular version", which a host
 * coming back from a failure would take) and the hosts that differ from it: the stragglers.
 */
import type { StatusRow, StatusState } from './rows.js';
import { compareVersions } from './versions.js';

export interface ComponentSummary {
  component: string;
  /** The version most hosts run; null when none runs. Ties go to the desired version, then the newest. */
  majority: string | null;
  /** The hosts that run it. */
  majorityHosts: string[];
  /** Hosts that run another version: host → its version. */
  stragglers: { host: string; running: string }[];
  /** Hosts with no running version: host → their state. */
  withoutVersion: { host: string; state: StatusState }[];
  states: Partial<Record<StatusState, number>>;
}

const byHost = <T extends { host: string }>(a: T, b: T) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0);

export function summarize(rows: StatusRow[]): ComponentSummary[] {
  // one pass to group the rows (a fleet may have tens of thousands), in the order components first appear
  const byComponent = new Map<string, StatusRow[]>();
  for (const row of rows) {
    const own = byComponent.get(row.component);
    if (own) own.push(row);
    else byComponent.set(row.component, [row]);
  }
  return [...byComponent].map(([component, unsorted]) => {
    const own = unsorted.sort(byHost);
    const counts = new Map<string, number>();
    for (const row of own) if (row.running !== null) counts.set(row.running, (counts.get(row.running) ?? 0) + 1);
    const desired = new Set(own.map((r) => r.desired));
    const majority =
      [...counts.entries()].sort(([va, na], [vb, nb]) => nb - na || Number(desired.has(vb)) - Number(desired.has(va)) || compareVersions(vb, va))[0]?.[0] ?? null;
    const states: ComponentSummary['states'] = {};
    for (const row of own) states[row.state] = (states[row.state] ?? 0) + 1;
    return {
      component,
      majority,
      majorityHosts: own.filter((r) => r.running !== null && r.running === majority).map((r) => r.host),
      stragglers: own.filter((r) => r.running !== null && r.running !== majority).map((r) => ({ host: r.host, running: r.running! })),
      withoutVersion: own.filter((r) => r.running === null).map((r) => ({ host: r.host, state: r.state })),
      states,
    };
  });
}

/**
 * The exit code, as a monitoring check's (Nagios plugin codes): 0 every row ok; 1 warning (a
 * restart pending, a drift); 2 critical (a service not running, a host unreachable); 3 unknown
 * (a row deployer cannot read), when nothing is critical.
 */
export function statusExitCode(rows: StatusRow[]): number {
  const has = (...states: StatusState[]) => rows.some((r) => states.includes(r.state));
  if (has('not running', 'unreachable')) return 2;
  if (has('unknown')) return 3;
  if (has('restart pending', 'drift')) return 1;
  return 0;
}
