/**
 * Which of a cluster's hosts lead it now (`rollout.leader`: a command that exits 0 on the host
 * that leads), read before each batch: the leader restarts last, so that a quorum service holds
 * one election for the whole rollout, not one per restart of whichever host leads at that moment.
 * The command is rendered per host by the settings; hosts with the same command run it at once.
 * A host that does not answer leads nothing.
 */
import type { HostComponent } from '../../settings/render.js';
import { runPerHost, type ProbeTarget } from './per-host-command.js';

export interface LeaderRequest extends ProbeTarget {
  /** host → its rendered leader command. */
  commands: Map<string, string>;
}

/** host → the component's rendered `rollout.leader` command there (none: the component has no leader key). */
export const leaderCommands = (expected: HostComponent[], component: string) =>
  new Map(expected.filter((h) => h.component === component && h.service?.leader !== undefined).map((h) => [h.host, h.service!.leader!]));

export async function leadingHosts(request: LeaderRequest): Promise<string[]> {
  const answers = await runPerHost(request, request.commands);
  return answers.filter(({ result }) => result.status === 'ok' || result.status === 'changed').map(({ result }) => result.host);
}

/**
 * The batches from `from` on with the leading hosts moved to the end, each batch keeping its
 * size (the bound's arithmetic does not change); the batches before `from` have run already.
 */
export function leadersLast<T extends { host: string }>(batches: T[][], from: number, leaders: ReadonlySet<string>): T[][] {
  const rest = batches.slice(from).flat();
  const ordered = [...rest.filter((h) => !leaders.has(h.host)), ...rest.filter((h) => leaders.has(h.host))];
  const result = batches.slice(0, from);
  let at = 0;
  for (const batch of batches.slice(from)) {
    result.push(ordered.slice(at, at + batch.length));
    at += batch.length;
  }
  return result;
}
