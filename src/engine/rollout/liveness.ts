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
  /** host → the component's unit there (rendered per host: `zookeeper-{{ cluster }}` differs between clusters). */
  units: Map<string, string>;
  resolver: VarsResolver;
  connection: ConnectionOptions;
  forks: number;
  pool?: ConnectionPool;
}

/** The hosts whose service is down (unreachable, or not running); hosts with the same unit are asked at once. */
export async function downHosts(request: LivenessRequest): Promise<string[]> {
  const byUnit = new Map<string, Host[]>();
  for (const host of request.hosts) {
    const unit = request.units.get(host.name);
    if (unit !== undefined) byUnit.set(unit, [...(byUnit.get(unit) ?? []), host]);
  }
  const answers = await Promise.all(
    [...byUnit].map(async ([unit, hosts]) => {
      const results = await runAdhoc({ hosts, module: 'shell', args: livenessCommand(unit), literal: true, forks: request.forks, connection: request.connection, resolver: request.resolver, extraVars: {}, playHosts: hosts, pool: request.pool });
      return results.filter((r) => r.status === 'unreachable' || serviceDown(`${r.stdout}\n${r.stderr}`, unit) !== undefined).map((r) => r.host);
    }),
  );
  return answers.flat();
}
