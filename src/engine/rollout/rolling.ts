/**
 * A rolling deploy of one component: every host prepared at once (release unpacked, configured,
 * unit written: nothing restarted), then the hosts whose process must change restarted in
 * batches that never take more of a cluster down than its bound allows, each batch healthy
 * before the next. A host that fails its health gate is rolled back at once to the release it
 * ran, and the rollout stops there: the hosts not restarted yet have their units put back on the
 * release they run (nothing restarted), so every host ends on a known release.
 */
import path from 'node:path';
import type { Component, RunPolicy } from '../../settings/model.js';
import type { HostComponent } from '../../settings/render.js';
import type { StatusRow } from '../status/rows.js';
import { worseOf, type HostResultOf } from '../deploy/outcome.js';
import { PLAYBOOKS_DIR } from '../deploy/plan.js';
import { rolloutPlan, type ClusterPlan, type PlannedHost } from './plan.js';
import { batchRoom, runPolicyStop } from './policy.js';

export interface PlaybookRun {
  hosts: Map<string, HostResultOf>;
  exitCode: number;
}

/** What restarting in batches needs (a restart: no preparation, no run policy). */
export type BatchContext = Omit<RollingContext, 'taskTags' | 'policy'>;

export interface RollingContext {
  component: Component;
  expected: HostComponent[];
  /** The component's hosts this run works on (-l applied). */
  hosts: string[];
  /** Runs a shipped playbook on these hosts; `tags` only for the deploy playbook. */
  run(playbook: string, hosts: string[], extraVars: Record<string, string>, tags?: string[]): Promise<PlaybookRun>;
  /** The component's status rows on every one of its hosts (the bound counts hosts outside -l too). */
  status(): Promise<StatusRow[]>;
  /** The component's hosts (all, as for status) whose service is down now: read before each later batch. */
  down(): Promise<string[]>;
  /** What the rollout is doing, in words for the terminal and the audit trail; a batch's start and end also as data (a live view). */
  say(text: string, batch?: BatchEvent): void;
  stopped(): boolean;
  taskTags: string[];
  /** When the whole run stops (max_fail_percentage, any_errors_fatal). */
  policy: RunPolicy;
}

/** A batch starts (its hosts, from → to), or ends (healthy, or not). */
export type BatchEvent = { phase: 'start'; cluster: string; index: number; of: number; hosts: PlannedHost[] } | { phase: 'end'; healthy: string[]; failed: string[] };

export interface RollingResult {
  hosts: Map<string, HostResultOf>;
  exitCode: number;
  /** The rollout stopped (a failed health gate, a refused bound): later components must not start. */
  halted: boolean;
}

const playbook = (name: string) => path.join(PLAYBOOKS_DIR, name);

/** Each playbook run's outcomes folded into the rollout's: a host keeps its worst. */
const mergeInto = (outcomes: Map<string, HostResultOf>) => (run: PlaybookRun) => {
  for (const [host, outcome] of run.hosts) outcomes.set(host, worseOf(outcomes.get(host), outcome));
};

export async function rollComponent(context: RollingContext): Promise<RollingResult> {
  const outcomes = new Map<string, HostResultOf>();
  const merge = mergeInto(outcomes);
  context.say(`prepare on ${context.hosts.length} host${context.hosts.length === 1 ? '' : 's'} (nothing restarted yet)`);
  const prepared = await context.run(playbook('deploy.yml'), context.hosts, { restart_policy: 'deferred' }, context.taskTags);
  merge(prepared);
  if (context.stopped()) return { hosts: outcomes, exitCode: prepared.exitCode, halted: true };
  const ready = context.hosts.filter((h) => !['failed', 'unreachable'].includes(prepared.hosts.get(h)?.outcome ?? 'ok'));
  const rows = await context.status();
  // a host whose preparation failed (its health check among the steps) is not serving: it counts as down
  const unhealthy = new Set(context.hosts.filter((h) => !ready.includes(h)));
  const plan = rolloutPlan(context.component, context.expected, rows, new Set(ready), { unhealthy });
  if (plan.clusters.some((c) => c.batches.length)) context.say(`restarts in batches, each gated by its health check: ${plan.health}`);
  // a host whose release does not change (a configuration or patch change) has no earlier release to go back to
  const planned = new Map(plan.clusters.flatMap((c) => c.batches.flat()).map((h) => [h.host, h]));
  const changesRelease = (host: string) => planned.get(host)?.from !== planned.get(host)?.to;
  let exitCode = prepared.exitCode;
  let halted = false;
  const leftOver: string[] = [];
  const rollout: Rollout = { context, outcomes, merge, leftOver, changesRelease, upgraded: new Map(), notRolledBack: CONFIG_CHANGE_FAILED };
  // a preparation that failed on too many hosts stops the run before anything restarts
  const policyStop = runPolicyStop(context.policy, context.hosts, prepared.hosts);
  if (policyStop) {
    context.say(`the run stops before any restart: ${policyStop}`);
    const waiting = plan.clusters.flatMap((c) => c.batches.flat().map((h) => h.host));
    for (const host of waiting) outcomes.set(host, { outcome: 'failed', msg: `not restarted: the run stopped (${policyStop})` });
    leftOver.push(...waiting);
    halted = true;
    exitCode = Math.max(exitCode, 2);
  }
  for (const cluster of halted ? [] : plan.clusters) {
    const waiting = cluster.batches.flat().map((h) => h.host);
    if (cluster.refused) {
      for (const host of waiting) outcomes.set(host, { outcome: 'failed', msg: `not restarted: ${cluster.refused}` });
      leftOver.push(...waiting);
      exitCode = Math.max(exitCode, 2);
      halted = true;
      context.say(cluster.refused);
      continue;
    }
    if (halted) {
      leftOver.push(...waiting);
      continue;
    }
    halted = await rollCluster(rollout, cluster);
    if (halted) exitCode = Math.max(exitCode, 2);
  }
  if (halted && context.component.rollout.onFailure === 'rollback_component' && !context.stopped()) {
    await rollBackUpgraded(rollout, plan.clusters);
  }
  const putBack = leftOver.filter(changesRelease);
  if (putBack.length && !context.stopped()) {
    // prepared for the new release but never restarted on it: their units go back to what runs
    context.say(`units of ${putBack.join(', ')} put back on the release they run (not restarted)`);
    const back = await context.run(playbook('rollback.yml'), putBack, { rollback_restart: 'false' });
    for (const host of putBack) if (back.hosts.get(host)?.outcome === 'failed') outcomes.set(host, { outcome: 'failed', msg: `${outcomes.get(host)?.msg ?? ''}; putting its unit back failed: ${back.hosts.get(host)?.msg}` });
  }
  return { hosts: outcomes, exitCode: context.stopped() ? 99 : exitCode, halted: halted || context.stopped() };

}

/** What the batches of one rollout share: its hosts' outcomes, and the hosts left not restarted. */
interface Rollout {
  context: BatchContext;
  outcomes: Map<string, HostResultOf>;
  merge(run: PlaybookRun): void;
  leftOver: string[];
  /** A host's release changes (not a configuration or patch change on the same release). */
  changesRelease(host: string): boolean;
  /** cluster → the hosts restarted on their new release and healthy, in order. */
  upgraded: Map<string, string[]>;
  /** Why a failed host whose release did not change is not rolled back. */
  notRolledBack: string;
}

const CONFIG_CHANGE_FAILED = 'not rolled back (its release did not change: a configuration or patch change failed; fix it and deploy again)';

/** One cluster's batches, in order; true when a failure stopped the rollout. */
async function rollCluster({ context, outcomes, merge, leftOver, changesRelease, upgraded, notRolledBack }: Rollout, cluster: ClusterPlan): Promise<boolean> {
  for (const [index, batch] of cluster.batches.entries()) {
    const hosts = batch.map((h) => h.host);
    if (context.stopped()) return true;
    // the cluster read again before each later batch: a host that went down meanwhile counts
    const refused = index > 0 ? await stillRoom(context, cluster, hosts) : undefined;
    if (refused) {
      context.say(refused);
      const rest = cluster.batches.slice(index).flat().map((h) => h.host);
      for (const host of rest) outcomes.set(host, { outcome: 'failed', msg: `not restarted: ${refused}` });
      leftOver.push(...rest);
      return true;
    }
    context.say(`cluster ${cluster.cluster}, batch ${index + 1} of ${cluster.batches.length} (${cluster.bound!.rule}): ${batch.map((h) => `${h.host} ${h.from ?? 'nothing'} → ${h.to}`).join(', ')}`, { phase: 'start', cluster: cluster.cluster, index: index + 1, of: cluster.batches.length, hosts: batch });
    const restarted = await context.run(playbook('restart.yml'), hosts, { restart_serial: String(hosts.length) });
    merge(restarted);
    const failed = hosts.filter((h) => ['failed', 'unreachable'].includes(restarted.hosts.get(h)?.outcome ?? 'ok'));
    upgraded.set(cluster.cluster, [...(upgraded.get(cluster.cluster) ?? []), ...hosts.filter((h) => !failed.includes(h) && changesRelease(h))]);
    if (!failed.length) {
      context.say(`cluster ${cluster.cluster}, batch ${index + 1} of ${cluster.batches.length}: ${batch.map((h) => `${h.host} healthy on ${h.to}`).join(', ')}`, { phase: 'end', healthy: hosts, failed: [] });
      continue;
    }
    const back = failed.filter(changesRelease);
    context.say(`${failed.join(', ')} failed the health gate${back.length ? `: ${back.join(', ')} rolled back to the release ${back.length === 1 ? 'it' : 'they'} ran` : ''}; the rollout of ${context.component.name} stops`, { phase: 'end', healthy: hosts.filter((h) => !failed.includes(h)), failed });
    const rollback = back.length ? await context.run(playbook('rollback.yml'), back, {}) : undefined;
    for (const host of failed) {
      const why = outcomes.get(host)?.msg ?? 'not healthy';
      if (!back.includes(host)) outcomes.set(host, { outcome: 'failed', msg: `${notRolledBack}: ${why}` });
      else if (rollback?.hosts.get(host)?.outcome !== 'failed') outcomes.set(host, { outcome: 'failed', msg: `rolled back to the release it ran: ${why}` });
      else outcomes.set(host, { outcome: 'failed', msg: `the rollback failed too (${rollback?.hosts.get(host)?.msg}): ${why}` });
    }
    const rest = cluster.batches.slice(index + 1).flat().map((h) => h.host);
    for (const host of rest) outcomes.set(host, { outcome: 'failed', msg: `not restarted: the rollout stopped after ${failed.join(', ')} failed` });
    leftOver.push(...rest);
    return true;
  }
  return false;
}

/** Why the next batch would break the cluster's bound, as the hosts are now. */
async function stillRoom(context: BatchContext, cluster: ClusterPlan, batch: string[]): Promise<string | undefined> {
  const members = new Set(context.component.clusters.find((c) => c.name === cluster.cluster)?.hosts ?? []);
  const downNow = (await context.down()).filter((host) => members.has(host));
  return batchRoom(cluster.bound!, cluster.cluster, batch, downNow);
}

/**
 * on_failure: rollback_component: the hosts already upgraded (healthy on the new release) go
 * back to the release they ran, newest first, in batches under their cluster's bound, each
 * health-gated as the upgrade was. The component ends on its old release everywhere.
 */
async function rollBackUpgraded({ context, outcomes, upgraded }: Rollout, clusters: ClusterPlan[]): Promise<void> {
  for (const cluster of clusters) {
    const hosts = [...(upgraded.get(cluster.cluster) ?? [])].reverse();
    const size = cluster.bound?.allowed ?? 1;
    for (let i = 0; i < hosts.length && !context.stopped(); i += size) {
      const batch = hosts.slice(i, i + size);
      context.say(`on_failure: rollback_component: cluster ${cluster.cluster}, ${batch.join(', ')} back to the release ${batch.length === 1 ? 'it' : 'they'} ran`);
      const back = await context.run(playbook('rollback.yml'), batch, {});
      for (const host of batch) {
        const result = back.hosts.get(host);
        if (result?.outcome === 'failed' || result?.outcome === 'unreachable') outcomes.set(host, { outcome: result.outcome, msg: `rolling back with the component failed: ${result.msg ?? ''}` });
        else outcomes.set(host, { outcome: 'changed', msg: 'rolled back with the component (on_failure: rollback_component)' });
      }
      if (batch.some((h) => ['failed', 'unreachable'].includes(back.hosts.get(h)?.outcome ?? 'ok'))) return;
    }
  }
}

/**
 * `deployer restart`: the component's hosts (-l applied) restarted under the same bound as a
 * rolling deploy, hosts down already counted, a stopped one started first; each batch healthy
 * before the next. Nothing is rolled back (the release does not change): a failing host stops
 * the restart, and the hosts after it are not touched.
 */
export async function restartComponent(context: BatchContext): Promise<RollingResult> {
  const outcomes = new Map<string, HostResultOf>();
  const merge = mergeInto(outcomes);
  const plan = rolloutPlan(context.component, context.expected, await context.status(), new Set(context.hosts), { restartAll: true });
  const rollout: Rollout = { context, outcomes, merge, leftOver: [], changesRelease: () => false, upgraded: new Map(), notRolledBack: 'the restart stops here' };
  let halted = false;
  for (const cluster of plan.clusters) {
    for (const host of cluster.down) if (context.hosts.includes(host.host)) outcomes.set(host.host, { outcome: 'unreachable', msg: `${host.host} is ${host.state}: not restarted` });
    if (cluster.refused) {
      context.say(cluster.refused);
      for (const host of cluster.batches.flat()) outcomes.set(host.host, { outcome: 'failed', msg: `not restarted: ${cluster.refused}` });
      halted = true;
      continue;
    }
    if (halted) break;
    halted = await rollCluster(rollout, cluster);
  }
  const failed = [...outcomes.values()].some((o) => o.outcome === 'failed');
  const unreachable = [...outcomes.values()].some((o) => o.outcome === 'unreachable');
  return { hosts: outcomes, exitCode: context.stopped() ? 99 : failed || halted ? 2 : unreachable ? 4 : 0, halted: halted || context.stopped() };
}
