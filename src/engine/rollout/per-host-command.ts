/**
 * A rollout's probes (liveness, leadership): a command rendered per host, run on every host at
 * once, the hosts with the same command in one ad-hoc run, on the rollout's connections.
 */
import type { Host } from '../../inventory/model.js';
import type { VarsResolver } from '../../inventory/resolver.js';
import type { ConnectionOptions } from '../../transport/settings.js';
import { runAdhoc } from '../adhoc.js';
import type { ConnectionPool } from '../connections.js';
import type { HostResult } from '../results.js';

export interface ProbeTarget {
  hosts: Host[];
  resolver: VarsResolver;
  connection: ConnectionOptions;
  forks: number;
  pool?: ConnectionPool;
}

/**
 * Each host's result with the command it ran; hosts with no command are not asked. `shell` runs a
 * command under /bin/sh (a user's, as written in the settings); `raw` hands deployer's own simple
 * commands to the login shell, with no /bin/sh started for them (a probe runs before every batch).
 */
export async function runPerHost(target: ProbeTarget, commands: Map<string, string>, module: 'shell' | 'raw' = 'shell'): Promise<{ command: string; result: HostResult }[]> {
  const byCommand = new Map<string, Host[]>();
  for (const host of target.hosts) {
    const command = commands.get(host.name);
    if (command !== undefined) byCommand.set(command, [...(byCommand.get(command) ?? []), host]);
  }
  const answers = await Promise.all(
    [...byCommand].map(async ([command, hosts]) => {
      const results = await runAdhoc({ hosts, module, args: command, literal: true, forks: target.forks, connection: target.connection, resolver: target.resolver, extraVars: {}, playHosts: hosts, pool: target.pool });
      return results.map((result) => ({ command, result }));
    }),
  );
  return answers.flat();
}
