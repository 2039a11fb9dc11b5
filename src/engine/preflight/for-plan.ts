/** The pre-flight of a plan: the hosts of its steps (-l applied), asked whether they can take it. */
import type { LoadedSettings } from '../../settings/load.js';
import { stepPattern, type DeployPlan } from '../deploy/plan.js';
import type { DeployRunOptions } from '../deploy/run.js';
import { runPreflight, type PreflightReport } from './check.js';

export type PreflightTarget = Pick<DeployRunOptions, 'inventory' | 'selector' | 'resolver' | 'connection' | 'forks' | 'limit'>;

export function preflightForPlan(loaded: LoadedSettings, plan: DeployPlan, target: PreflightTarget): Promise<PreflightReport> {
  const steps = plan.steps.map((step) => ({ component: step.component, hosts: target.selector.select(stepPattern(step), target.limit).map((h) => h.name) }));
  const names = new Set(steps.flatMap((s) => s.hosts));
  return runPreflight({
    loaded,
    steps,
    withArchives: plan.installsReleases,
    hosts: [...target.inventory.hosts.values()].filter((h) => names.has(h.name)),
    resolver: target.resolver,
    connection: target.connection,
    forks: target.forks,
  });
}
