/**
 * Restarting one cluster in batches, the part that a rolling deploy, a restart and a rollback
 * share: before each later batch the cluster is read again (a host that went down meanwhile
 * counts against the bound), each batch must pass its health gate before the next starts, and
 * a batch with a failing host stops the cluster there, the failing host sent back to the release
 * it ran.
 */
import path from 'node:path';
import type { Component } from '../../settings/model.js';
import type { HostComponent } from '../../settings/render.js';
import type { StatusRow } from '../status/rows.js';
import { worseOf, type HostResultOf } from '../deploy/outcome.js';
import { PLAYBOOKS_DIR } from '../deploy/plan.js';
import type { ClusterPlan, PlannedHost } from './plan.js';
import { leadersLast } from './leaders.js';
import { batchRoom } from './policy.js';

export interface PlaybookRun {
  hosts: Map<string, HostResultOf>;
  exitCode: number;
}

/** What restarting in batches needs from the run: its hosts, the shipped playbooks, the probes, the terminal. */
export interface BatchContext {
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
  /** The component's hosts that lead their cluster now (`rollout.leader`), read before each batch; absent without that key. */
  leaders?(): Promise<string[]>;
  /** What the rollout is doing, in words for the terminal and the audit trail; a batch's start and end also as data (a live view). */
  say(text: string, batch?: BatchEvent): void;
  stopped(): boolean;
  /**
   * Before each batch, with the words of its start: false when the run may start no batch (it
   * lost the deploy lock). The check records those words itself (one step with the check).
   */
  fence?(starting: string): Promise<boolean>;
}

/** A batch starts (its hosts, from → to), or ends (healthy, or not). */
export type BatchEvent = { phase: 'start'; cluster: string; index: number; of: number; hosts: PlannedHost[] } | { phase: 'end'; healthy: string[]; failed: string[] };

export interface RollingResult {
  hosts: Map<string, HostResultOf>;
  exitCode: number;
  /** The rollout stopped (a failed health gate, a refused bound): later components must not start. */
  halted: boolean;
}

export const playbook = (name: string) => path.join(PLAYBOOKS_DIR, name);

/** Each playbook run's outcomes folded into the rollout's: a host keeps its worst. */
export const mergeInto = (outcomes: Map<string, HostResultOf>) => (run: PlaybookRun) => {
  for (const [host, outcome] of run.hosts) outcomes.set(host, worseOf(outcomes.get(host), outcome));
};

/** What the batches of one rollout share: its hosts' outcomes, and the hosts left not restarted. */
export interface Rollout {
  context: BatchContext;
  outcomes: Map<string, HostResultOf>;
  merge(run: PlaybookRun): void;
  leftOver: string[];
  /** A host's release changes (not a configuration or patch change on the same release). */
  changesRelease(host: string): boolean;
  /**
   * Points these hosts' units back at the release each runs now (`restart`: and restarts them
   * on it, health-gated): a host that failed on its new release, or one never restarted on it.
   */
  sendBack(hosts: PlannedHost[], restart: boolean): Promise<PlaybookRun>;
  /** cluster → the hosts restarted on their new release and healthy, in order. */
  upgraded: Map<string, string[]>;
  /** Why a failed host whose release did not change is not rolled back. */
  notRolledBack: string;
}

export const isDown = (outcome: HostResultOf | undefined) => ['failed', 'unreachable'].includes(outcome?.outcome ?? 'ok');

/** One cluster's batches, in order; true when a failure stopped the rollout. */
export async function rollCluster(rollout: Rollout, cluster: ClusterPlan): Promise<boolean> {
  const { context, outcomes, merge, leftOver, changesRelease, upgraded, notRolledBack } = rollout;
  let batches = cluster.batches;
  let saidLeading = '';
  for (let index = 0; index < batches.length; index++) {
    if (context.stopped()) return true;
    // leadership moves while servers restart: read again before each batch, the leader goes last
    if (context.leaders) {
      const leaders = new Set(await context.leaders());
      batches = leadersLast(batches, index, leaders);
      const leading = batches.slice(index).flat().filter((h) => leaders.has(h.host)).map((h) => h.host);
      if (leading.length && leading.join() !== saidLeading) context.say(`cluster ${cluster.cluster}: ${leading.join(', ')} ${leading.length === 1 ? 'leads' : 'lead'}: restarted last`);
      saidLeading = leading.join();
    }
    const batch = batches[index];
    const hosts = batch.map((h) => h.host);
    // the cluster read again before each later batch: a host that went down meanwhile counts
    const refused = index > 0 ? await stillRoom(context, cluster, hosts) : undefined;
    if (refused) {
      context.say(refused);
      const rest = batches.slice(index).flat().map((h) => h.host);
      for (const host of rest) outcomes.set(host, { outcome: 'refused', msg: `not restarted: ${refused}` });
      leftOver.push(...rest);
      return true;
    }
    const starting = `cluster ${cluster.cluster}, batch ${index + 1} of ${batches.length} (${cluster.bound!.rule}): ${batch.map((h) => `${h.host} ${h.from ?? 'nothing'} → ${h.to}`).join(', ')}`;
    if (context.fence && !(await context.fence(starting))) return true;
    context.say(starting, { phase: 'start', cluster: cluster.cluster, index: index + 1, of: batches.length, hosts: batch });
    const restarted = await context.run(playbook('restart.yml'), hosts, { restart_serial: String(hosts.length) });
    merge(restarted);
    const failed = hosts.filter((h) => isDown(restarted.hosts.get(h)));
    upgraded.set(cluster.cluster, [...(upgraded.get(cluster.cluster) ?? []), ...hosts.filter((h) => !failed.includes(h) && changesRelease(h))]);
    if (!failed.length) {
      context.say(`cluster ${cluster.cluster}, batch ${index + 1} of ${batches.length}: ${batch.map((h) => `${h.host} healthy on ${h.to}`).join(', ')}`, { phase: 'end', healthy: hosts, failed: [] });
      continue;
    }
    const back = failed.filter(changesRelease);
    context.say(`${failed.join(', ')} failed the health gate${back.length ? `: ${back.join(', ')} rolled back to the release ${back.length === 1 ? 'it' : 'they'} ran` : ''}; the rollout of ${context.component.name} stops`, { phase: 'end', healthy: hosts.filter((h) => !failed.includes(h)), failed });
    const rollback = back.length ? await rollout.sendBack(batch.filter((h) => back.includes(h.host)), true) : undefined;
    for (const host of failed) {
      const why = outcomes.get(host)?.msg ?? 'not healthy';
      if (!back.includes(host)) outcomes.set(host, { outcome: 'failed', msg: `${notRolledBack}: ${why}` });
      else if (rollback?.hosts.get(host)?.outcome !== 'failed') outcomes.set(host, { outcome: 'failed', msg: `rolled back to the release it ran: ${why}` });
      else outcomes.set(host, { outcome: 'failed', msg: `the rollback failed too (${rollback?.hosts.get(host)?.msg}): ${why}` });
    }
    const rest = batches.slice(index + 1).flat().map((h) => h.host);
    for (const host of rest) outcomes.set(host, { outcome: 'not restarted', msg: `not restarted: the rollout stopped after ${failed.join(', ')} failed` });
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
