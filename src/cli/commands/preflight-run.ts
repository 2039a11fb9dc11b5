/** Running the pre-flight checks (loaded only when they run): alone, or as a deploy's first step. */
import chalk from 'chalk';
import { planRun, stepPattern, type DeployPlan } from '../../engine/deploy/plan.js';
import { runPreflight, type PreflightReport } from '../../engine/preflight/check.js';
import { humanSize } from '../../inspect/df.js';
import type { LoadedSettings } from '../../settings/load.js';
import { loadContext, processEnvironment, type Environment, type LoadedContext } from '../context.js';
import { printWarnings, useColor } from '../display.js';
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

/** One line per host, the archives, and the problems. */
export function preflightLines(report: PreflightReport, color: boolean): string[] {
  const paint = (status: string) => (!color ? status : status === 'ok' ? chalk.green(status) : chalk.red(status));
  const width = Math.max(...report.hosts.map((h) => h.host.length), 4);
  const lines = ['pre-flight:'];
  for (const archive of report.archives) {
    lines.push(`  ${archive.file.split('/').slice(-2).join('/')}: sha256 ${archive.sha256.slice(0, 16)}…, ${humanSize(Math.ceil(archive.bytes / 1024))}, unpacks to ${humanSize(Math.ceil(archive.unpackedBytes / 1024))}${archive.expectedSha256 === archive.sha256 ? ' (matches its .sha256)' : ''}`);
  }
  for (const host of [...report.hosts].sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0))) {
    const facts = host.facts;
    const detail =
      host.status === 'unreachable'
        ? `${host.msg ?? ''} (tolerated: counted against its clusters' bounds)`
        : host.problems.length
          ? host.problems.join('; ')
          : [facts?.systemctl ?? 'no systemctl', facts?.disk ? `${facts.diskPath}: ${humanSize(facts.disk.availableKb)} free${host.neededBytes ? `, needs ${humanSize(Math.ceil(host.neededBytes / 1024))}` : ''}` : ''].filter(Boolean).join(', ');
    lines.push(`  ${host.host.padEnd(width)}  ${paint(host.status === 'ok' ? 'ok' : host.status === 'failed' ? 'FAILED' : 'UNREACHABLE')}  ${detail}`);
  }
  if (report.problems.length) lines.push(`${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}, nothing was changed:`, ...report.problems.map((p) => `  - ${p}`));
  return lines;
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
