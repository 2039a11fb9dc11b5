/** Running deploy, restart and rollback (loaded only when one runs). */
import crypto from 'node:crypto';
import fs from 'node:fs';
import chalk from 'chalk';
import { DeployerError, OptionsError } from '../../errors.js';
import { planRun, type ComponentStep, type DeployAction, type DeployPlan } from '../../engine/deploy/plan.js';
import { OUTCOME_RANK, UNFINISHED } from '../../engine/deploy/outcome.js';
import { DeployRun, type DeployRunResult } from '../../engine/deploy/run.js';
import { updateRetryFile } from '../../engine/retry.js';
import { previewDeploy } from '../../engine/rollout/preview.js';
import { leaderCommands, leadingHosts } from '../../engine/rollout/leaders.js';
import { gatherStatus } from '../../engine/status/gather.js';
import type { ConfiguredRelease } from '../../inspect/releases.js';
import { splitTags } from '../../playbook/tags.js';
import type { LoadedSettings } from '../../settings/load.js';
import { componentGroup, platformVars } from '../../settings/model.js';
import { whoAmI, type JournalRecord } from '../../state/journal.js';
import type { AuditLine } from '../../state/audit.js';
import { AuditQueue } from '../../state/audit-queue.js';
import type { DesiredRecord } from '../../state/fleet.js';
import { describeLock, type LockDetails } from '../../state/lock.js';
import { openStore } from '../../state/open.js';
import type { HeldLock, StateStore } from '../../state/store.js';
import { redactRecord } from '../../state/redact.js';
import { renderString } from '../../templating/jinja.js';
import { loadContext, processEnvironment, type Environment } from '../context.js';
import { placeName, printWarnings, reportRetryFile, useColor, useProgress } from '../display.js';
import { JsonReporter, TerminalReporter, type DeployReporter } from '../output/deploy-reporter.js';
import { mayRestartServices } from '../output/plan-output.js';
import { confirm } from '../prompts.js';
import { preflightOf } from './preflight-run.js';
import { resolveRunOptions } from '../run-options.js';
import type { DeployOptions } from './deploy.js';
import { requireSettings } from './settings-run.js';
import { VERB } from './verbs.js';

/** A run that lost the deploy lock (its lease ran out, etcd lost its quorum) stops before its next batch with this code. */
const EXIT_LOST_LOCK = 3;


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


const releaseIn = (units: ConfiguredRelease[] | undefined, component: string) => units?.find((u) => u.component === component)?.release;

function journalRecord(loaded: LoadedSettings, plan: DeployPlan, result: DeployRunResult, started: Date, argv: string[]): JournalRecord {
  const components: JournalRecord['components'] = {};
  const hosts: JournalRecord['hosts'] = {};
  for (const step of result.steps) {
    const releases: JournalRecord['components'][string] = {};
    for (const [host, entry] of step.hosts) {
      releases[host] = { before: releaseIn(result.before.get(host), step.component), after: releaseIn(result.after.get(host), step.component), outcome: entry.outcome };
      const known = hosts[host];
      if (!known || OUTCOME_RANK.indexOf(entry.outcome) > OUTCOME_RANK.indexOf(known.outcome)) hosts[host] = { outcome: entry.outcome, ...(entry.msg ? { msg: `${step.component}: ${entry.msg}` } : {}) };
    }
    components[step.component] = releases;
  }
  const failed = Object.values(hosts).some((h) => UNFINISHED.includes(h.outcome) && h.outcome !== 'interrupted') || result.notStarted.length > 0;
  return {
    started: started.toISOString(),
    ended: new Date().toISOString(),
    who: whoAmI(),
    action: plan.action,
    command: argv,
    settings: { file: loaded.settings.file, sha256: loaded.settings.sha256 },
    result: result.lostLock ? 'lost lock' : result.interrupted ? 'interrupted' : failed ? 'failed' : 'ok',
    components,
    ...(result.notStarted.length ? { notStarted: Object.fromEntries(result.notStarted.map((n) => [n.component, n.why])) } : {}),
    hosts,
  };
}

/** The versions a deploy wanted, per component, for the fleet records. */
function desiredVersions(loaded: LoadedSettings, plan: DeployPlan, run: string): Record<string, DesiredRecord> {
  const at = new Date().toISOString();
  const versions = plan.steps.map((s) => [s.component, loaded.hosts.find((h) => h.component === s.component)?.version] as const);
  return Object.fromEntries(versions.filter(([, version]) => version !== undefined).map(([component, version]) => [component, { version: version!, at, run }]));
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
  // the audit trail: a line per action as it happens (a dry run changes nothing: none)
  const runId = crypto.randomUUID();
  let trail: AuditQueue | undefined;
  let store: StateStore | undefined;
  let lock: HeldLock | undefined;
  let auditing = false;
  const audit = (line: Omit<AuditLine, 'at' | 'run'>) => {
    if (auditing) trail?.push({ at: new Date().toISOString(), run: runId, ...line });
  };
  /** The words of the last batch start the fence recorded: the audit trail has them already. */
  let fenced: string | undefined;
  const fence = async (step: ComponentStep, starting: string): Promise<boolean> => {
    const line: AuditLine = { at: new Date().toISOString(), run: runId, event: 'rollout', component: step.component, text: starting };
    fenced = starting;
    // a test hook: the hosts' fence files alone stand between a paused run and the hosts
    if (environment.env.DEPLOYER_TEST_NO_FENCE_CHECK === '1') return trail!.after(() => store!.appendAudit(line).then(() => true));
    return trail!.after(() => store!.fence(lock!, line));
  };
  let stopping = false;
  const run = new DeployRun(
    plan,
    {
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
    {
      onLayer: (steps) => reporter.layer(steps),
      onStepStart: (step, hosts) => reporter.stepStart(step, VERB[action], hosts),
      onRollout: (step, text, batch) => {
        if (text !== fenced) audit({ event: 'rollout', component: step.component, text });
        fenced = undefined;
        reporter.rollout(step, text, batch);
      },
      onStepEnd: (step, result) => {
        audit({ event: 'step', component: step.component, hosts: Object.fromEntries([...result.hosts].map(([host, r]) => [host, r.outcome])) });
        reporter.stepEnd(step, result);
      },
      onEvent: (step, event) => reporter.playbook(step, event),
      ...(options.check ? {} : { fence }),
    },
    loaded,
  );
  if (!run.hosts().length) throw new DeployerError(`no hosts matched: ${options.limit ? `-l ${options.limit} selects none of the hosts of ${plan.steps.map((s) => s.component).join(', ')}` : 'the components have no hosts'}`);

  // the plan, read from what the hosts run: printed with --plan, confirmed on a terminal
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY) && environment.env.CI !== 'true' && !options.json;
  if (action === 'deploy' && (options.plan || (interactive && !options.yes && !options.check))) {
    const every = context.selector.select(plan.steps.map((s) => componentGroup(s.component)).join(':'));
    const rows = await gatherStatus({ loaded, hosts: every, components: plan.steps.map((s) => s.component), resolver: context.resolver, connection: { ...resolved.connection, become: false }, forks: resolved.forks });
    const leaders = await Promise.all(
      plan.steps.map((s) => leadingHosts({ hosts: context.selector.select(componentGroup(s.component)), commands: leaderCommands(loaded.hosts, s.component), resolver: context.resolver, connection: { ...resolved.connection, become: false }, forks: resolved.forks })),
    );
    const preview = previewDeploy(loaded, plan, rows, new Set(run.hosts()), new Set(leaders.flat()));
    if (options.plan || mayRestartServices(preview)) reporter.plan(preview);
    if (options.plan) return 0;
    if (mayRestartServices(preview) && !(await confirm('Restart services as planned?'))) {
      write('not confirmed: nothing was changed\n');
      return 1;
    }
  }

  // restart and rollback restart services: on a terminal, the hosts are shown and confirmed first
  if (action !== 'deploy' && interactive && !options.yes && !options.check) {
    write(`${VERB[action]}: these services restart, in batches under each cluster's rollout policy, each batch healthy before the next:\n`);
    for (const step of plan.steps) {
      const hosts = run.stepHosts(step);
      if (hosts.length) write(`  ${step.component}: ${hosts.join(', ')}\n`);
    }
    if (!(await confirm(`${action === 'restart' ? 'Restart' : 'Roll back and restart'} these services?`))) {
      write('not confirmed: nothing was changed\n');
      return 1;
    }
  }

  // one rollout at a time (a dry run changes nothing: it needs no lock)
  store = await openStore(loaded.settings, { env: environment.env, warn: (text) => printWarnings([text]) });
  trail = new AuditQueue(store);
  const waitSeconds = options.lockWait ?? loaded.settings.state.lockWait;
  const onWait = (holder: LockDetails) => process.stderr.write(`waiting up to ${waitSeconds} s for the deploy lock ${placeName(store!.lockName, environment.cwd)}, held by ${describeLock(holder)}\n`);
  lock = options.check ? undefined : await store.acquireLock({ command: argv, run: runId, breakLock: options.breakLock, waitSeconds, onWait }).catch(async (error: unknown) => {
    await store!.close();
    throw error;
  });
  if (lock?.broke) process.stderr.write(`[WARNING]: took over the stale deploy lock of ${describeLock(lock.broke)}\n`);
  // the playbooks' restarts check the token on each host: a run that lost the lock is refused there too
  if (lock?.token !== undefined) resolved.extraVars.deployer_fence_token = String(lock.token);
  try {
    // pre-flight: every host can take the deploy, or nothing is changed
    if (action === 'deploy' && !options.check) {
      const report = await preflightOf(loaded, plan, context, resolved, options.limit);
      if (options.json) reporter.preflight(report);
      if (report.problems.length) {
        if (!options.json) reporter.preflight(report);
        fs.writeSync(2, `${color ? chalk.red('[ERROR]: pre-flight failed: nothing was changed') : '[ERROR]: pre-flight failed: nothing was changed'}\n`);
        return 2;
      }
      for (const host of report.unreachable) process.stderr.write(`[WARNING]: pre-flight: ${host} is unreachable: the deploy goes on without it (it counts against its clusters' bounds)\n`);
    }
    const started = new Date();
    auditing = !options.check;
    audit({ event: 'begin', who: whoAmI(), pid: process.pid, command: argv });
    const interrupted = () => {
      if (stopping) return;
      stopping = true;
      reporter.quiet();
      process.once('SIGINT', () => process.exit(130));
      if (reporter.live) fs.writeSync(1, '\x1b[?25h\n');
      fs.writeSync(2, 'stopping: ending the commands still running on the hosts, then reading which release each host is on (press Ctrl-C again to quit at once)\n');
      void run.interrupt();
    };
    process.once('SIGINT', interrupted);
    process.once('SIGTERM', interrupted);
    const result = await run.run().finally(() => {
      process.off('SIGINT', interrupted);
      process.off('SIGTERM', interrupted);
    });

    // as the journal keeps it, with no secret: --json prints it too
    const record = redactRecord({ run: runId, ...journalRecord(loaded, plan, result, started, argv), ...(lock?.broke ? { brokeLock: lock.broke } : {}) });
    audit({ event: 'end', result: record.result });
    auditing = false;
    await trail.flush();
    const journal = options.check ? undefined : await store.appendRecord(record);
    if (action === 'deploy' && !options.check) await store.writeFleet({ desired: desiredVersions(loaded, plan, runId) }).catch((error: Error) => printWarnings([`the fleet records were not updated: ${error.message}`]));
    await reporter.done(record, summary(record, color), journal ? placeName(journal, environment.cwd) : undefined);
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
      return EXIT_LOST_LOCK;
    }
    return result.exitCode;
  } finally {
    // an error ended the run: say so, or the trail would show it as never finished
    audit({ event: 'end', result: 'error' });
    try {
      await trail.flush();
    } finally {
      await lock?.release();
      await store.close();
    }
  }
}
