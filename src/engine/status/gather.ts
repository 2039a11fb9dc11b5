/**
 * `deployer status`'s run: the probe on every selected host at once (one command each, whatever
 * the number of components), then a row per host and component. Unreachable hosts are rows
 * like the others; nothing a host answers can stop the run.
 */
import type { Host } from '../../inventory/model.js';
import type { VarsResolver } from '../../inventory/resolver.js';
import { parseProbe, probeCommand, type ProbeRequest } from '../../inspect/status-probe.js';
import type { LoadedSettings } from '../../settings/load.js';
import type { HostComponent } from '../../settings/render.js';
import type { ConnectionOptions } from '../../transport/settings.js';
import { runAdhoc } from '../adhoc.js';
import type { ConnectionPool } from '../connections.js';
import { hostRows, type HostAnswer, type StatusRow } from './rows.js';

export interface StatusRequest {
  loaded: LoadedSettings;
  /** The selected hosts (pattern and -l applied), in inventory order. */
  hosts: Host[];
  /** Only these components (all when empty). */
  components: string[];
  resolver: VarsResolver;
  connection: ConnectionOptions;
  forks: number;
  /** Connections shared with the caller (a rollout reads the status before each batch). */
  pool?: ConnectionPool;
}

/** What the probe must look at for these (host, component) pairs. */
export function probeRequest(loaded: LoadedSettings, expected: HostComponent[]): ProbeRequest {
  const unique = (values: string[]) => [...new Set(values)];
  return {
    installRoot: loaded.settings.platform.installRoot,
    units: unique(expected.flatMap((e) => (e.service ? [e.service.unit] : []))),
    patchDirs: unique(expected.filter((e) => e.patchable).map((e) => e.patchDir.replace(/\/+$/, ''))),
    releaseFiles: unique(expected.flatMap((e) => Object.keys(e.config))),
  };
}

export async function gatherStatus(request: StatusRequest): Promise<StatusRow[]> {
  const { loaded } = request;
  const wanted = new Set(request.components);
  const names = new Set(request.hosts.map((h) => h.name));
  const expected = loaded.hosts.filter((e) => names.has(e.host) && (!wanted.size || wanted.has(e.component)));
  const byHost = new Map<string, HostComponent[]>();
  for (const e of expected) {
    if (!byHost.has(e.host)) byHost.set(e.host, []);
    byHost.get(e.host)!.push(e);
  }
  const hosts = request.hosts.filter((h) => byHost.has(h.name));
  if (!hosts.length) return [];
  const results = await runAdhoc({
    hosts,
    module: 'shell',
    args: probeCommand(probeRequest(loaded, expected)),
    literal: true,
    forks: request.forks,
    connection: request.connection,
    resolver: request.resolver,
    extraVars: {},
    playHosts: hosts,
    pool: request.pool,
  });
  const answers = new Map<string, HostAnswer>(
    results.map((r) => {
      if (r.status === 'ok' || r.status === 'changed') return [r.host, { host: r.host, probe: parseProbe(r.stdout) }];
      const why = (r.msg ?? r.stderr ?? '').trim().split('\n')[0] || `the probe exited with ${r.rc}`;
      return [r.host, r.status === 'unreachable' ? { host: r.host, unreachable: why } : { host: r.host, failed: why }];
    }),
  );
  // rows in the settings' order of components, hosts in inventory order within each
  const order = new Map(loaded.settings.components.map((c, i) => [c.name, i]));
  const rows = hosts.flatMap((h) => hostRows(answers.get(h.name)!, byHost.get(h.name)!, loaded.settings.platform.installRoot));
  return rows.sort((a, b) => order.get(a.component)! - order.get(b.component)!);
}
