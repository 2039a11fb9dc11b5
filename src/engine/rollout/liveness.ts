/**
 * Which of a component's hosts are down now, read before each later batch of a rollout (the
 * bound counts them): one liveness command per host, at once, on the rollout's connections.
 * Nothing a host answers throws: unreachable is down, and so is an answer deployer cannot read.
 */
import type { Host } from '../../inventory/model.js';
import type { VarsResolver } from '../../inventory/resolver.js';
import { livenessCommand, serviceDown } from '../../inspect/unit-liveness.js';
import type { ConnectionOptions } from '../../transport/settings.js';
import { runAdhoc } from '../adhoc.js';
import type { ConnectionPool } from '../connections.js';

export interface LivenessRequest {
  hosts: Host[];
  unit: string;
  resolver: VarsResolver;
  connection: ConnectionOptions;
  forks: number;
  pool?: ConnectionPool;
}

/** host → why its service is down, for the hosts whose service is down. */
export async function downHosts(request: LivenessRequest): Promise<Map<string, string>> {
  const results = await runAdhoc({
    hosts: request.hosts,
    module: 'shell',
    args: livenessCommand(request.unit),
    literal: true,
    forks: request.forks,
    connection: request.connection,
    resolver: request.resolver,
    extraVars: {},
    playHosts: request.hosts,
    pool: request.pool,
  });
  const down = new Map<string, string>();
  for (const result of results) {
    const why = result.status === 'unreachable' ? `unreachable: ${(result.msg ?? '').trim().split('\n')[0]}` : serviceDown(`${result.stdout}\n${result.stderr}`, request.unit);
    if (why) down.set(result.host, why);
  }
  return down;
}
