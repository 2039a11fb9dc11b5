/**
 * Fleet records: what the platform should run and what its hosts were last seen running, kept
 * in the state store so that `deployer status --from-state` answers without SSH, from any
 * controller. Per component the desired version (written by a deploy); per host and component
 * `staging` (a release prepared, not running yet) and `current` (what a run or a status saw
 * running: release, PID, start time).
 */

export interface DesiredRecord {
  version: string;
  /** ISO 8601 UTC: when a deploy recorded it, and which run. */
  at: string;
  run?: string;
}

export interface StagingRecord {
  release: string;
  at: string;
}

export interface CurrentRecord {
  /** The release folder the component's process runs from (null: nothing runs). */
  release: string | null;
  pid: number | null;
  /** ISO 8601 UTC, as the host said. */
  started: string | null;
  /** When it was seen. */
  at: string;
}

export interface HostRecords {
  staging?: StagingRecord;
  current?: CurrentRecord;
}

export interface FleetRecords {
  desired: Record<string, DesiredRecord>;
  /** host → component → its records. */
  hosts: Record<string, Record<string, HostRecords>>;
}

/** What a run or a status saw: `staging: null` clears a staging record (the prepared release runs now, or none is prepared). */
export interface HostUpdate {
  host: string;
  component: string;
  staging?: StagingRecord | null;
  current?: CurrentRecord;
}

export interface FleetUpdate {
  desired?: Record<string, DesiredRecord>;
  hosts?: HostUpdate[];
}

export const emptyFleet = (): FleetRecords => ({ desired: {}, hosts: {} });

/** The records with an update applied (the records are changed in place and returned). */
export function applyFleetUpdate(records: FleetRecords, update: FleetUpdate): FleetRecords {
  Object.assign(records.desired, update.desired ?? {});
  for (const { host, component, staging, current } of update.hosts ?? []) {
    const byComponent = (records.hosts[host] ??= {});
    const entry = (byComponent[component] ??= {});
    if (staging === null) delete entry.staging;
    else if (staging) entry.staging = staging;
    if (current) entry.current = current;
  }
  return records;
}
