/**
 * Pre-flight (JS7's "probing"): before any host is changed, every host of the run is asked, in
 * one command each, whether it can take the deploy: reachable, sudo works, systemd runs it (for
 * its components with a service), and the filesystem of the install root has room for the
 * releases it lacks (unpacked, plus the archive, plus a margin); every archive is read on the
 * controller (checksum, unpacked size). Problems come back all at once, as data.
 *
 * An unreachable host is not a problem by itself: the deploy tolerates it (it counts against
 * its cluster's bound), unless the run's failure policy counts it (any_errors_fatal,
 * max_fail_percentage with count_unreachable).
 */
import path from 'node:path';
import type { Host } from '../../inventory/model.js';
import type { VarsResolver } from '../../inventory/resolver.js';
import { humanSize } from '../../inspect/df.js';
import { parsePreflight, preflightCommand, PREFLIGHT_MARKER, type PreflightFacts } from '../../inspect/preflight-probe.js';
import type { LoadedSettings } from '../../settings/load.js';
import type { HostComponent } from '../../settings/render.js';
import type { ConnectionOptions } from '../../transport/settings.js';
import { runAdhoc } from '../adhoc.js';
import type { HostResult } from '../results.js';
import { runPolicyStop } from '../rollout/policy.js';
import { archiveFacts, type ArchiveFacts } from './archives.js';

/** Room beyond the releases' own size: 10% of it, at least 10 MiB (logs, temporary files, rounding to disk blocks). */
export const MARGIN_BYTES = 10 * 1024 * 1024;
export const MARGIN_SHARE = 0.1;

export interface HostPreflight {
  host: string;
  status: 'ok' | 'failed' | 'unreachable';
  facts?: PreflightFacts;
  /** Bytes the releases the host lacks need, with the margin; 0 when it has them all. */
  neededBytes: number;
  problems: string[];
  msg?: string;
}

export interface PreflightReport {
  hosts: HostPreflight[];
  archives: ArchiveFacts[];
  /** Everything that stops the run, host by host, then the archives' and the policy's. */
  problems: string[];
  unreachable: string[];
}

const mib = (bytes: number) => humanSize(Math.ceil(bytes / 1024));

/** One host's verdict, from its answer and the archives of its components (a pure function). */
export function judgeHost(result: Pick<HostResult, 'host' | 'status' | 'stdout' | 'stderr' | 'msg'>, components: HostComponent[], archives: Map<string, ArchiveFacts>, withArchives: boolean): HostPreflight {
  if (result.status === 'unreachable') return { host: result.host, status: 'unreachable', neededBytes: 0, problems: [], msg: result.msg };
  if (!result.stdout.includes(PREFLIGHT_MARKER)) {
    const why = (result.msg ?? result.stderr).trim().split('\n')[0] || `exit status ${result.status}`;
    return { host: result.host, status: 'failed', neededBytes: 0, problems: [`sudo does not work (the deploy runs as root): ${why}`] };
  }
  const facts = parsePreflight(result.stdout);
  const problems: string[] = [];
  if (facts.uid !== 0) problems.push(`sudo does not make the deploy root (it runs as uid ${facts.uid ?? 'unknown'})`);
  const services = components.filter((c) => c.service);
  if (services.length && !facts.systemdRunning) {
    problems.push(`systemd does not run this host (${facts.systemctl ? `${facts.systemctl}, but /run/systemd/system is missing` : 'no systemctl'}): ${services.map((c) => c.component).join(', ')} need${services.length === 1 ? 's' : ''} it`);
  }
  const lacking = withArchives ? components.filter((c) => !facts.presentReleases.includes(c.installDir)) : [];
  const releaseBytes = lacking.reduce((sum, c) => {
    const archive = archives.get(c.archive);
    return sum + (archive ? archive.bytes + archive.unpackedBytes : 0);
  }, 0);
  const neededBytes = releaseBytes ? releaseBytes + Math.max(MARGIN_BYTES, releaseBytes * MARGIN_SHARE) : 0;
  if (neededBytes && facts.disk && facts.disk.availableKb * 1024 < neededBytes) {
    const what = lacking.map((c) => `${c.component} ${c.version}`).join(', ');
    problems.push(`${facts.diskPath ?? facts.disk.mountedOn} has ${mib(facts.disk.availableKb * 1024)} free (${facts.disk.mountedOn}), the deploy needs ${mib(neededBytes)}: ${what} unpacked with ${lacking.length === 1 ? 'its archive' : 'their archives'}, ${mib(releaseBytes)}, and a margin of 10% (at least ${mib(MARGIN_BYTES)})`);
  } else if (neededBytes && !facts.disk) problems.push(`the free space under ${facts.diskPath ?? 'the install root'} could not be read (df)`);
  return { host: result.host, status: problems.length ? 'failed' : 'ok', facts, neededBytes, problems };
}

export interface PreflightRequest {
  loaded: LoadedSettings;
  /** Per component of the run: its hosts (-l applied), in dependency order. */
  steps: { component: string; hosts: string[] }[];
  /** Whether releases are installed (a deploy that unpacks archives): the space and the archives are checked. */
  withArchives: boolean;
  hosts: Host[];
  resolver: VarsResolver;
  connection: ConnectionOptions;
  forks: number;
}

export async function runPreflight(request: PreflightRequest): Promise<PreflightReport> {
  const { loaded } = request;
  const inRun = new Set(request.steps.flatMap((s) => s.hosts.map((h) => `${s.component}\u0000${h}`)));
  const expected = loaded.hosts.filter((e) => inRun.has(`${e.component}\u0000${e.host}`));
  const archiveFiles = request.withArchives ? [...new Set(expected.map((e) => e.archive))] : [];
  const archives = new Map(await Promise.all(archiveFiles.map(async (a) => [a, await archiveFacts(path.join(loaded.settings.confDir, a))] as const)));
  const results = await runAdhoc({
    hosts: request.hosts,
    module: 'shell',
    args: preflightCommand({ installRoot: loaded.settings.platform.installRoot, releaseDirs: [...new Set(expected.map((e) => e.installDir))] }),
    literal: true,
    forks: request.forks,
    connection: { ...request.connection, become: true },
    resolver: request.resolver,
    extraVars: {},
    playHosts: request.hosts,
  });
  const hosts = results.map((r) => judgeHost(r, expected.filter((e) => e.host === r.host), archives, request.withArchives));
  const problems = hosts.flatMap((h) => h.problems.map((p) => `${h.host}: ${p}`));
  for (const archive of archives.values()) if (archive.problem) problems.push(`${path.relative(loaded.settings.confDir, archive.file)}: ${archive.problem}`);
  const outcomes = new Map(hosts.map((h) => [h.host, { outcome: h.status === 'unreachable' ? ('unreachable' as const) : h.status === 'failed' ? ('failed' as const) : ('ok' as const) }]));
  for (const step of request.steps) {
    const stop = runPolicyStop(loaded.settings.runPolicy, step.hosts, outcomes);
    if (stop && hosts.some((h) => h.status === 'unreachable' && step.hosts.includes(h.host))) problems.push(`${step.component}: ${stop}`);
  }
  return { hosts, archives: [...archives.values()], problems, unreachable: hosts.filter((h) => h.status === 'unreachable').map((h) => h.host) };
}
