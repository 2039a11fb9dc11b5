/**
 * The rollout of a component once its hosts are prepared: per cluster, which hosts go from which
 * running version to which, in which batches under the cluster's bound, which are down already
 * (and count against it), and the health check each restarted host must pass. Built from the
 * settings and the status rows (what each host really runs): a pure function.
 */
import type { Component } from '../../settings/model.js';
import type { HostComponent } from '../../settings/render.js';
import type { StatusRow } from '../status/rows.js';
import { planBatches, type ClusterBound } from './policy.js';

export interface PlannedHost {
  host: string;
  /** The version running now (null: none), and the version the deploy installs. */
  from: string | null;
  to: string;
  state: StatusRow['state'];
  /** The release folder running now: what a host that fails on its new release goes back to. */
  fromRelease: string | null;
}

export interface ClusterPlan {
  cluster: string;
  size: number;
  bound?: ClusterBound;
  /** Hosts restarted together, batch after batch (each healthy before the next). */
  batches: PlannedHost[][];
  /** Hosts whose service never ran (first install): started at once, nothing of theirs is serving. */
  installs: PlannedHost[];
  /** Hosts with nothing to restart (their process runs what their unit starts), and hosts down already (counted against the bound, not restarted). */
  current: PlannedHost[];
  down: PlannedHost[];
  /** Why this cluster would not roll (its bound leaves no room); its batches are then the hosts left as they are. */
  refused?: string;
}

export interface ComponentPlan {
  component: string;
  health: string;
  clusters: ClusterPlan[];
}

const DOWN: StatusRow['state'][] = ['not running', 'unreachable'];

function healthOf(expected: HostComponent | undefined): string {
  const service = expected?.service;
  if (!service) return 'no service (nothing restarts)';
  const check = service.health ? Object.entries(service.health).map(([kind, target]) => `${kind} ${target}`)[0] : 'the unit active';
  return `${check}, within ${service.startupTimeout} s${service.minHealthyTime ? `, then healthy for ${service.minHealthyTime} s` : ''}`;
}

export interface PlanOptions {
  restartAll?: boolean;
  unhealthy?: Set<string>;
  /** What the hosts go to: the settings' version (a deploy), or what their units start now (a rollback re-pointed them). */
  target?: 'desired' | 'configured';
}

/**
 * `selected`: the hosts this run works on (-l applied, those the preparation did not fail).
 * `restartAll` (deployer restart): every selected host that answers restarts, not only those
 * whose restart is pending; a stopped one is started first, in a batch of its own (it is down
 * already: starting it takes nothing down). `unhealthy`: hosts whose health check failed before
 * the batches (in the preparation): down, whatever their process table says.
 */
export function rolloutPlan(component: Component, expected: HostComponent[], rows: StatusRow[], selected: Set<string>, { restartAll = false, unhealthy = new Set<string>(), target = 'desired' }: PlanOptions = {}): ComponentPlan {
  const rowOf = new Map(rows.map((r) => [`${r.component}\u0000${r.host}`, r]));
  const clusters = component.clusters.map((cluster): ClusterPlan => {
    const hosts = cluster.hosts.map((host): PlannedHost & { selected: boolean } => {
      const row = rowOf.get(`${component.name}\u0000${host}`);
      const desired = expected.find((e) => e.component === component.name && e.host === host)?.version ?? '';
      const to = target === 'configured' ? (row?.configured ?? desired) : desired;
      return { host, from: row?.running ?? null, to, state: row?.state ?? 'unknown', fromRelease: row?.runningRelease ?? null, selected: selected.has(host) };
    });
    const plain = ({ host, from, to, state, fromRelease }: PlannedHost) => ({ host, from, to, state, fromRelease });
    const stopped = restartAll ? hosts.filter((h) => h.selected && h.state === 'not running') : [];
    const down = hosts.filter((h) => (DOWN.includes(h.state) || unhealthy.has(h.host)) && !stopped.includes(h));
    const installs = restartAll ? [] : hosts.filter((h) => h.selected && h.state === 'unknown');
    // read once the hosts are prepared: what must restart is what the status calls restart pending
    const restart = hosts.filter((h) => h.selected && !stopped.includes(h) && (restartAll ? !down.includes(h) : h.state === 'restart pending'));
    const current = hosts.filter((h) => h.selected && !down.includes(h) && !installs.includes(h) && !restart.includes(h));
    const base = { cluster: cluster.name, size: cluster.hosts.length, installs: installs.map(plain), current: current.map(plain), down: down.map(plain) };
    if (!component.service) return { ...base, batches: restart.length ? [restart.map(plain)] : [] };
    const batches = planBatches(component.rollout, { name: cluster.name, size: cluster.hosts.length }, restart.map((h) => h.host), down.map((h) => h.host));
    // refused: the hosts it would have restarted, as one batch that must not run
    if ('refused' in batches) return { ...base, batches: restart.length ? [restart.map(plain)] : [], refused: batches.refused };
    const byHost = new Map(hosts.map((h) => [h.host, plain(h)]));
    const planned = batches.batches.map((batch) => batch.map((h) => byHost.get(h)!));
    return { ...base, bound: batches.bound, batches: stopped.length ? [stopped.map(plain), ...planned] : planned };
  });
  return { component: component.name, health: healthOf(expected.find((e) => e.component === component.name)), clusters };
}
