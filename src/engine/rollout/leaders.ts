/**
 * Which of a cluster's hosts lead it now (`rollout.leader`: a command that exits 0 on the host
 * that leads), read before each batch: the leader restarts last, so that a quorum service holds
 * one election for the whole rollout, not one per restart of whichever host leads at that moment.
 * The command is rendered per host by the settings; hosts with the same command run it at once.
 * A host that does not answer leads nothing.
 */
import type { Host } from '../../inventory/model.js';
import type { HostComponent } from '../../settings/render.js';
import type { VarsResolver } from '../../inventory/resolver.js';
import type { ConnectionOptions } from '../../transport/settings.js';
import { runAdhoc } from '../adhoc.js';
import type { ConnectionPool } from '../connections.js';

export interface LeaderRequest {
  hosts: Host[];
  /** host → its rendered leader command. */
  commands: Map<string, string>;
  resolver: VarsResolver;
  connection: ConnectionOptions;
  forks: number;
  pool?: ConnectionPool;
}

/** host → the component's rendered `rollout.leader` command there (none: the component has no leader key). */
export const leaderCommands = (expected: HostComponent[], component: string) =>
  new Map(expected.filter((h) => h.component === component && h.service?.leader !== undefined).map((h) => [h.host, h.service!.leader!]));

export async function leadingHosts(request: LeaderRequest): Promise<string[]> {
  const byCommand = new Map<string, Host[]>();
  for (const host of request.hosts) {
    const command = request.commands.get(host.name);
    if (command !== undefined) byCommand.set(command, [...(byCommand.get(command) ?? []), host]);
  }
  const answers = await Promise.all(
    [...byCommand].map(([command, hosts]) =>
      runAdhoc({ hosts, module: 'shell', args: command, literal: true, forks: request.forks, connection: request.connection, resolver: request.resolver, extraVars: {}, playHosts: hosts, pool: request.pool }),
    ),
  );
  return answers.flat().filter((r) => r.status === 'ok' || r.status === 'changed').map((r) => r.host);
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
