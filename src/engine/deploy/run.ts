/**
 * Runs a plan: the components layer by layer in dependency order, every component of a layer at
 * the same time (each cluster under its own bound), on its hosts narrowed by the user's -l, and
 * reads the releases each host's units name before and after. Returns every host's outcome as
 * data. A component that stopped (a failed health gate, a refused bound) or whose hosts all
 * failed stops the components that depend on it, not its siblings; the run's failure policy
 * and an interrupt stop every later layer.
 */
import { parseReleases, RELEASES_COMMAND, type ConfiguredRelease } from '../../inspect/releases.js';
import { loadPlaybook } from '../../playbook/loader.js';
import { runAdhoc } from '../adhoc.js';
import { ConnectionPool } from '../connections.js';
import type { PlaybookEvent } from '../playbook/events.js';
import { PlaybookRunner, type PlaybookRunOptions } from '../playbook/runner.js';
import type { LoadedSettings } from '../../settings/load.js';
import type { Component, Service } from '../../settings/model.js';
import type { HostComponent } from '../../settings/render.js';
import { runPolicyStop } from '../rollout/policy.js';
import { downHosts } from '../rollout/liveness.js';
import { leaderCommands, leadingHosts } from '../rollout/leaders.js';
import type { BatchEvent, PlaybookRun, RollingResult } from '../rollout/batches.js';
import { rollBackComponent, rollBackPatch } from '../rollout/rollback.js';
import { restartComponent, rollComponent } from '../rollout/rolling.js';
import { gatherStatus } from '../status/gather.js';
import type { StatusRow } from '../status/rows.js';
import { failedDependency, stepLayers } from './layers.js';
import type { HostResultOf, Outcome } from './outcome.js';
import { stepPattern, type ComponentStep, type DeployPlan } from './plan.js';

/** A component that runs as a systemd service: what a rollout restarts. */
type ServiceComponent = Component & { service: Service };
const isService = (component: Component): component is ServiceComponent => component.service !== undefined;

/** host → the component's systemd unit there, as the settings render it for that host. */
const unitsOf = (expected: HostComponent[], component: string) => new Map(expected.filter((h) => h.component === component && h.service).map((h) => [h.host, h.service!.unit]));

/** The playbook runner's options; the task tags and the component come from the plan. */
export type DeployRunOptions = Omit<PlaybookRunOptions, 'onlyTags' | 'startAtTask'>;

export type { Outcome } from './outcome.js';

export interface StepResult {
  component: string;
  /** host → outcome and the first failure's message */
  hosts: Map<string, HostResultOf>;
  exitCode: number;
  /** A rolling deploy stopped on this component: the ones after it do not start. */
  halted?: boolean;
}

/** A component the run did not start, and why (a failed dependency, a stopped run). */
export interface NotStarted {
  component: string;
  why: string;
}

export interface DeployRunResult {
  steps: StepResult[];
  notStarted: NotStarted[];
  /** host → component → the release its unit starts (undefined: the host did not answer). */
  before: Map<string, ConfiguredRelease[] | undefined>;
  after: Map<string, ConfiguredRelease[] | undefined>;
  interrupted: boolean;
  /** The run lost the deploy lock: it started no batch after that. */
  lostLock: boolean;
  /** What the run's hosts ran at its end, per component (for the fleet records); none for a dry run. */
  seen: StatusRow[];
  exitCode: number;
}

export interface DeployRunHooks {
  /** The components about to run at the same time (a layer of the dependency graph). */
  onLayer?: (steps: ComponentStep[]) => void;
  /** Each playbook event, for the terminal. */
  onEvent?: (step: ComponentStep, event: PlaybookEvent) => void;
  onStepStart?: (step: ComponentStep, hosts: string[]) => void;
  /** A rolling deploy's phases (prepare, each batch, a rollback), in words; a batch's start and end also as data. */
  onRollout?: (step: ComponentStep, text: string, batch?: BatchEvent) => void;
  /** A component is done: every host's outcome. */
  onStepEnd?: (step: ComponentStep, result: StepResult) => void;
  /** Before each batch (see BatchContext.fence): false stops the run as the lost deploy lock demands, commands running left to end. */
  fence?: (step: ComponentStep, starting: string) => Promise<boolean>;
}

export class DeployRun {
  /** The playbooks running now (several when a layer's components go at the same time). */
  private readonly runners = new Set<PlaybookRunner>();
  private stopped = false;
  private lostLock = false;
  /** One connection per host for the whole run: its playbooks, batches and probes share it. */
  private readonly pool = new ConnectionPool();

  constructor(
    private readonly plan: DeployPlan,
    private readonly options: DeployRunOptions,
    private readonly hooks: DeployRunHooks = {},
    /** The settings, for rolling deploys (restart: now): rollout policy, health, status. */
    private readonly loaded?: LoadedSettings,
  ) {}

  /** The hosts of every step, narrowed by -l. */
  hosts(): string[] {
    return [...new Set(this.plan.steps.flatMap((step) => this.stepHosts(step)))];
  }

  /** One step's hosts, narrowed by -l, in inventory order. */
  stepHosts(step: ComponentStep): string[] {
    return this.options.selector.select(stepPattern(step), this.options.limit).map((h) => h.name);
  }

  /** Ctrl-C: the running playbook stops its commands on the hosts; no further component starts. */
  async interrupt(): Promise<void> {
    this.stopped = true;
    await Promise.all([...this.runners].map((runner) => runner.interrupt()));
  }

  async run(): Promise<DeployRunResult> {
    try {
      return await this.runSteps();
    } finally {
      await this.pool.closeAll();
    }
  }

  private async runSteps(): Promise<DeployRunResult> {
    const hosts = this.hosts();
    const before = await this.readReleases(hosts);
    const graph = this.loaded?.graph;
    const results = new Map<string, StepResult>();
    const notStarted: NotStarted[] = [];
    /** Components whose failure stops their dependents. */
    const failed = new Set<string>();
    let runStopped = false;
    for (const layer of stepLayers(this.plan.steps, graph)) {
      if (this.stopped || runStopped) {
        notStarted.push(...layer.map((step) => ({ component: step.component, why: this.stopped ? this.stopWhy() : 'the run stopped' })));
        continue;
      }
      const ready = layer.filter((step) => {
        const dependency = failedDependency(step.component, graph, failed);
        if (dependency) notStarted.push({ component: step.component, why: `it depends on ${dependency}, which failed` });
        return !dependency && this.stepHosts(step).length > 0;
      });
      // every component of a layer at the same time, each cluster under its own bound
      if (ready.length) this.hooks.onLayer?.(ready);
      await Promise.all(
        ready.map(async (step) => {
          const result = await this.runOne(step);
          results.set(step.component, result);
          if (this.stopped) return;
          const stepHosts = this.stepHosts(step);
          const policyStop = this.loaded ? runPolicyStop(this.loaded.settings.runPolicy, stepHosts, result.hosts) : undefined;
          if (policyStop && !result.halted) {
            this.hooks.onRollout?.(step, `the run stops: ${policyStop}`);
            result.halted = true;
            runStopped = true;
          }
          const outcomes = [...result.hosts.values()].map((h) => h.outcome);
          if (result.halted || (outcomes.length && outcomes.every((o) => o === 'failed' || o === 'unreachable'))) failed.add(step.component);
        }),
      );
    }
    const steps = this.plan.steps.map((step) => results.get(step.component)).filter((r): r is StepResult => r !== undefined);
    const [after, seen] = await Promise.all([this.readReleases(hosts), this.readStatus(hosts)]);
    const exitCode = this.stopped ? 99 : steps.some((s) => s.exitCode === 4) ? 4 : steps.some((s) => s.exitCode !== 0) || notStarted.length ? 2 : 0;
    return { steps, notStarted, before, after, interrupted: this.stopped && !this.lostLock, lostLock: this.lostLock, seen, exitCode };
  }

  private async runOne(step: ComponentStep): Promise<StepResult> {
    const stepHosts = this.stepHosts(step);
    this.hooks.onStepStart?.(step, stepHosts);
    const service = this.batched(step);
    const result = service ? await this.inBatches(step, stepHosts, service) : this.rolling(step) ? await this.roll(step, stepHosts) : await this.runStep(step, stepHosts);
    this.hooks.onStepEnd?.(step, result);
    return result;
  }

  /** The settings' component when this step is a rolling deploy: a service restarted now, not a dry run. */
  private rolling(step: ComponentStep) {
    const component = this.loaded?.settings.components.find((c) => c.name === step.component);
    return this.plan.action === 'deploy' && !this.options.check && component && isService(component) && component.restart === 'now' ? component : undefined;
  }

  /** `deployer restart`, `rollback` and `rollback --patch` of a service, with the settings: restarts in batches under its rollout policy. */
  private batched(step: ComponentStep) {
    const component = this.loaded?.settings.components.find((c) => c.name === step.component);
    return this.plan.action !== 'deploy' && !this.options.check && component && isService(component) ? component : undefined;
  }

  private async inBatches(step: ComponentStep, stepHosts: string[], component: ServiceComponent): Promise<StepResult> {
    const context = this.rollingContext(step, stepHosts, component);
    const byAction: Record<Exclude<DeployPlan['action'], 'deploy'>, () => Promise<RollingResult>> = {
      restart: () => restartComponent(context),
      rollback: () => rollBackComponent(context),
      'rollback-patch': () => rollBackPatch(context),
    };
    const result = await byAction[this.plan.action as Exclude<DeployPlan['action'], 'deploy'>]();
    return { component: step.component, hosts: result.hosts, exitCode: result.exitCode, halted: result.halted };
  }

  /** What a rollout of this step needs: its hosts, the playbook runner, the status probe, the terminal. */
  private rollingContext(step: ComponentStep, stepHosts: string[], component: ServiceComponent) {
    const loaded = this.loaded!;
    const every = this.options.selector.select(stepPattern(step));
    return {
      component,
      expected: loaded.hosts.filter((h) => h.component === step.component),
      hosts: stepHosts,
      run: (playbook: string, hosts: string[], extraVars: Record<string, string>, tags?: string[]) =>
        this.runStep({ ...step, playbook, extraVars: { ...step.extraVars, ...extraVars } }, hosts, { limit: hosts, tags: tags ?? [] }),
      status: () => gatherStatus({ loaded, hosts: every, components: [step.component], resolver: this.options.resolver, connection: { ...this.options.connection, become: false }, forks: this.options.forks, pool: this.pool }),
      down: () => downHosts({ hosts: every, units: unitsOf(loaded.hosts, step.component), resolver: this.options.resolver, connection: { ...this.options.connection, become: false }, forks: this.options.forks, pool: this.pool }),
      ...(component.rollout.leader === undefined ? {} : { leaders: () => leadingHosts({ hosts: every, commands: leaderCommands(loaded.hosts, step.component), resolver: this.options.resolver, connection: { ...this.options.connection, become: false }, forks: this.options.forks, pool: this.pool }) }),
      say: (text: string, batch?: BatchEvent) => this.hooks.onRollout?.(step, text, batch),
      stopped: () => this.stopped,
      ...(this.hooks.fence ? { fence: (starting: string) => this.fence(step, starting) } : {}),
    };
  }

  /** A run that lost the deploy lock stops as an interrupted one does, but ends nothing running on the hosts. */
  private async fence(step: ComponentStep, starting: string): Promise<boolean> {
    const held = !this.lostLock && (await this.hooks.fence!(step, starting));
    if (!held) this.lostLock = this.stopped = true;
    return held;
  }

  private stopWhy(): string {
    return this.lostLock ? 'the run lost the deploy lock' : 'the run was interrupted';
  }

  private async roll(step: ComponentStep, stepHosts: string[]): Promise<StepResult> {
    const result = await rollComponent({
      ...this.rollingContext(step, stepHosts, this.rolling(step)!),
      taskTags: this.plan.taskTags,
      policy: this.loaded!.settings.runPolicy,
    });
    return { component: step.component, hosts: result.hosts, exitCode: result.exitCode, halted: result.halted };
  }

  private async runStep(step: ComponentStep, stepHosts: string[], scope?: { limit: string[]; tags: string[] }): Promise<StepResult & PlaybookRun> {
    const hosts = new Map<string, HostResultOf>(stepHosts.map((h) => [h, { outcome: 'ok' }]));
    const itemFailure = new Map<string, string>();
    const runner = new PlaybookRunner(
      {
        ...this.options,
        // the step's own variables come last: a user's -e component=... cannot send it elsewhere
        extraVars: { ...this.options.extraVars, ...step.extraVars },
        onlyTags: scope ? scope.tags : this.plan.taskTags,
        // the hosts by name (a pattern of names): a batch, or what is left of a rollout
        ...(scope ? { limit: scope.limit.join(',') } : {}),
        pool: this.pool,
      },
      (event) => {
        // a loop's summary says "One or more items failed": the failed item says what failed
        if (event.type === 'host-result' && event.item && event.status === 'failed' && !event.ignored && !itemFailure.has(event.host)) {
          itemFailure.set(event.host, String(event.result.msg ?? '').trim());
        }
        // after Ctrl-C a result is that of a command deployer ended: the host is interrupted, not failed
        if (event.type === 'host-result' && !event.ignored && !event.item && !this.stopped) {
          const entry = hosts.get(event.host) ?? { outcome: 'ok' as Outcome };
          if (event.status === 'failed' || event.status === 'unreachable') {
            const msg = (event.result.results ? itemFailure.get(event.host) : undefined) ?? String(event.result.msg ?? event.result.stderr ?? '').trim();
            if (entry.outcome !== 'failed' && entry.outcome !== 'unreachable') hosts.set(event.host, { outcome: event.status, msg: msg || undefined });
          } else if (event.status === 'changed' && entry.outcome === 'ok') hosts.set(event.host, { outcome: 'changed' });
        }
        this.hooks.onEvent?.(step, event);
      },
    );
    this.runners.add(runner);
    const exitCode = await runner.run(loadPlaybook(step.playbook).plays).finally(() => this.runners.delete(runner));
    if (this.stopped) {
      for (const [host, entry] of hosts) if (entry.outcome === 'ok' || entry.outcome === 'changed') hosts.set(host, { outcome: 'interrupted', msg: this.stopWhy() });
    }
    return { component: step.component, hosts, exitCode };
  }

  /** The status rows of the run's hosts and components, as `deployer status` reads them. */
  private async readStatus(hosts: string[]): Promise<StatusRow[]> {
    if (!this.loaded || this.options.check) return [];
    const selected = hosts.map((name) => this.options.inventory.hosts.get(name)!).filter(Boolean);
    const components = this.plan.steps.map((s) => s.component);
    return gatherStatus({ loaded: this.loaded, hosts: selected, components, resolver: this.options.resolver, connection: { ...this.options.connection, become: false }, forks: this.options.forks, pool: this.pool });
  }

  private async readReleases(hosts: string[]): Promise<Map<string, ConfiguredRelease[] | undefined>> {
    const selected = hosts.map((name) => this.options.inventory.hosts.get(name)!).filter(Boolean);
    const results = await runAdhoc({
      hosts: selected,
      module: 'shell',
      args: RELEASES_COMMAND,
      forks: this.options.forks,
      connection: { ...this.options.connection, become: false },
      resolver: this.options.resolver,
      extraVars: {},
      playHosts: selected,
      pool: this.pool,
    });
    return new Map(results.map((r) => [r.host, r.status === 'ok' || r.status === 'changed' ? parseReleases(r.stdout) : undefined]));
  }
}
