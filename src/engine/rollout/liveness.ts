/**
 * Which of a component's hosts are down now, read before each later batch of a rollout (the
 * bound counts them): one liveness command per host, at once, on the rollout's connections.
 * Nothing a host answers throws: unreachable is down, and so is an answer deployer cannot read.
 */
import { livenessCommand, serviceDown } from '../../inspect/unit-liveness.js';
import { runPerHost, type ProbeTarget } from './per-host-command.js';

export interface LivenessRequest extends ProbeTarget {
  /** host → the component's unit there (rendered per host: `zookeeper-{{ cluster }}` differs between clusters). */
  units: Map<string, string>;
}

/** The hosts whose service is down (unreachable, or not running); hosts with the same unit are asked at once. */
export async function downHosts(request: LivenessRequest): Promise<string[]> {
  const unitOf = new Map([...request.units.values()].map((unit) => [livenessCommand(unit), unit]));
  const answers = await runPerHost(request, new Map([...request.units].map(([host, unit]) => [host, livenessCommand(unit)])), 'raw');
  return answers.filter(({ command, result: r }) => r.status === 'unreachable' || serviceDown(`${r.stdout}\n${r.stderr}`, unitOf.get(command)!) !== undefined).map(({ result }) => result.host);
}
