/** Running the pre-flight checks (loaded only when they run): alone, or as a deploy's first step. */
import { planRun } from '../../engine/deploy/plan.js';
import type { PreflightReport } from '../../engine/preflight/check.js';
import { preflightForPlan } from '../../engine/preflight/for-plan.js';
import { loadContext, processEnvironment, type Environment } from '../context.js';
import { printWarnings, useColor } from '../display.js';
import { preflightLines } from '../output/preflight-output.js';
import { resolveRunOptions } from '../run-options.js';
import type { PreflightOptions } from './preflight.js';
import { requireSettings } from './settings-run.js';

export const preflightExitCode = (report: PreflightReport) => (report.problems.length ? 2 : report.unreachable.length ? 4 : 0);

export async function runPreflightCommand(options: PreflightOptions, environment: Environment = processEnvironment()): Promise<number> {
  const loaded = requireSettings(options, environment);
  const plan = planRun(loaded, { action: 'deploy', tags: options.tags });
  const context = await loadContext(options, environment);
  printWarnings([...context.resolver.files.warnings, ...context.inventory.warnings]);
  const resolved = await resolveRunOptions(options, context.config, environment);
  const report = await preflightForPlan(loaded, plan, { ...context, connection: resolved.connection, forks: resolved.forks, limit: options.limit });
  if (options.json) process.stdout.write(`${JSON.stringify({ ...report, exitCode: preflightExitCode(report) }, null, 2)}\n`);
  else process.stdout.write(`${preflightLines(report, useColor(process.stdout)).join('\n')}\n`);
  return preflightExitCode(report);
}
