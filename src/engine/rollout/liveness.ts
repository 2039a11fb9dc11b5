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

/** The hosts whose service is down (unreachable, or not running). */
export async function downHosts(request: LivenessRequest): Promise<string[]> {
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
  return results.filter((r) => r.status === 'unreachable' || serviceDown(`${r.stdout}\n${r.stderr}`, request.unit) !== undefined).map((r) => r.host);
}
