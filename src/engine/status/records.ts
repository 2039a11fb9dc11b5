/**
 * The status and the fleet records: what a live status saw, as records (`current` per host and
 * component, `staging` when the unit would start another release than the one running), and the
 * status rows those records give back, with no host asked (`deployer status --from-state`).
 */
import type { FleetRecords, FleetUpdate } from '../../state/fleet.js';
import type { HostComponent } from '../../settings/render.js';
import { versionOfRelease, type StatusRow, type StatusState } from './rows.js';

/** What the rows saw; an unreachable host says nothing new, and keeps its records. */
export function fleetUpdateOf(rows: StatusRow[], at: string): FleetUpdate {
  return {
    hosts: rows
      .filter((row) => row.state !== 'unreachable')
      .map((row) => ({
        host: row.host,
        component: row.component,
        staging: row.configuredRelease && row.configuredRelease !== row.runningRelease ? { release: row.configuredRelease, at } : null,
        current: { release: row.runningRelease, pid: row.process?.pid ?? null, started: row.process?.started ?? null, at },
      })),
  };
}

/** `12 s`, `5 min`, `3 h`, `2 d`: how old a record is. */
export function ageOf(at: string, now: Date): string {
  const seconds = Math.max(0, Math.round((now.getTime() - Date.parse(at)) / 1000));
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  return seconds < 172_800 ? `${Math.round(seconds / 3600)} h` : `${Math.round(seconds / 86_400)} d`;
}

/** One row per (host, component) the settings expect, from its records alone; the reason says they are recorded, and how old. */
export function rowsFromRecords(expected: HostComponent[], records: FleetRecords, now: Date): StatusRow[] {
  // records written by one run share their time: each age is worked out once
  const ages = new Map<string, string>();
  const age = (at: string) => ages.get(at) ?? ages.set(at, ageOf(at, now)).get(at)!;
  return expected.map((e) => {
    const own = records.hosts[e.host]?.[e.component];
    const current = own?.current;
    const running = current?.release ?? null;
    const configuredRelease = own?.staging?.release ?? running;
    const version = (release: string | null) => (release === null ? null : versionOfRelease(release, e));
    const row = { desired: e.version, configured: version(configuredRelease), running: version(running) };
    const [state, why] = recordedState(row, current !== undefined);
    const recorded = current ? `recorded ${age(current.at)} ago` : 'no record: deployer status (live) writes one';
    return {
      host: e.host,
      component: e.component,
      ...row,
      state,
      reason: why ? `${why}; ${recorded}` : recorded,
      unit: null,
      desiredRelease: e.package,
      configuredRelease,
      runningRelease: running,
      process: current && current.pid !== null ? { pid: current.pid, user: '', release: running, version: row.running, started: current.started, args: '', managed: true } : null,
      others: [],
      patch: null,
    };
  });
}

function recordedState(row: { desired: string; configured: string | null; running: string | null }, seen: boolean): [StatusState, string?] {
  if (!seen) return ['unknown'];
  if (row.running === null) return ['not running', 'nothing of it was running'];
  if (row.configured !== row.running) return ['restart pending', `${row.configured} prepared, ${row.running} running`];
  if (row.running !== row.desired) return ['drift', `runs ${row.running}, the settings want ${row.desired}`];
  return ['ok'];
}
