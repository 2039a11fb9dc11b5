/**
 * How many hosts of a service may be down at once, and the batches that respect it. The bound
 * is per cluster (a component's clusters are separate ensembles: each keeps its own quorum):
 *
 * - `quorum: majority`: at most (n-1)/2 of n hosts (1 of 3, 2 of 5), so a majority always
 *   answers; a cluster of 1 or 2 hosts cannot restart without losing it, and is refused;
 * - `max_unavailable: N` or `N%`: at most N hosts, or N% of n rounded down (at least 1, as
 *   Ansible's `serial: N%`);
 * - neither: one host at a time.
 *
 * Hosts already down before a batch (unreachable, or their service not running) count against
 * the bound: a batch takes only what is left, and when nothing is left the
 * rollout stops before touching the cluster, naming the hosts and the rule.
 */
import type { Rollout, RunPolicy } from '../../settings/model.js';
import type { Outcome } from '../deploy/outcome.js';

/** The keys that bound a batch. */
export type BoundPolicy = Pick<Rollout, 'maxUnavailable' | 'quorum'>;

export interface ClusterBound {
  /** How many of the cluster's hosts may be down at once. */
  allowed: number;
  /** The rule, in the settings' words: `quorum: majority (1 of 3)`. */
  rule: string;
}

/** The bound of a cluster of `size` hosts, or why it cannot roll at all. */
export function clusterBound(rollout: BoundPolicy, size: number): ClusterBound | { refused: string } {
  if (rollout.quorum === 'majority') {
    const allowed = Math.floor((size - 1) / 2);
    if (allowed < 1) return { refused: `quorum: majority of ${size} host${size === 1 ? '' : 's'} allows none down: restarting any host loses the majority (add hosts, or set max_unavailable)` };
    return { allowed, rule: `quorum: majority (${allowed} of ${size} down at most)` };
  }
  const value = rollout.maxUnavailable;
  if (typeof value === 'string' && value.endsWith('%')) {
    const allowed = Math.max(1, Math.floor((size * Number(value.slice(0, -1))) / 100));
    return { allowed: Math.min(allowed, size), rule: `max_unavailable: ${value} (${Math.min(allowed, size)} of ${size} down at most)` };
  }
  if (typeof value === 'number') return { allowed: Math.min(value, size), rule: `max_unavailable: ${value} (${Math.min(value, size)} of ${size} down at most)` };
  return { allowed: 1, rule: `one host at a time (no rollout policy: 1 of ${size} down at most)` };
}

export interface BatchPlan {
  /** The hosts to take down together, in order; each batch healthy before the next. */
  batches: string[][];
  bound: ClusterBound;
}

export type BatchRefusal = { refused: string; down: string[] };

/**
 * The batches of one cluster: `hosts` to restart (in order), `down` the cluster's hosts that are
 * down already (they count, and are not restarted by this rollout).
 */
export function planBatches(rollout: BoundPolicy, cluster: { name: string; size: number }, hosts: string[], down: string[]): BatchPlan | BatchRefusal {
  const bound = clusterBound(rollout, cluster.size);
  if ('refused' in bound) return { refused: `cluster ${cluster.name}: ${bound.refused}`, down };
  const room = bound.allowed - down.length;
  const todo = hosts.filter((h) => !down.includes(h));
  if (todo.length && room < 1) {
    return { refused: `cluster ${cluster.name}: ${down.join(', ')} ${down.length === 1 ? 'is' : 'are'} down already, and ${bound.rule} leaves no room to take another down`, down };
  }
  const batches: string[][] = [];
  for (let i = 0; i < todo.length; i += room) batches.push(todo.slice(i, i + room));
  return { batches, bound };
}

/**
 * The run's failure policy, after a phase of one component (its preparation, a step): why the
 * whole run must stop, or undefined. `max_fail_percentage` is exceeded when more than that share
 * of the component's hosts failed (as Ansible: 0 stops on the first failure); unreachable hosts
 * count as failed unless `count_unreachable: false` (in Ansible they escape max_fail_percentage).
 */
export function runPolicyStop(policy: RunPolicy, hosts: string[], outcomes: Map<string, { outcome: Outcome }>): string | undefined {
  const counted = hosts.filter((h) => {
    const outcome = outcomes.get(h)?.outcome;
    return outcome === 'failed' || (outcome === 'unreachable' && policy.countUnreachable);
  });
  if (!counted.length || !hosts.length) return undefined;
  const names = counted.map((h) => `${h} ${outcomes.get(h)!.outcome}`).join(', ');
  if (policy.anyErrorsFatal) return `any_errors_fatal: ${names}`;
  if (policy.maxFailPercentage === undefined) return undefined;
  const percentage = (100 * counted.length) / hosts.length;
  if (percentage <= policy.maxFailPercentage) return undefined;
  return `max_fail_percentage: ${policy.maxFailPercentage}: ${names} (${counted.length} of ${hosts.length}, ${Math.round(percentage)}%)`;
}

/**
 * Before each batch after the first, the cluster is read again: hosts that went down meanwhile
 * (a crash, an operator) count too. Why the batch would break the bound, or undefined when it
 * fits. `downNow`: the cluster's hosts down now (a batch's own host that is down is not counted twice).
 */
export function batchRoom(bound: ClusterBound, cluster: string, batch: string[], downNow: string[]): string | undefined {
  const others = downNow.filter((h) => !batch.includes(h));
  if (others.length + batch.length <= bound.allowed) return undefined;
  return `cluster ${cluster}: ${others.join(', ')} ${others.length === 1 ? 'is' : 'are'} down now, and taking ${batch.join(', ')} down too would break ${bound.rule}: the rollout stops before it`;
}
