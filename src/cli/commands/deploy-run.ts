/** Running deploy, restart and rollback (loaded only when one runs). */
import fs from 'node:fs';
import chalk from 'chalk';
import { DeployerError, OptionsError } from '../../errors.js';
import { planRun, type DeployAction, type DeployPlan } from '../../engine/deploy/plan.js';
import { UNFINISHED } from '../../engine/deploy/outcome.js';
import { DeploySession } from '../../engine/deploy/session.js';
import { updateRetryFile } from '../../engine/retry.js';
import { splitTags } from '../../playbook/tags.js';
import type { LoadedSettings } from '../../settings/load.js';
import { platformVars } from '../../settings/model.js';
import type { JournalRecord } from '../../state/journal.js';
import { describeLock, type LockDetails } from '../../state/lock.js';
import { openStore } from '../../state/open.js';
import { renderString } from '../../templating/jinja.js';
import { loadContext, processEnvironment, type Environment } from '../context.js';
import { placeName, printWarnings, reportRetryFile, useColor, useProgress } from '../display.js';
import { JsonReporter, TerminalReporter, type DeployReporter } from '../output/deploy-reporter.js';
import { mayRestartServices } from '../output/plan-output.js';
import { confirm } from '../prompts.js';
import { resolveRunOptions } from '../run-options.js';
import type { DeployOptions } from './deploy.js';
import { requireSettings } from './settings-run.js';
import { VERB } from './verbs.js';

/** rollback --to VERSION: the release folder that version has, by the component's package template. */
function releaseOf(loaded: LoadedSettings, component: string, version: string): string {
  const c = loaded.settings.components.find((x) => x.name === component)!;
  return renderString(c.package, { ...platformVars(loaded.settings.platform), ...loaded.settings.vars, ...c.vars, component, version });
}

function patchWarning(plan: DeployPlan, loaded: LoadedSettings, color: boolean): string[] {
  if (plan.action !== 'deploy' || (plan.taskTags.length && !plan.taskTags.some((t) => ['patch', 'deploy', 'all'].includes(t)))) return [];
  const lines: string[] = [];
  for (const [component, files] of plan.patches) {
    const dirs = [...new Set(loaded.hosts.filter((h) => h.component === component).map((h) => h.patchDir))];
    const text = `WARNING: a binary patch is configured: ${component}: ${files.join(', ')} → ${dirs.join(', ')}`;
    lines.push(color ? chalk.bold.red(text) : text);
  }
  return lines;
}


/** Per component and host: the release before → after, and the outcome. */
function summary(record: JournalRecord, color: boolean): string[] {
  const paint = (outcome: string, text: string) => {
    if (!color) return text;
    return outcome === 'failed' || outcome === 'unreachable' ? chalk.red(text) : outcome === 'ok' || outcome === 'skipped' ? chalk.green(text) : chalk.yellow(text);
  };
  const head = {
    interrupted: 'INTERRUPTED: every host is on the release shown (the journal says the same)',
    'lost lock': 'LOST THE DEPLOY LOCK: no batch started after that; every host is on the release shown',
  } as Record<string, string>;
  const lines = [head[record.result] ?? `${VERB[record.action as DeployAction]} summary:`];
  for (const [component, hosts] of Object.entries(record.components)) {
    lines.push(`  ${component}`);
    const width = Math.max(...Object.keys(hosts).map((h) => h.length));
    for (const [host, { before, after }] of Object.entries(hosts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const outcome = record.hosts[host]?.outcome ?? 'ok';
      const releases = before === after ? `${after ?? '(no release)'}` : `${before ?? '(none)'} → ${after ?? '(not known: the host did not answer)'}`;
      lines.push(`    ${host.padEnd(width)}  ${releases}  ${paint(outcome, outcome)}`);
    }
  }
  for (const [component, why] of Object.entries(record.notStarted ?? {})) lines.push(`  ${component}: not started: ${why}`);
  for (const [host, { msg }] of Object.entries(record.hosts)) if (msg) lines.push(`  ${host}: ${msg.split('\n')[0]}`);
  return lines;
}

export async function runDeploy(action: DeployAction, components: string[], options: DeployOptions, environment: Environment = processEnvironment(), argv = process.argv.slice(2)): Promise<number> {
  const loaded = requireSettings(options, environment);
  const rollbackTo = action === 'rollback' && options.to ? components.map((c) => releaseOf(loaded, c, options.to!)) : [];
  if (rollbackTo.length > 1 && new Set(rollbackTo).size > 1) throw new OptionsError('--to names one version: roll back one component at a time');
  if (action === 'rollback' && options.to && !components.length) throw new OptionsError('--to needs the component to roll back (deployer rollback COMPONENT --to VERSION)');
  const plan = planRun(loaded, { action, tags: options.tags, components, rollbackTo: rollbackTo[0] });
  const context = await loadContext(options, environment);
  printWarnings([...context.resolver.files.warnings, ...context.inventory.warnings]);
  const resolved = await resolveRunOptions(options, context.config, environment);
  const color = useColor(process.stdout);
  // (with --json, stdout holds only events: warnings go to stderr)
  for (const line of patchWarning(plan, loaded, color)) (options.json ? process.stderr : process.stdout).write(`${line}\n`);

  const write = (text: string) => void process.stdout.write(text);
  const reporter: DeployReporter = options.json ? new JsonReporter(write) : new TerminalReporter(write, color, options.progress ?? useProgress(process.stdout));
  const session = new DeploySession({
    plan,
    loaded,
    options: {
      inventory: context.inventory,
      resolver: context.resolver,
      selector: context.selector,
      limit: options.limit,
      extraVars: resolved.extraVars,
      connection: resolved.connection,
      forks: resolved.forks,
      skipTags: splitTags(options.skipTags),
      check: Boolean(options.check),
      diff: Boolean(options.diff),
    },
    hooks: {
      onLayer: (steps) => reporter.layer(steps),
      onStepStart: (step, hosts) => reporter.stepStart(step, VERB[action], hosts),
      onRollout: (step, text, batch) => reporter.rollout(step, text, batch),
      onStepEnd: (step, result) => reporter.stepEnd(step, result),
      onEvent: (step, event) => reporter.playbook(step, event),
      onLock: (lock) => {
        if (lock.broke) process.stderr.write(`[WARNING]: took over the stale deploy lock of ${describeLock(lock.broke)}\n`);
      },
      onPreflight: (report) => {
        if (options.json || report.problems.length) reporter.preflight(report);
        if (report.problems.length) return;
        for (const host of report.unreachable) process.stderr.write(`[WARNING]: pre-flight: ${host} is unreachable: the deploy goes on without it (it counts against its clusters' bounds)\n`);
      },
    },
    argv,
    // a test hook: the hosts' fence files alone stand between a paused run and the hosts
    fenceCheck: environment.env.DEPLOYER_TEST_NO_FENCE_CHECK !== '1',
  });
  if (!session.hosts().length) throw new DeployerError(`no hosts matched: ${options.limit ? `-l ${options.limit} selects none of the hosts of ${plan.steps.map((s) => s.component).join(', ')}` : 'the components have no hosts'}`);
  if (!(await confirmed(action, options, environment, session, reporter, plan))) {
    write('not confirmed: nothing was changed\n');
    return 1;
  }
  if (options.plan) return 0;

  const store = await openStore(loaded.settings, { env: environment.env, warn: (text) => printWarnings([text]) });
  try {
    const waitSeconds = options.lockWait ?? loaded.settings.state.lockWait;
    const onWait = (holder: LockDetails) => process.stderr.write(`waiting up to ${waitSeconds} s for the deploy lock ${placeName(store.lockName, environment.cwd)}, held by ${describeLock(holder)}\n`);
    let stopping = false;
    const interrupted = () => {
      if (stopping) return;
      stopping = true;
      reporter.quiet();
      process.once('SIGINT', () => process.exit(130));
      if (reporter.live) fs.writeSync(1, '\x1b[?25h\n');
      fs.writeSync(2, 'stopping: ending the commands still running on the hosts, then reading which release each host is on (press Ctrl-C again to quit at once)\n');
      void session.interrupt();
    };
    const outcome = await session.execute({ store, breakLock: options.breakLock, waitSeconds, onWait, onBegin: () => {
      process.once('SIGINT', interrupted);
      process.once('SIGTERM', interrupted);
    } }).finally(() => {
      process.off('SIGINT', interrupted);
      process.off('SIGTERM', interrupted);
    });
    if (outcome.kind === 'preflight failed') {
      fs.writeSync(2, `${color ? chalk.red('[ERROR]: pre-flight failed: nothing was changed') : '[ERROR]: pre-flight failed: nothing was changed'}\n`);
      return outcome.exitCode;
    }
    const { record, result } = outcome;
    if (outcome.fleetError) printWarnings([`the fleet records were not updated: ${outcome.fleetError}`]);
    await reporter.done(record, summary(record, color), outcome.journal ? placeName(outcome.journal, environment.cwd) : undefined);
    if (action === 'rollback-patch' && !options.json) {
      for (const [component, files] of plan.patches) process.stdout.write(`note: patches/${component}/ still holds ${files.join(', ')}: the next deploy applies it again\n`);
    }
    const hosts = Object.entries(record.hosts);
    const retry = updateRetryFile(action, {
      failed: hosts.filter(([, h]) => UNFINISHED.includes(h.outcome)).map(([h]) => h),
      succeeded: hosts.filter(([, h]) => !UNFINISHED.includes(h.outcome)).map(([h]) => h),
    }, { enabled: context.config.retryFilesEnabled, saveDir: context.config.retryFilesSavePath ?? loaded.settings.confDir, cwd: environment.cwd });
    reportRetryFile(retry);
    if (result.interrupted) fs.writeSync(2, `${color ? chalk.red('[ERROR]: User interrupted execution') : '[ERROR]: User interrupted execution'}\n`);
    if (result.lostLock) {
      const text = `[ERROR]: lost the deploy lock ${placeName(store.lockName, environment.cwd)} (its lease ran out, or etcd did not answer): no batch was started after that; commands already running were left to end`;
      fs.writeSync(2, `${color ? chalk.red(text) : text}\n`);
    }
    return outcome.exitCode;
  } finally {
    await store.close();
  }
}

/**
 * The plan, read from what the hosts run: printed with --plan, and on a terminal what restarts
 * is shown and confirmed first (a deploy: when its plan restarts a service; restart and rollback
 * always). False: not confirmed.
 */
async function confirmed(action: DeployAction, options: DeployOptions, environment: Environment, session: DeploySession, reporter: DeployReporter, plan: DeployPlan): Promise<boolean> {
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY) && environment.env.CI !== 'true' && !options.json;
  if (action === 'deploy' && (options.plan || (interactive && !options.yes && !options.check))) {
    const preview = await session.preview();
    if (options.plan || mayRestartServices(preview)) reporter.plan(preview);
    if (options.plan || !mayRestartServices(preview)) return true;
    return confirm('Restart services as planned?');
  }
  if (action === 'deploy' || !interactive || options.yes || options.check) return true;
  const write = (text: string) => void process.stdout.write(text);
  write(`${VERB[action]}: these services restart, in batches under each cluster's rollout policy, each batch healthy before the next:\n`);
  for (const step of plan.steps) {
    const hosts = session.stepHosts(step);
    if (hosts.length) write(`  ${step.component}: ${hosts.join(', ')}\n`);
  }
  return confirm(`${action === 'restart' ? 'Restart' : 'Roll back and restart'} these services?`);
}
