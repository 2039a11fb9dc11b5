/**
 * The status of one component on one host, from what the settings want and what the host said
 * (a pure function: the facts come from the probe). The unit (through its start script, for
 * deployer's units) says what a restart would start, the process table what runs; the state
 * says which of them disagree, and how.
 */
import { releaseFoldersIn } from '../../inspect/release-folders.js';
import type { HostProbe, ProbeProcess } from '../../inspect/status-probe.js';
import type { UnitState } from '../../inspect/systemd.js';
import type { HostComponent } from '../../settings/render.js';
import { compareVersions } from './versions.js';

export const STATES = ['ok', 'restart pending', 'drift', 'not running', 'unknown', 'unreachable'] as const;
export type StatusState = (typeof STATES)[number];

export interface ProcessSummary {
  pid: number;
  user: string;
  /** The release folder its command line points into, and that release's version (null when not one of the component's). */
  release: string | null;
  version: string | null;
  /** ISO 8601 UTC, to the millisecond; null when the host did not say. */
  started: string | null;
}

export interface StatusRow {
  host: string;
  component: string;
  /** Versions: what the settings want, what the unit would start, what runs (null: none, or not known). */
  desired: string;
  configured: string | null;
  running: string | null;
  state: StatusState;
  /** Why the state, in a few words (absent when ok). */
  reason?: string;
  unit: { name: string; loadState: string; activeState: string; subState: string; mainPid: number; file: string | null; changed: string | null; needsDaemonReload: boolean } | null;
  /** Release folders under the install root. */
  desiredRelease: string;
  configuredRelease: string | null;
  runningRelease: string | null;
  /** The process the running version is read from, and whether it is the unit's main process. */
  process: (ProcessSummary & { args: string; managed: boolean }) | null;
  /** Other processes of the component's releases, outside the unit (started by hand). */
  others: ProcessSummary[];
  /** The patch folder of a patchable component. */
  patch: { dir: string; present: boolean; files: string[]; changed: string | null; afterStart: boolean | null } | null;
}

/** A change this close after a process start is the same instant (the start is known to the clock tick). */
const SAME_INSTANT = 0.05;
const iso = (seconds: number | undefined) => (seconds === undefined ? null : new Date(Math.round(seconds * 1000)).toISOString());

/** The version a release folder holds, when it is one of the component's releases. */
export function versionOfRelease(folder: string, expected: HostComponent): string | null {
  if (folder === expected.package) return expected.version;
  const name = expected.releaseName;
  if (!name || folder.length <= name.prefix.length + name.suffix.length || !folder.startsWith(name.prefix) || !folder.endsWith(name.suffix)) return null;
  return folder.slice(name.prefix.length, folder.length - name.suffix.length);
}

const belongs = (folder: string, expected: HostComponent) => versionOfRelease(folder, expected) !== null;

/** The first of the component's release folders that paths (a command line, a working directory) point into. */
function releaseOf(paths: string[], installRoot: string, expected: HostComponent): string | null {
  const folders = releaseFoldersIn(paths, installRoot);
  return folders.find((f) => belongs(f, expected)) ?? null;
}

function processSummary(process: ProbeProcess, installRoot: string, expected: HostComponent): ProcessSummary {
  const release = releaseOf([process.args, process.cwd ?? ''], installRoot, expected);
  return { pid: process.pid, user: process.user, release, version: release === null ? null : versionOfRelease(release, expected), started: iso(process.started) };
}

export interface HostAnswer {
  host: string;
  /** The probe's facts, or why there are none (`unreachable`: the host could not be reached). */
  probe?: HostProbe;
  unreachable?: string;
  failed?: string;
}

/** Every component's row for one host. */
export function hostRows(answer: HostAnswer, expected: HostComponent[], installRoot: string): StatusRow[] {
  const units = answer.probe && 'units' in answer.probe.systemd ? answer.probe.systemd.units : [];
  const mainPids = new Set(units.map((u) => u.mainPid).filter((pid) => pid > 0));
  return expected.map((component) => componentRow(answer, component, installRoot, units, mainPids));
}

function componentRow(answer: HostAnswer, expected: HostComponent, installRoot: string, units: UnitState[], mainPids: Set<number>): StatusRow {
  const unitName = expected.service ? `${expected.service.unit}.service` : undefined;
  const row: StatusRow = {
    host: answer.host,
    component: expected.component,
    desired: expected.version,
    configured: null,
    running: null,
    state: 'unknown',
    unit: null,
    desiredRelease: expected.package,
    configuredRelease: null,
    runningRelease: null,
    process: null,
    others: [],
    patch: null,
  };
  if (!answer.probe) return { ...row, state: answer.unreachable !== undefined ? 'unreachable' : 'unknown', reason: answer.unreachable ?? answer.failed };
  const probe = answer.probe;
  const unit = units.find((u) => u.id === unitName && u.loadState !== 'not-found');
  const changedAt = (file: string | undefined) => (file === undefined ? undefined : probe.files.get(file));
  if (unit) {
    const unitChanged = Math.max(...[unit.fragmentPath, ...unit.dropInPaths].map((f) => changedAt(f) ?? -Infinity));
    row.unit = {
      name: unit.id,
      loadState: unit.loadState,
      activeState: unit.activeState,
      subState: unit.subState,
      mainPid: unit.mainPid,
      file: unit.fragmentPath ?? null,
      changed: iso(Number.isFinite(unitChanged) ? unitChanged : undefined),
      needsDaemonReload: unit.needDaemonReload,
    };
    // a deployer unit runs a start script: the release is the one it goes to and runs
    row.configuredRelease = releaseOf([...(probe.startScripts.get(unit.execStart[0] ?? '') ?? []), ...unit.execStart, unit.workingDirectory ?? ''], installRoot, expected);
  } else if (!expected.service) {
    // no service: what is installed is what a user of the component gets (the desired release if it is there, else the newest)
    const installed = probe.releases.filter((f) => belongs(f, expected));
    row.configuredRelease = installed.includes(expected.package) ? expected.package : (installed.sort((a, b) => compareVersions(versionOfRelease(b, expected)!, versionOfRelease(a, expected)!))[0] ?? null);
  }
  row.configured = row.configuredRelease === null ? null : versionOfRelease(row.configuredRelease, expected);

  // the unit's main process; else (and besides) processes of the component's releases outside any unit
  const byPid = new Map(probe.processes.map((p) => [p.pid, p]));
  const main = unit && unit.mainPid > 0 ? byPid.get(unit.mainPid) : undefined;
  const underAUnit = (p: ProbeProcess): boolean => {
    for (let at: ProbeProcess | undefined = p, hops = 0; at && hops < 64; at = byPid.get(at.ppid), hops++) if (mainPids.has(at.pid)) return true;
    return false;
  };
  const candidates = probe.processes
    .filter((p) => p !== main && !underAUnit(p))
    .map((p) => ({ process: p, summary: processSummary(p, installRoot, expected) }))
    .filter((p) => p.summary.release !== null);
  // of a wrapper and what it starts (`sudo -u app .../bin/app`, a start script and its java), the last is the service
  const outside = candidates
    .filter((p) => !candidates.some((child) => child.process.ppid === p.process.pid && child.summary.release === p.summary.release))
    .sort((a, b) => (a.process.started ?? 0) - (b.process.started ?? 0) || a.process.pid - b.process.pid);
  const chosen = main ? { process: main, summary: processSummary(main, installRoot, expected), managed: true } : outside[0] ? { ...outside[0], managed: false } : undefined;
  row.others = outside.filter((p) => p.process !== chosen?.process).map((p) => p.summary);
  if (chosen) {
    row.process = { ...chosen.summary, args: chosen.process.args, managed: chosen.managed };
    row.runningRelease = chosen.summary.release;
    row.running = chosen.summary.version;
  }

  const started = chosen?.process.started;
  const after = (changed: number | undefined) => changed !== undefined && started !== undefined && changed > started + SAME_INSTANT;
  if (expected.patchable) {
    const folder = probe.patches.find((p) => p.dir === expected.patchDir.replace(/\/+$/, ''));
    row.patch = { dir: expected.patchDir, present: Boolean(folder), files: folder?.files ?? [], changed: iso(folder?.changed), afterStart: folder && started !== undefined ? after(folder.changed) : null };
  }
  return { ...row, ...judge(row, unit, expected, installRoot, probe, after) };
}

/** The row's state and its reason, worst first: what a restart or a deploy would change. */
function judge(
  row: StatusRow,
  unit: UnitState | undefined,
  expected: HostComponent,
  installRoot: string,
  probe: HostProbe,
  after: (changed: number | undefined) => boolean,
): { state: StatusState; reason?: string } {
  const unitName = `${expected.service?.unit ?? expected.component}.service`;
  const noSystemd = 'error' in probe.systemd ? `no systemd on the host (${probe.systemd.error})` : undefined;
  const unitSays = unit ? `${unit.id} is ${unit.activeState} (${unit.subState})` : (noSystemd ?? `no unit ${unitName}`);
  if (row.configuredRelease === null && !row.process) {
    if (!expected.service) return { state: 'unknown', reason: `no release of ${expected.component} under ${installRoot}` };
    return { state: 'unknown', reason: unit ? `${unit.id} starts no release of ${expected.component} under ${installRoot} (${unit.execStart[0] ?? 'no ExecStart'}), and no process of one runs` : `${unitSays}, and no process runs a release of ${expected.component}` };
  }
  if (!row.process) {
    if (!expected.service) return row.configuredRelease === row.desiredRelease ? { state: 'ok' } : { state: 'drift', reason: `${row.configuredRelease} is installed; the settings want ${row.desiredRelease}` };
    return { state: 'not running', reason: unitSays };
  }
  if (row.runningRelease === null) return { state: 'unknown', reason: `pid ${row.process.pid} (${unit?.id}) runs no release of ${expected.component} under ${installRoot}: ${row.process.args}` };
  const who = row.process.managed ? `pid ${row.process.pid}` : `pid ${row.process.pid}, outside ${unitName}`;
  if (unit && row.runningRelease !== row.configuredRelease) {
    return { state: 'restart pending', reason: `runs ${row.runningRelease} (${who}); ${row.configuredRelease ? `${unitName} starts ${row.configuredRelease}` : unitSays}` };
  }
  const pending: string[] = [];
  if (unit && after(probe.files.get(unit.fragmentPath ?? ''))) pending.push(`${unitName} changed after the process started`);
  else if (unit && unit.dropInPaths.some((f) => after(probe.files.get(f)))) pending.push(`a drop-in of ${unitName} changed after the process started`);
  else if (unit && probe.startScripts.has(unit.execStart[0] ?? '') && after(probe.files.get(unit.execStart[0]))) pending.push(`the start script of ${unitName} (${unit.execStart[0]}) changed after the process started`);
  const changedConfig = Object.keys(expected.config).filter((file) => after(probe.files.get(`${installRoot.replace(/\/+$/, '')}/${row.runningRelease}/${file}`)));
  if (changedConfig.length) pending.push(`${changedConfig.join(', ')} changed after the process started`);
  if (row.patch?.afterStart) pending.push(`patch ${row.patch.files.join(', ') || row.patch.dir} added after the process started`);
  if (pending.length) return { state: 'restart pending', reason: pending.join('; ') };
  if (row.runningRelease !== row.desiredRelease) return { state: 'drift', reason: `runs ${row.runningRelease} (${who}); the settings want ${row.desiredRelease}` };
  const notes = [
    ...(expected.service && !unit ? [`runs outside systemd: ${unitSays}`] : []),
    ...(row.others.length ? [`also running outside ${unitName}: ${row.others.map((o) => `${o.release} (pid ${o.pid})`).join(', ')}`] : []),
  ];
  return notes.length ? { state: 'ok', reason: notes.join('; ') } : { state: 'ok' };
}
