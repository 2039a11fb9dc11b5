/** Validated settings data as the typed model, with every default applied. */
import path from 'node:path';
import type { Vars } from '../inventory/vars.js';
import type { Cluster, Component, HealthCheck, Platform, RunPolicy, Service, Settings, StateSettings } from './model.js';

// the schema has checked every type before this runs
type Raw = Record<string, any>;

export const DEFAULT_KEEP_RELEASES = 3;
export const DEFAULT_STARTUP_TIMEOUT = 60;
/** A few seconds, as Nomad's min_healthy_time: long enough to see a process that dies right after its first answer. */
export const DEFAULT_MIN_HEALTHY_TIME = 3;
/** A controller that dies holds the etcd lock this long at most; renewed every 10 s. */
export const DEFAULT_LEASE_TTL = 30;

export function buildSettings(data: Raw, file: string, confDir: string, sha256: string): Settings {
  const p: Raw = data.platform;
  const platform: Platform = {
    name: p.name,
    installRoot: p.install_root,
    dataRoot: p.data_root,
    logsRoot: p.logs_root,
    user: p.user,
    keepReleases: p.keep_releases ?? DEFAULT_KEEP_RELEASES,
    binariesVersion: p.binaries_version,
  };
  const hosts = new Map<string, Vars>(Object.entries(data.hosts as Raw).map(([name, vars]) => [name, (vars ?? {}) as Vars]));
  const run: Raw = data.rollout ?? {};
  const components = Object.entries(data.components as Raw).map(([name, c]) => buildComponent(name, c, p.binaries_version !== undefined, run));
  const runPolicy: RunPolicy = { maxFailPercentage: run.max_fail_percentage, anyErrorsFatal: run.any_errors_fatal ?? false, countUnreachable: run.count_unreachable ?? true };
  return { file, confDir, sha256, platform, hosts, vars: (data.vars ?? {}) as Vars, components, runPolicy, state: buildState(data, confDir) };
}

function buildState(data: Raw, confDir: string): StateSettings {
  const o: Raw = data.state_options ?? {};
  const file = (name: string) => (o[name] === undefined ? {} : { [name]: path.resolve(confDir, o[name]) });
  return { url: data.state ?? 'file', leaseTtl: o.lease_ttl ?? DEFAULT_LEASE_TTL, lockWait: o.lock_wait ?? 0, tls: { ...file('ca'), ...file('cert'), ...file('key') } };
}

function buildComponent(name: string, c: Raw, platformHasBinariesVersion: boolean, run: Raw): Component {
  const clusters: Cluster[] = Object.entries(c.clusters as Raw).map(([clusterName, k]) => ({ name: clusterName, hosts: k.hosts, vars: k.vars ?? {} }));
  return {
    name,
    version: c.version,
    package: c.package ?? `${name}-{{ version }}`,
    archive: c.archive ?? 'archives/{{ package }}.tar.gz',
    dependsOn: c.depends_on ?? [],
    clusters,
    vars: c.vars ?? {},
    service: c.service ? buildService(name, c.service) : undefined,
    rollout: {
      maxUnavailable: c.rollout?.max_unavailable,
      quorum: c.rollout?.quorum,
      leader: c.rollout?.leader,
      minHealthyTime: c.rollout?.min_healthy_time ?? run.min_healthy_time ?? DEFAULT_MIN_HEALTHY_TIME,
      onFailure: c.rollout?.on_failure ?? run.on_failure ?? 'stop',
    },
    restart: c.restart ?? 'now',
    patchable: c.patchable ?? false,
    patchDir: c.patch_dir ?? (platformHasBinariesVersion ? '{{ install_root }}/{{ binaries_version }}/patch' : '{{ install_dir }}/patch'),
    config: c.config ?? {},
  };
}

function buildService(component: string, s: Raw): Service {
  const health = s.health ? (Object.fromEntries(Object.entries(s.health as Raw).map(([k, v]) => [k, String(v)])) as HealthCheck) : undefined;
  return { unit: s.unit ?? component, execStart: s.exec_start, health, startupTimeout: s.startup_timeout ?? DEFAULT_STARTUP_TIMEOUT };
}
