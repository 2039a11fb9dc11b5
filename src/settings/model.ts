/**
 * The deployment settings, once validated: one file describes the platform (hosts, components,
 * their versions, clusters, dependencies, how each runs and is checked). Defaults are applied
 * here, so every later stage reads plain values.
 */
import type { Vars } from '../inventory/vars.js';

export interface Platform {
  name: string;
  installRoot: string;
  dataRoot?: string;
  logsRoot?: string;
  user?: string;
  keepReleases: number;
  binariesVersion?: string;
}

export type HealthCheck = { tcp: string } | { http: string } | { command: string } | { log: string };

export interface Service {
  /** The systemd unit name, `<component>` unless set. */
  unit: string;
  execStart: string;
  health?: HealthCheck;
  startupTimeout: number;
}

export interface Rollout {
  maxUnavailable?: number | string;
  quorum?: 'majority';
  /** A command (a template) that exits 0 on the host leading its cluster: that host restarts last. */
  leader?: string;
  /** Seconds a restarted host must stay healthy (same process, check passing) before the next batch. */
  minHealthyTime: number;
  /** `stop`: the hosts already upgraded stay; `rollback_component`: they go back too, in batches. */
  onFailure: 'stop' | 'rollback_component';
}

/** When the whole run stops, in Ansible's terms; unreachable hosts count as failed unless told not to. */
export interface RunPolicy {
  maxFailPercentage?: number;
  anyErrorsFatal: boolean;
  countUnreachable: boolean;
}

/** Where the deploy lock, the journal, the audit trail and the fleet records are kept. */
export interface StateSettings {
  /** `file` (the configuration folder, the default) or `etcd://HOST:PORT[,HOST:PORT...]/PREFIX`. */
  url: string;
  /** Seconds of the etcd lock's lease: a controller that dies lets the lock go after this long. */
  leaseTtl: number;
  /** Seconds a run waits for the lock's holder to finish (0: it refuses at once). */
  lockWait: number;
  /** TLS files for etcd, as absolute paths. */
  tls: { ca?: string; cert?: string; key?: string };
}

export interface Cluster {
  name: string;
  hosts: string[];
  vars: Vars;
}

export interface Component {
  name: string;
  /** The raw templates as written, rendered per host by `renderComponent`. */
  version: string;
  package: string;
  archive: string;
  dependsOn: string[];
  clusters: Cluster[];
  vars: Vars;
  service?: Service;
  rollout: Rollout;
  restart: 'now' | 'deferred';
  patchable: boolean;
  /** Where patch files go on the hosts (a template). */
  patchDir: string;
  /** Files of the release folder rendered from templates: release-relative path → template (relative to the settings folder). */
  config: Record<string, string>;
}

export interface Settings {
  /** The settings file as found, and the configuration folder it belongs to. */
  file: string;
  confDir: string;
  /** sha256 of the file's bytes: names this state of the settings in the inventory and the journal. */
  sha256: string;
  platform: Platform;
  /** Every host with its Ansible (connection) variables, in the file's order. */
  hosts: Map<string, Vars>;
  /** Variables for every host (`[all:vars]`), besides the platform's own. */
  vars: Vars;
  /** In the file's order. */
  components: Component[];
  runPolicy: RunPolicy;
  state: StateSettings;
}

/** The inventory variables the platform block becomes (`[all:vars]`), in a fixed order. */
export function platformVars(platform: Platform): Vars {
  const vars: Vars = { platform_name: platform.name, install_root: platform.installRoot };
  if (platform.dataRoot !== undefined) vars.data_root = platform.dataRoot;
  if (platform.logsRoot !== undefined) vars.logs_root = platform.logsRoot;
  if (platform.user !== undefined) vars.platform_user = platform.user;
  vars.keep_releases = platform.keepReleases;
  if (platform.binariesVersion !== undefined) vars.binaries_version = platform.binariesVersion;
  return vars;
}

export const componentGroup = (component: string) => `${component}_servers`;
export const clusterGroup = (component: string, cluster: string) => `${component}_${cluster}`;
