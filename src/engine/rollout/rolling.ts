/**
 * A rolling deploy of one component: every host prepared at once (release unpacked, configured,
 * unit written: nothing restarted), then the hosts whose process must change restarted in
 * batches that never take more of a cluster down than its bound allows, each batch healthy
 * before the next. A host that fails its health gate is rolled back at once to the release it
 * ran, and the rollout stops there: the hosts not restarted yet have their units put back on the
 * release they run (nothing restarted), so every host ends on a known release.
 */
import type { RunPolicy } from '../../settings/model.js';
import type { HostResultOf } from '../deploy/outcome.js';
import { isDown, mergeInto, playbook, rollCluster, type BatchContext, type PlaybookRun, type Rollout, type RollingResult } from './batches.js';
import { rolloutPlan, type ClusterPlan, type PlannedHost } from './plan.js';
import { runPolicyStop } from './policy.js';

export interface RollingContext extends BatchContext {
  taskTags: string[];
  /** When the whole run stops (max_fail_percentage, any_errors_fatal). */
  policy: RunPolicy;
}

/** A deploy's way back: rollback.yml goes to the release each unit recorded as its previous, the one it ran. */
const backToPrevious = (context: BatchContext) => (hosts: PlannedHost[], restart: boolean): Promise<PlaybookRun> =>
  context.run(playbook('rollback.yml'), hosts.map((h) => h.host), restart ? {} : { rollback_restart: 'false' });

export async function rollComponent(context: RollingContext): Promise<RollingResult> {
  const outcomes = new Map<string, HostResultOf>();
  const merge = mergeInto(outcomes);
  context.say(`prepare on ${context.hosts.length} host${context.hosts.length === 1 ? '' : 's'} (nothing restarted yet)`);
  const prepared = await context.run(playbook('deploy.yml'), context.hosts, { restart_policy: 'deferred' }, context.taskTags);
  merge(prepared);
  if (context.stopped()) return { hosts: outcomes, exitCode: prepared.exitCode, halted: true };
  const ready = context.hosts.filter((h) => !isDown(prepared.hosts.get(h)));
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
  const rollout: Rollout = { context, outcomes, merge, leftOver, changesRelease, sendBack: backToPrevious(context), upgraded: new Map(), notRolledBack: CONFIG_CHANGE_FAILED };
  // a preparation that failed on too many hosts stops the run before anything restarts
  const policyStop = runPolicyStop(context.policy, context.hosts, prepared.hosts);
  if (policyStop) {
    context.say(`the run stops before any restart: ${policyStop}`);
    const waiting = plan.clusters.flatMap((c) => c.batches.flat().map((h) => h.host));
    for (const host of waiting) if (!isDown(outcomes.get(host))) outcomes.set(host, { outcome: 'not restarted', msg: `not restarted: the run stopped (${policyStop})` });
    leftOver.push(...waiting);
    halted = true;
    exitCode = Math.max(exitCode, 2);
  }
  for (const cluster of halted ? [] : plan.clusters) {
    const waiting = cluster.batches.flat().map((h) => h.host);
    if (cluster.refused) {
      for (const host of waiting) outcomes.set(host, { outcome: 'refused', msg: `not restarted: ${cluster.refused}` });
      leftOver.push(...waiting);
      exitCode = Math.max(exitCode, 2);
      halted = true;
      context.say(cluster.refused);
      continue;
    }
    if (halted) {
      for (const host of waiting) outcomes.set(host, { outcome: 'not restarted', msg: 'not restarted: the rollout stopped in an earlier cluster' });
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
    const back = await rollout.sendBack(putBack.map((h) => planned.get(h)!), false);
    for (const host of putBack) if (back.hosts.get(host)?.outcome === 'failed') outcomes.set(host, { outcome: 'failed', msg: `${outcomes.get(host)?.msg ?? ''}; putting its unit back failed: ${back.hosts.get(host)?.msg}` });
  }
  return { hosts: outcomes, exitCode: context.stopped() ? 99 : exitCode, halted: halted || context.stopped() };

}

const CONFIG_CHANGE_FAILED = 'not rolled back (its release did not change: a configuration or patch change failed; fix it and deploy again)';

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
      const starting = `on_failure: rollback_component: cluster ${cluster.cluster}, ${batch.join(', ')} back to the release ${batch.length === 1 ? 'it' : 'they'} ran`;
      if (context.fence && !(await context.fence(starting))) return;
      context.say(starting);
      const back = await context.run(playbook('rollback.yml'), batch, {});
      for (const host of batch) {
        const result = back.hosts.get(host);
        if (result?.outcome === 'failed' || result?.outcome === 'unreachable') outcomes.set(host, { outcome: result.outcome, msg: `rolling back with the component failed: ${result.msg ?? ''}` });
        else outcomes.set(host, { outcome: 'changed', msg: 'rolled back with the component (on_failure: rollback_component)' });
      }
      if (batch.some((h) => isDown(back.hosts.get(h)))) return;
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
  // a restart starts what each unit names: that release, not the one the settings want, is where each host goes
  const plan = rolloutPlan(context.component, context.expected, await context.status(), new Set(context.hosts), { restartAll: true, target: 'configured' });
  const rollout: Rollout = { context, outcomes, merge, leftOver: [], changesRelease: () => false, sendBack: backToPrevious(context), upgraded: new Map(), notRolledBack: 'the restart stops here' };
  let halted = false;
  for (const cluster of plan.clusters) {
    for (const host of cluster.down) if (context.hosts.includes(host.host)) outcomes.set(host.host, { outcome: 'unreachable', msg: `${host.host} is ${host.state}: not restarted` });
    if (cluster.refused) {
      context.say(cluster.refused);
      for (const host of cluster.batches.flat()) outcomes.set(host.host, { outcome: 'refused', msg: `not restarted: ${cluster.refused}` });
      halted = true;
      continue;
    }
    if (halted) {
      for (const host of cluster.batches.flat()) outcomes.set(host.host, { outcome: 'not restarted', msg: 'not restarted: the restart stopped in an earlier cluster' });
      continue;
    }
    halted = await rollCluster(rollout, cluster);
  }
  const failed = [...outcomes.values()].some((o) => o.outcome === 'failed');
  const unreachable = [...outcomes.values()].some((o) => o.outcome === 'unreachable');
  return { hosts: outcomes, exitCode: context.stopped() ? 99 : failed || halted ? 2 : unreachable ? 4 : 0, halted: halted || context.stopped() };
}
