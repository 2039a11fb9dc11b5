/**
 * `deployer rollback` and `rollback --patch` of a service, under the same bound as a deploy:
 * first every host is prepared (its unit pointed back at the earlier release, or its patch
 * folder removed: nothing restarted), then the hosts whose process must change are restarted in
 * batches, each healthy before the next. A host that fails its health gate on the release it
 * went back to is sent forward again to the release it ran, and the rollback stops there; the
 * hosts not restarted yet have their units put back on what they run.
 */
import type { HostResultOf } from '../deploy/outcome.js';
import { isDown, mergeInto, playbook, rollCluster, type BatchContext, type PlaybookRun, type Rollout, type RollingResult } from './batches.js';
import { rolloutPlan, type PlannedHost } from './plan.js';
import { restartComponent } from './rolling.js';

/** Points the hosts at the release each runs now (grouped: one playbook run per release), restarting them on it or not. */
const backToRunning = (context: BatchContext) => async (hosts: PlannedHost[], restart: boolean): Promise<PlaybookRun> => {
  const result: PlaybookRun = { hosts: new Map(), exitCode: 0 };
  const byRelease = new Map<string, string[]>();
  for (const host of hosts) if (host.fromRelease) byRelease.set(host.fromRelease, [...(byRelease.get(host.fromRelease) ?? []), host.host]);
  for (const [release, names] of byRelease) {
    const run = await context.run(playbook('rollback.yml'), names, { rollback_to: release, rollback_restart: String(restart) });
    for (const [host, outcome] of run.hosts) result.hosts.set(host, outcome);
    result.exitCode = Math.max(result.exitCode, run.exitCode);
  }
  return result;
};

export async function rollBackComponent(context: BatchContext): Promise<RollingResult> {
  const outcomes = new Map<string, HostResultOf>();
  const merge = mergeInto(outcomes);
  context.say(`point the units back on ${context.hosts.length} host${context.hosts.length === 1 ? '' : 's'} (nothing restarted yet)`);
  const pointed = await context.run(playbook('rollback.yml'), context.hosts, { rollback_pending: 'true' });
  merge(pointed);
  if (context.stopped()) return { hosts: outcomes, exitCode: pointed.exitCode, halted: true };
  const ready = context.hosts.filter((h) => !isDown(pointed.hosts.get(h)));
  // what each unit starts now is the release the host goes back to: those that differ from what runs restart
  const plan = rolloutPlan(context.component, context.expected, await context.status(), new Set(ready), { target: 'configured' });
  if (plan.clusters.some((c) => c.batches.length)) context.say(`restarts in batches, each gated by its health check: ${plan.health}`);
  const planned = new Map(plan.clusters.flatMap((c) => c.batches.flat()).map((h) => [h.host, h]));
  const changesRelease = (host: string) => planned.get(host)?.from !== planned.get(host)?.to;
  const leftOver: string[] = [];
  const rollout: Rollout = { context, outcomes, merge, leftOver, changesRelease, sendBack: backToRunning(context), upgraded: new Map(), notRolledBack: 'the rollback stops here' };
  let halted = false;
  for (const cluster of plan.clusters) {
    const waiting = cluster.batches.flat().map((h) => h.host);
    if (cluster.refused || halted) {
      if (cluster.refused) {
        context.say(cluster.refused);
        for (const host of waiting) outcomes.set(host, { outcome: 'refused', msg: `not restarted: ${cluster.refused}` });
      }
      else for (const host of waiting) outcomes.set(host, { outcome: 'not restarted', msg: 'not restarted: the rollback stopped in an earlier cluster' });
      leftOver.push(...waiting);
      halted = true;
      continue;
    }
    halted = await rollCluster(rollout, cluster);
  }
  const putBack = leftOver.filter(changesRelease);
  if (putBack.length && !context.stopped()) {
    // pointed back but never restarted: their units go back to what they run
    context.say(`units of ${putBack.join(', ')} put back on the release they run (not restarted)`);
    const back = await rollout.sendBack(putBack.map((h) => planned.get(h)!), false);
    for (const host of putBack) if (back.hosts.get(host)?.outcome === 'failed') outcomes.set(host, { outcome: 'failed', msg: `${outcomes.get(host)?.msg ?? ''}; putting its unit back failed: ${back.hosts.get(host)?.msg}` });
  }
  const exitCode = halted ? Math.max(pointed.exitCode, 2) : pointed.exitCode;
  return { hosts: outcomes, exitCode: context.stopped() ? 99 : exitCode, halted: halted || context.stopped() };
}

/** rollback --patch: every host's patch folder removed at once (nothing restarted), then the hosts that had one restarted as `deployer restart` does. */
export async function rollBackPatch(context: BatchContext): Promise<RollingResult> {
  const outcomes = new Map<string, HostResultOf>();
  const merge = mergeInto(outcomes);
  context.say(`remove the patch on ${context.hosts.length} host${context.hosts.length === 1 ? '' : 's'} (nothing restarted yet)`);
  const removed = await context.run(playbook('rollback-patch.yml'), context.hosts, { patch_restart: 'false' });
  merge(removed);
  if (context.stopped()) return { hosts: outcomes, exitCode: removed.exitCode, halted: true };
  const unpatched = context.hosts.filter((h) => removed.hosts.get(h)?.outcome === 'changed');
  if (!unpatched.length) return { hosts: outcomes, exitCode: removed.exitCode, halted: false };
  const restarted = await restartComponent({ ...context, hosts: unpatched });
  merge(restarted);
  return { hosts: outcomes, exitCode: Math.max(removed.exitCode, restarted.exitCode), halted: restarted.halted };
}
