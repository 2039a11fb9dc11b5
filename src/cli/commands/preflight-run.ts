/** Running the pre-flight checks (loaded only when they run): alone, or as a deploy's first step. */
import { planRun, stepPattern, type DeployPlan } from '../../engine/deploy/plan.js';
import { runPreflight, type PreflightReport } from '../../engine/preflight/check.js';
import type { LoadedSettings } from '../../settings/load.js';
import { loadContext, processEnvironment, type Environment, type LoadedContext } from '../context.js';
import { printWarnings, useColor } from '../display.js';
import { preflightLines } from '../output/preflight-output.js';
import { resolveRunOptions, type ResolvedRunOptions } from '../run-options.js';
import type { PreflightOptions } from './preflight.js';
import { requireSettings } from './settings-run.js';

/** The checks for the hosts of a plan (-l applied). */
export function preflightOf(loaded: LoadedSettings, plan: DeployPlan, context: LoadedContext, resolved: ResolvedRunOptions, limit: string | undefined): Promise<PreflightReport> {
  const steps = plan.steps.map((step) => ({ component: step.component, hosts: context.selector.select(stepPattern(step), limit).map((h) => h.name) }));
  const names = new Set(steps.flatMap((s) => s.hosts));
  return runPreflight({
    loaded,
    steps,
    withArchives: plan.installsReleases,
    hosts: [...context.inventory.hosts.values()].filter((h) => names.has(h.name)),
    resolver: context.resolver,
    connection: resolved.connection,
    forks: resolved.forks,
  });
}

export const preflightExitCode = (report: PreflightReport) => (report.problems.length ? 2 : report.unreachable.length ? 4 : 0);

export async function runPreflightCommand(options: PreflightOptions, environment: Environment = processEnvironment()): Promise<number> {
  const loaded = requireSettings(options, environment);
  const plan = planRun(loaded, { action: 'deploy', tags: options.tags });
  const context = await loadContext(options, environment);
  printWarnings([...context.resolver.files.warnings, ...context.inventory.warnings]);
  const resolved = await resolveRunOptions(options, context.config, environment);
  const report = await preflightOf(loaded, plan, context, resolved, options.limit);
  if (options.json) process.stdout.write(`${JSON.stringify({ ...report, exitCode: preflightExitCode(report) }, null, 2)}\n`);
  else process.stdout.write(`${preflightLines(report, useColor(process.stdout)).join('\n')}\n`);
  return preflightExitCode(report);
}
