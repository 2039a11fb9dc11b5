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
  // plain loops, and what many rows share made once (a record time's words, the empty list of
  // other processes): a fleet may have tens of thousands of rows
  const recordedAt = new Map<string, string>();
  const rows: StatusRow[] = new Array(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i];
    const own = records.hosts[e.host]?.[e.component];
    const current = own?.current;
    const running = current?.release ?? null;
    const configuredRelease = own?.staging?.release ?? running;
    const runningVersion = running === null ? null : versionOfRelease(running, e);
    const configured = configuredRelease === running ? runningVersion : configuredRelease === null ? null : versionOfRelease(configuredRelease, e);
    const [state, why] = recordedState(e.version, configured, runningVersion, current !== undefined);
    let recorded = NO_RECORD;
    if (current) {
      const known = recordedAt.get(current.at);
      if (known === undefined) recordedAt.set(current.at, (recorded = `recorded ${ageOf(current.at, now)} ago`));
      else recorded = known;
    }
    rows[i] = {
      host: e.host,
      component: e.component,
      desired: e.version,
      configured,
      running: runningVersion,
      state,
      reason: why ? `${why}; ${recorded}` : recorded,
      unit: null,
      desiredRelease: e.package,
      configuredRelease,
      runningRelease: running,
      process: current && current.pid !== null ? { pid: current.pid, user: '', release: running, version: runningVersion, started: current.started, args: '', managed: true } : null,
      others: NONE,
      patch: null,
    };
  }
  return rows;
}

/** Recorded rows know of no other process: one empty list for all of them. */
const NONE: StatusRow['others'] = Object.freeze([]) as unknown as StatusRow['others'];

const NO_RECORD = 'no record: deployer status (live) writes one';

const UNKNOWN: [StatusState] = ['unknown'];
const OK: [StatusState] = ['ok'];

function recordedState(desired: string, configured: string | null, running: string | null, seen: boolean): [StatusState, string?] {
  if (!seen) return UNKNOWN;
  if (running === null) return ['not running', 'nothing of it was running'];
  if (configured !== running) return ['restart pending', `${configured} prepared, ${running} running`];
  if (running !== desired) return ['drift', `runs ${running}, the settings want ${desired}`];
  return OK;
}
