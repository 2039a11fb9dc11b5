/**
 * A deploy, restart or rollback from its lock to its journal record, as data. The state store
 * (passed in, opened and closed by the caller) gives the deploy lock and keeps the audit trail,
 * the journal and the fleet records; the pre-flight runs before any host is changed; every batch
 * starts fenced (the lock still this run's, the batch's audit line written in the same step).
 * The caller asks, renders and turns signals into `interrupt()`; it never orders these steps.
 */
import crypto from 'node:crypto';
import type { LoadedSettings } from '../../settings/load.js';
import { componentGroup } from '../../settings/model.js';
import type { AuditLine } from '../../state/audit.js';
import { AuditQueue } from '../../state/audit-queue.js';
import { whoAmI, type JournalRecord } from '../../state/journal.js';
import type { LockDetails } from '../../state/lock.js';
import { redactRecord } from '../../state/redact.js';
import type { HeldLock, StateStore } from '../../state/store.js';
import type { PreflightReport } from '../preflight/check.js';
import { preflightForPlan } from '../preflight/for-plan.js';
import { leaderCommands, leadingHosts } from '../rollout/leaders.js';
import { previewDeploy, type DeployPreview } from '../rollout/preview.js';
import { gatherStatus } from '../status/gather.js';
import { fleetUpdateOf } from '../status/records.js';
import type { ComponentStep, DeployPlan } from './plan.js';
import { desiredVersions, journalRecord } from './record.js';
import { DeployRun, type DeployRunHooks, type DeployRunOptions, type DeployRunResult } from './run.js';

/** A run that lost the deploy lock (its lease ran out, etcd lost its quorum) stops before its next batch and exits with this code. */
export const EXIT_LOST_LOCK = 3;
/** The pre-flight found problems: nothing was changed. */
export const EXIT_PREFLIGHT = 2;

export interface SessionHooks extends Omit<DeployRunHooks, 'fence'> {
  /** The pre-flight's report, before any host is changed (problems or not). */
  onPreflight?: (report: PreflightReport) => void;
  /** The lock is this run's; `broke` names the stale holder it took over from. */
  onLock?: (lock: HeldLock) => void;
}

export interface SessionRequest {
  plan: DeployPlan;
  loaded: LoadedSettings;
  options: DeployRunOptions;
  hooks: SessionHooks;
  /** The command line, as records keep it (masked by the store). */
  argv: string[];
  /** false (a test hook): the batch's lock check is skipped, so the hosts' fence files alone stand between a paused run and the hosts. */
  fenceCheck?: boolean;
}

export interface ExecuteRequest {
  /** Where the lock, the audit trail, the journal and the fleet records are (the caller opens and closes it). */
  store: StateStore;
  breakLock?: boolean;
  waitSeconds?: number;
  onWait?: (holder: LockDetails) => void;
  /** The hosts are about to change (the lock taken, the pre-flight passed): from here `interrupt()` stops the run cleanly. */
  onBegin?: () => void;
}

export type SessionResult =
  | { kind: 'preflight failed'; report: PreflightReport; exitCode: number }
  | {
      kind: 'ran';
      record: JournalRecord;
      /** Where the journal record went; none for a dry run. */
      journal?: string;
      result: DeployRunResult;
      /** The fleet records could not be written (the run itself stands). */
      fleetError?: string;
      exitCode: number;
    };

export class DeploySession {
  readonly runId = crypto.randomUUID();
  private readonly run: DeployRun;
  private readonly extraVars: Record<string, unknown>;
  private store?: StateStore;
  private trail?: AuditQueue;
  private lock?: HeldLock;
  private auditing = false;
  /** The words of the last batch start the fence recorded: the audit trail has them already. */
  private fenced?: string;

  constructor(private readonly request: SessionRequest) {
    const { plan, options, hooks, loaded } = request;
    this.extraVars = { ...options.extraVars };
    this.run = new DeployRun(
      plan,
      { ...options, extraVars: this.extraVars },
      {
        ...hooks,
        onRollout: (step, text, batch) => {
          if (text !== this.fenced) this.audit({ event: 'rollout', component: step.component, text });
          this.fenced = undefined;
          hooks.onRollout?.(step, text, batch);
        },
        onStepEnd: (step, result) => {
          this.audit({ event: 'step', component: step.component, hosts: Object.fromEntries([...result.hosts].map(([host, r]) => [host, r.outcome])) });
          hooks.onStepEnd?.(step, result);
        },
        ...(options.check ? {} : { fence: (step: ComponentStep, starting: string) => this.fence(step, starting) }),
      },
      loaded,
    );
  }

  /** The hosts of every step, -l applied. */
  hosts(): string[] {
    return this.run.hosts();
  }

  stepHosts(step: ComponentStep): string[] {
    return this.run.stepHosts(step);
  }

  /** The plan of a deploy as the hosts' status makes it (versions from → to, batches, leaders); nothing is changed. */
  async preview(): Promise<DeployPreview> {
    const { loaded, plan, options } = this.request;
    const target = { resolver: options.resolver, connection: { ...options.connection, become: false }, forks: options.forks };
    const every = options.selector.select(plan.steps.map((s) => componentGroup(s.component)).join(':'));
    const [rows, leaders] = await Promise.all([
      gatherStatus({ loaded, hosts: every, components: plan.steps.map((s) => s.component), ...target }),
      Promise.all(plan.steps.map((s) => leadingHosts({ hosts: options.selector.select(componentGroup(s.component)), commands: leaderCommands(loaded.hosts, s.component), ...target }))),
    ]);
    return previewDeploy(loaded, plan, rows, new Set(this.hosts()), new Set(leaders.flat()));
  }

  /** Ctrl-C: the commands running on the hosts end, no batch or component starts after. */
  interrupt(): Promise<void> {
    return this.run.interrupt();
  }

  /** Lock, pre-flight, run, journal and fleet records; the lock is let go whatever happens. A held lock is an error (thrown). */
  async execute(request: ExecuteRequest): Promise<SessionResult> {
    const { plan, options, hooks, argv } = this.request;
    const { store } = request;
    this.store = store;
    this.trail = new AuditQueue(store);
    // one rollout at a time (a dry run changes nothing: it needs no lock)
    this.lock = options.check ? undefined : await store.acquireLock({ command: argv, run: this.runId, breakLock: request.breakLock, waitSeconds: request.waitSeconds, onWait: request.onWait });
    if (this.lock) hooks.onLock?.(this.lock);
    // the playbooks' restarts check the token on each host: a run that lost the lock is refused there too
    if (this.lock?.token !== undefined) this.extraVars.deployer_fence_token = String(this.lock.token);
    try {
      // pre-flight: every host can take the deploy, or nothing is changed
      if (plan.action === 'deploy' && !options.check) {
        const report = await preflightForPlan(this.request.loaded, plan, options);
        hooks.onPreflight?.(report);
        if (report.problems.length) return { kind: 'preflight failed', report, exitCode: EXIT_PREFLIGHT };
      }
      request.onBegin?.();
      return await this.runAndRecord();
    } finally {
      // an error ended the run: say so, or the trail would show it as never finished
      this.audit({ event: 'end', result: 'error' });
      try {
        await this.trail.flush();
      } finally {
        await this.lock?.release();
      }
    }
  }

  private async runAndRecord(): Promise<SessionResult> {
    const { loaded, plan, options, argv } = this.request;
    const store = this.store!;
    const started = new Date();
    this.auditing = !options.check;
    this.audit({ event: 'begin', who: whoAmI(), pid: process.pid, command: argv });
    const result = await this.run.run();
    // as the journal keeps it, with no secret
    const record = redactRecord({ run: this.runId, ...journalRecord(loaded, plan, result, started, argv), ...(this.lock?.broke ? { brokeLock: this.lock.broke } : {}) });
    this.audit({ event: 'end', result: record.result });
    this.auditing = false;
    await this.trail!.flush();
    if (options.check) return { kind: 'ran', record, result, exitCode: result.exitCode };
    const journal = await store.appendRecord(record);
    const at = new Date().toISOString();
    const fleetError = await store
      .writeFleet({ ...(plan.action === 'deploy' ? { desired: desiredVersions(loaded, plan, this.runId, at) } : {}), ...fleetUpdateOf(result.seen, at) })
      .then(() => undefined, (error: Error) => error.message);
    return { kind: 'ran', record, journal, result, ...(fleetError ? { fleetError } : {}), exitCode: result.lostLock ? EXIT_LOST_LOCK : result.exitCode };
  }

  private audit(line: Omit<AuditLine, 'at' | 'run'>): void {
    if (this.auditing) this.trail?.push({ at: new Date().toISOString(), run: this.runId, ...line });
  }

  private fence(step: ComponentStep, starting: string): Promise<boolean> {
    const store = this.store!;
    const line: AuditLine = { at: new Date().toISOString(), run: this.runId, event: 'rollout', component: step.component, text: starting };
    this.fenced = starting;
    if (this.request.fenceCheck === false) return this.trail!.after(() => store.appendAudit(line).then(() => true));
    return this.trail!.after(() => store.fence(this.lock!, line));
  }
}
