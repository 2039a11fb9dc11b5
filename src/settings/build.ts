/** Validated settings data as the typed model, with every default applied. */
import type { Vars } from '../inventory/vars.js';
import type { Cluster, Component, HealthCheck, Platform, Service, Settings } from './model.js';

// the schema has checked every type before this runs
type Raw = Record<string, any>;

export const DEFAULT_KEEP_RELEASES = 3;
export const DEFAULT_STARTUP_TIMEOUT = 60;

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
  const components = Object.entries(data.components as Raw).map(([name, c]) => buildComponent(name, c, p.binaries_version !== undefined));
  return { file, confDir, sha256, platform, hosts, vars: (data.vars ?? {}) as Vars, components };
}

function buildComponent(name: string, c: Raw, platformHasBinariesVersion: boolean): Component {
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
    rollout: { maxUnavailable: c.rollout?.max_unavailable, quorum: c.rollout?.quorum },
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
