/**
 * Running playbooks with Ansible's strategies. Linear: each task runs on every active host of the
 * batch, in parallel over the SSH core, before the next task starts; free: each host goes through
 * the play at its own pace, at most `forks` tasks at once. Every host's outcome is
 * data (events); failures and unreachable hosts leave the play as in Ansible, blocks rescue
 * them, handlers run at the end of each section or on `meta: flush_handlers`.
 */

import path from 'node:path';
import fs from 'node:fs';
import { ansibleBoolean, findConfigFile } from '../../config/ansible-cfg.js';
import { DeployerError, isDeployerError } from '../../errors.js';
import { readUserText } from '../../formats/read-file.js';
import { loadDataFile } from '../../formats/yaml.js';
import type { Host, InventoryData } from '../../inventory/model.js';
import type { HostSelector } from '../../inventory/patterns.js';
import type { VarsResolver } from '../../inventory/resolver.js';
import { combineVars, currentHashBehaviour, isMapping, type Vars } from '../../inventory/vars.js';
import { applyVariableParams } from './variable-params.js';
import { asyncRefusal } from '../../modules/async-support.js';
import { getModule, isLoaderAction, resolveModuleName } from '../../modules/registry.js';
import { isTemplated } from '../../playbook/task-action.js';
import { gatherFacts } from '../../modules/setup.js';
import type { ModuleContext, ModuleResult } from '../../modules/types.js';
import { loadIncludedRole, loadTaskFile } from '../../playbook/loader.js';
import { roleLabel } from '../../playbook/role-search.js';
import type { BlockDef, IncludeDef, Item, Origin, PlayDef, TaskDef } from '../../playbook/model.js';
import { loopItems } from './loop-items.js';
import { loopIteration, renderedLoopControl } from './loop-vars.js';
import { includeGroups } from './include-groups.js';
import { includeName, taskName } from '../../playbook/names.js';
import { inheritScope, keepFacts, keywordValue, unprefixedFacts, withoutOmitted, type HostState, type Scope } from './scope.js';
import { argumentsFailure, includeChain, withPlace } from './task-errors.js';
import { registeredValue } from './registered.js';
import { loopSummary } from './loop-summary.js';
import { isFailed } from './task-status.js';
import { onlyTagsFor, shouldRun } from '../../playbook/tags.js';
import { evaluate, evaluateCondition, templateValue } from '../../templating/expressions.js';
import { FilterError, hasTemplate, renderString, TemplateError } from '../../templating/jinja.js';
import { UndefinedVariableError } from '../../templating/jinja2/errors.js';
import { conditionError } from './condition-errors.js';
import { LookupError } from '../../templating/lookups/types.js';
import type { ConnectionOptions } from '../../transport/settings.js';
import { ConnectError } from '../../transport/types.js';
import { ConnectionPool } from '../connections.js';
import { HostVarsBuilder, lazyHostvars, OMIT } from '../host-vars.js';
import { forEachLimited, Slots } from '../pool.js';
import { FREE_WARNINGS, FreeBanners, strategyNamed } from './strategy.js';
import { orderedHosts } from './host-order.js';
import { RemovedHosts } from './removed-hosts.js';
import { flatHandlers, handlerByName, handlerKnown } from './handler-lookup.js';
import type { PlaybookEvent, ResultStatus } from './events.js';
import { taskSearchPath } from './search-path.js';
import { serialBatches } from './serial.js';
import { BatchRun, enterLevel, type BlockLevel } from './failures.js';
import { RunStats } from './stats.js';
import { TaskConnections } from './task-connection.js';
import { resolveVars } from './vars.js';
import { pythonStr } from '../../formats/python-repr.js';
import { addDynamicGroup, addDynamicHost } from './dynamic-inventory.js';
import { BYPASS_HOST_LOOP } from '../../modules/inventory-actions.js';
import { isIdentifier } from '../../modules/control.js';

export interface PlaybookRunOptions {
  inventory: InventoryData;
  resolver: VarsResolver;
  selector: HostSelector;
  limit?: string;
  extraVars: Vars;
  connection: ConnectionOptions;
  forks: number;
  onlyTags: string[];
  skipTags: string[];
  check: boolean;
  diff: boolean;
  startAtTask?: string;
  /** --force-handlers or the force_handlers setting: a play's own keyword wins. */
  forceHandlers?: boolean;
  /** Ansible's `gathering` setting: implicit (the default), explicit or smart. */
  gathering?: string;
  /** Ansible's `strategy` setting, for plays that do not name theirs (default: linear). */
  strategy?: string;
  /** Ansible's error_on_missing_handler (default true): a notification no handler answers stops the run, else it is a warning. */
  errorOnMissingHandler?: boolean;
  /** -v count: what modules run through Ansible are told. */
  verbosity?: number;
  /** Connections shared with the caller, who closes them; by default the run opens and closes its own. */
  pool?: ConnectionPool;
}

/** A task notified a handler the play does not have: the run stops (Ansible's error_on_missing_handler). */
class MissingHandler extends DeployerError {
  constructor(name: string) {
    super(`The requested handler '${name}' was not found in either the main handlers list nor in the listening handlers list`);
  }
}

/** The batch ends: every host failed, too many did, a fatal error, or `meta: end_play` (which ends the play only). */
class EndPlay extends Error {
  constructor(readonly byMeta = false) {
    super('end of play');
  }
}

/**
 * The file an include_tasks names: in a role, the role's tasks/ folder first, then the folder of
 * the file holding the include (Ansible's candidates for a nested include); elsewhere beside it.
 */
function includedFile(include: IncludeDef, target: string): string {
  const first = path.resolve(include.baseDir, target);
  if (!include.role || fs.existsSync(first)) return first;
  const beside = path.resolve(path.dirname(include.origin.file), target);
  return fs.existsSync(beside) ? beside : first;
}

/** The Ansible release whose behaviour deployer follows, as `ansible_version` shows it. */
const ANSIBLE_VERSION = { full: '2.14.18', major: 2, minor: 14, revision: 18, string: '2.14.18' };

const flag = (value: unknown) => value !== undefined && ansibleBoolean(value);

const CENSORED = { censored: "the output has been hidden due to the fact that 'no_log: true' was specified for this result", changed: false };

/** The keywords a play gives its tasks and handlers. */
function playKeywords(play: PlayDef): Scope['inherited'] {
  return { tags: play.tags, when: [], vars: {}, become: play.become, becomeUser: play.becomeUser, ignoreErrors: play.ignoreErrors, checkMode: play.checkMode, diff: play.diff, environment: play.environment, noLog: play.noLog, anyErrorsFatal: play.anyErrorsFatal, runOnce: play.runOnce, throttle: play.throttle };
}

/** What set_stats returns. */
interface CustomStats {
  data?: Record<string, unknown>;
  per_host?: boolean;
  aggregate?: boolean;
}

export class PlaybookRunner {
  readonly stats = new RunStats();
  private readonly pool: ConnectionPool;
  private readonly connections: TaskConnections;
  private readonly states = new Map<string, HostState>();
  /** Set by interrupt(): no further task starts. */
  private interrupted = false;
  private started: boolean;
  private play!: PlayDef;
  private playHosts: Host[] = [];
  private playVars: Vars = {};
  private varsBuilder!: HostVarsBuilder;
  private batches: Host[][] = [];
  /** The play's hosts by name (ansible_play_hosts_all), and those it removed. */
  private playHostNames: string[] = [];
  private removed = new RemovedHosts();
  private batchRun!: BatchRun;
  /** Under the free strategy: its banners, the slots that bound the tasks running at once (forks), and those of throttled tasks. */
  private free?: { banners: FreeBanners; slots: Slots; throttled: Map<TaskDef, Slots> };

  private readonly liveHostvars: Vars;
  /** The ansible.cfg in use (ansible_config_file), null without one. */
  private readonly configFile = findConfigFile() ?? null;
  /** Warnings already shown: Ansible shows each once per run. */
  private readonly warned = new Set<string>();

  private warnOnce = (message: string): void => {
    if (this.warned.has(message)) return;
    this.warned.add(message);
    this.emit({ type: 'warning', message });
  };

  private condition(condition: unknown, vars: Vars): boolean {
    return evaluateCondition(condition, vars, this.warnOnce);
  }

  constructor(
    private readonly options: PlaybookRunOptions,
    private readonly emit: (event: PlaybookEvent) => void,
  ) {
    this.pool = options.pool ?? new ConnectionPool();
    this.liveHostvars = lazyHostvars(options.inventory, (host) => this.hostView(host));
    this.started = options.startAtTask === undefined;
    this.connections = new TaskConnections(options.inventory, options.extraVars, options.connection, this.pool, () => this.varsBuilder, (message) => emit({ type: 'warning', message }));
  }

  async run(plays: PlayDef[]): Promise<number> {
    try {
      for (const play of plays) if (await this.runPlay(play)) break;
    } finally {
      if (!this.options.pool) await this.pool.closeAll();
    }
    this.emit({ type: 'recap', stats: this.stats });
    // as ansible-playbook: from the hosts' state at the end (meta: clear_host_errors clears it), not the recap's counts
    const states = [...this.states.values()];
    return states.some((s) => s.unreachable) ? 4 : states.some((s) => s.failed) ? 2 : 0;
  }

  /** Ctrl-C: ends the commands running on every host; returns the hosts of the play that was running. */
  async interrupt(): Promise<string[]> {
    this.interrupted = true;
    await this.pool.interruptAll(this.options.connection.becomePassword);
    return this.playHosts.map((h) => h.name);
  }

  private state(host: Host): HostState {
    let state = this.states.get(host.name);
    if (!state) {
      state = { host, facts: {}, includedVars: {}, hostVars: {}, failed: false, unreachable: false, ended: false, notified: new Set(), rolesRun: new Set() };
      this.states.set(host.name, state);
    }
    return state;
  }

  /** Runs a play batch by batch; true when the playbook stops there (as ansible-playbook's break_play). */
  private async runPlay(play: PlayDef): Promise<boolean> {
    this.play = play;
    // `hosts: "{{ targets }}"` may give a list of patterns (extra vars as JSON), not only text
    const pattern = hasTemplate(play.hosts) ? templateValue(play.hosts, this.options.extraVars) : play.hosts;
    const selected = this.options.selector.select(Array.isArray(pattern) ? pattern.map(String) : String(pattern), this.options.limit);
    if (selected.length === 0) {
      this.emit({ type: 'play-start', name: this.playName(play) });
      this.emit({ type: 'no-hosts' });
      return false;
    }
    this.options.resolver.playbookDir = play.baseDir;
    this.playVars = { ...play.vars };
    for (const file of play.varsFiles) {
      const full = path.resolve(play.baseDir, renderString(file, { ...this.playVars, ...this.options.extraVars }));
      if (!fs.existsSync(full)) throw new DeployerError(`vars file ${file} was not found (play '${play.name}', ${play.origin.file})`);
      const { data } = loadDataFile(readUserText(full, 'Vars file'), full);
      if (data !== null && !isMapping(data)) throw new DeployerError(`${full}: vars_files must hold a dictionary`);
      this.playVars = combineVars(this.playVars, (data ?? {}) as Vars);
    }
    // the magic variables keep the pattern's order; `order` orders the batches and the hosts in them
    const hosts = orderedHosts(selected, this.playTemplate(play.order), `${play.origin.file}:${play.origin.line}`);
    this.playHosts = selected;
    this.playHostNames = selected.map((h) => h.name);
    // as the task queue manager starts a play: hosts failed or unreachable before are removed
    this.removed = new RemovedHosts();
    for (const host of selected) if (this.state(host).failed || this.state(host).unreachable) this.removed.add(host.name);
    this.varsBuilder = new HostVarsBuilder({ resolver: this.options.resolver, extraVars: {}, playHosts: selected });
    for (const host of hosts) {
      const state = this.state(host);
      state.ended = false;
      // handlers belong to their play: what an earlier play notified and never ran is gone
      state.notified.clear();
    }
    this.free = this.playStrategy(play) === 'free' ? { banners: new FreeBanners(), slots: new Slots(this.options.forks), throttled: new Map() } : undefined;
    if (this.free && play.maxFailPercentage !== undefined) this.warnOnce(FREE_WARNINGS.maxFailPercentage);
    // serial may come from play or extra vars (`serial: "{{ batch | default(1) }}"`), never from a host's
    const templated = (value: unknown) => (typeof value === 'string' && hasTemplate(value) ? renderString(value, { ...this.playVars, ...this.options.extraVars, omit: OMIT }) : value);
    // `serial: "{{ x | default(omit) }}"`: omitted, the play has no serial
    const omitted = (value: unknown) => (value === OMIT ? undefined : value);
    const serial = Array.isArray(play.serial) ? play.serial.map(templated).filter((v) => v !== OMIT) : omitted(templated(play.serial));
    const batches = serialBatches({ ...play, serial: serial as PlayDef['serial'] }, hosts);
    this.batches = batches;
    if (batches.length > 1) this.varsBuilder.setBatches(batches);
    const failedNow = (name: string) => Boolean(this.states.get(name)?.failed || this.states.get(name)?.unreachable);
    for (const batch of batches) {
      // as ansible-playbook, each serial batch starts with the play's banner
      this.emit({ type: 'play-start', name: this.playName(play) });
      this.batchRun = new BatchRun(batch.map((h) => h.name), new Set(batch.filter((h) => this.state(h).failed || this.state(h).unreachable).map((h) => h.name)));
      try {
        await this.runBatch(play, batch);
      } catch (error) {
        if (!(error instanceof EndPlay)) throw error;
        if (error.byMeta) return false;
      }
      if (this.batchRun.stopsPlaybook(failedNow)) return true;
    }
    return false;
  }

  /**
   * The play's strategy, or the setting's, templated with the play's and the extra vars as Ansible
   * post-validates a play (`strategy: "{{ lookup('env', 'S') }}"`); one Ansible does not have stops the run.
   */
  private playStrategy(play: PlayDef): 'linear' | 'free' {
    const name = this.playTemplate(play.strategy ?? this.options.strategy ?? 'linear');
    const strategy = strategyNamed(name);
    if (!strategy) throw new DeployerError(`${play.origin.file}:${play.origin.line}: Invalid play strategy specified: ${name}`);
    if (strategy !== 'debug') return strategy;
    this.warnOnce(`${play.origin.file}:${play.origin.line}: strategy '${name}' (Ansible's interactive debugger) is not supported; the play runs with the linear strategy`);
    return 'linear';
  }

  /** A play keyword's value, templated with the play's and the extra vars as Ansible post-validates a play. */
  private playTemplate(written: string): string;
  private playTemplate(written: string | undefined): string | undefined;
  private playTemplate(written: string | undefined): string | undefined {
    return written !== undefined && hasTemplate(written) ? String(templateValue(written, { ...this.playVars, ...this.options.extraVars })) : written;
  }

  /** A task's banner: now under linear; under free with the host's first result of it, as the default callback prints it. */
  private taskStart(item: object, host: Host, banner: Extract<PlaybookEvent, { type: 'task-start' }>): void {
    if (this.free) this.free.banners.expect(host.name, item, banner);
    else this.emit(banner);
  }

  /** Under free, before a result of the host: its task's banner if another task's was shown last. */
  private bannerBefore(host: Host): void {
    const banner = this.free?.banners.take(host.name);
    if (banner) this.emit(banner);
  }

  /** The banner's name, templated with the extra vars as Ansible templates the play (a list shows as Python prints it). */
  private playName(play: PlayDef): string {
    if (!hasTemplate(play.name)) return play.name;
    try {
      const value = templateValue(play.name, this.options.extraVars);
      return typeof value === 'string' ? value : pythonStr(value);
    } catch {
      return play.name;
    }
  }

  private active(hosts: Host[]): Host[] {
    return hosts.filter((h) => {
      const s = this.state(h);
      return !s.failed && !s.unreachable && !s.ended;
    });
  }

  private async runBatch(play: PlayDef, batch: Host[]): Promise<void> {
    const scope: Scope = { play, inherited: playKeywords(play) };
    if (this.started) {
      // as Ansible's play iterator: implicit gathers unless the play says no, explicit only when it
      // says yes, smart as implicit but not on hosts whose facts this run already gathered
      const gathering = this.options.gathering ?? 'implicit';
      const implied = play.gatherFactsKeyword ?? play.gatherFacts;
      const hosts = batch.filter((h) => (gathering === 'explicit' ? play.gatherFactsKeyword === true : implied && !(gathering === 'smart' && this.state(h).factsGathered)));
      if (hosts.length) await this.gatherFacts(hosts);
    }
    const sections = [play.preTasks, play.tasks, play.postTasks];
    // force_handlers: Ansible compiles each section's flush into an `always`, run even when every host failed in it
    const runSection = async (section: Item[], hosts: Host[]) => {
      try {
        await this.runItems(section, hosts, scope);
      } catch (error) {
        if (error instanceof EndPlay && !error.byMeta && this.forceHandlers()) await this.flushHandlers(hosts, scope);
        throw error;
      }
      await this.flushHandlers(hosts, scope);
    };
    if (!this.free) {
      for (const section of sections) await runSection(section, batch);
      return;
    }
    // free: each host runs its sections and their handlers on its own; the batch ends when every host is done
    const outcomes = await Promise.allSettled(
      batch.map(async (host) => {
        for (const section of sections) await runSection(section, [host]);
      }),
    );
    const errors = outcomes.flatMap((outcome) => (outcome.status === 'rejected' ? [outcome.reason as unknown] : []));
    const ends = errors.filter((error): error is EndPlay => error instanceof EndPlay);
    if (ends.length < errors.length) throw errors.find((error) => !(error instanceof EndPlay));
    if (ends.length) throw ends.find((end) => end.byMeta) ?? ends[0];
  }

  /**
   * After a task, as the linear strategy: a fatal error (any_errors_fatal or run_once, not
   * ignored) on a host that is really failed marks every host not in a rescue or always
   * section failed; too many failures (max_fail_percentage of the batch) fail every host. Either
   * stops the playbook after this batch, and ends the batch ("NO MORE HOSTS LEFT") once every
   * host left is marked. With every host simply failed the batch ends without a word.
   */
  private afterTask(targets: Host[], inherited: Partial<Scope['inherited']>, level: BlockLevel | undefined): void {
    const batch = this.batchRun;
    const hosts = this.playHosts.filter((h) => batch.hosts.includes(h.name));
    const failedHere = targets.filter((h) => this.state(h).failed && !this.state(h).unreachable);
    if (!level?.pending) for (const host of failedHere) batch.failed.add(host.name);
    const hostsLeft = hosts.filter((h) => !this.state(h).unreachable);
    // the free strategy has neither a fatal task nor a failure percentage: hosts do not wait for each other
    const fatalTask = !this.free && (flag(inherited.anyErrorsFatal) || flag(inherited.runOnce)) && !flag(inherited.ignoreErrors);
    if (fatalTask && ((!level?.shielded && failedHere.length > 0) || targets.some((h) => this.state(h).unreachable))) {
      const failedNames = new Set(failedHere.map((h) => h.name));
      const recovering = (host: Host) => (failedNames.has(host.name) ? Boolean(level?.pending) : level?.section === 'rescue' || level?.section === 'always');
      for (const host of hostsLeft) if (!recovering(host)) batch.failed.add(host.name);
      batch.breakPlay = true;
    }
    const limit = this.free ? undefined : this.play.maxFailPercentage;
    if (limit !== undefined && targets.length > 0 && batch.failed.size / hosts.length > limit / 100) {
      for (const host of hostsLeft) {
        if (failedHere.includes(host)) continue;
        batch.failed.add(host.name);
        this.state(host).failed = true;
      }
      this.emit({ type: 'no-more-hosts' });
      batch.breakPlay = true;
    }
    if (batch.breakPlay && batch.failed.size >= hostsLeft.length) {
      this.emit({ type: 'no-more-hosts' });
      throw new EndPlay();
    }
    if (this.active(hosts).length === 0 && !level?.pending) throw new EndPlay();
  }

  private async gatherFacts(batch: Host[]): Promise<void> {
    const hosts = this.active(batch);
    if (!hosts.length) return;
    this.emit({ type: 'task-start', name: 'Gathering Facts', handler: false });
    await forEachLimited(hosts, this.options.forks, async (host) => {
      const state = this.state(host);
      const vars = this.taskVars(state, this.baseScope(), undefined);
      try {
        // the play's environment applies to its fact gathering too (ansible_env shows it)
        const facts = await gatherFacts((command) => this.connections.exec(host, vars, command, { become: this.play.become, becomeUser: this.play.becomeUser, environment: this.play.environment }, undefined), this.play.gatherSubset, [], this.play.factPath === undefined ? undefined : templateValue(this.play.factPath, vars));
        state.facts = unprefixedFacts(facts);
        state.factsGathered = true;
        this.report(host, 'ok', { changed: false, ansible_facts: facts }, {});
        this.stats.increment(host.name, 'ok');
      } catch (error) {
        this.hostError(host, error, {});
      }
    });
    this.afterTask(hosts, { anyErrorsFatal: this.play.anyErrorsFatal }, undefined);
  }

  private baseScope(): Scope {
    return { play: this.play, inherited: { tags: [], when: [], vars: {} } };
  }

  private async runItems(items: Item[], hosts: Host[], scope: Scope): Promise<void> {
    for (const item of items) {
      if (this.active(hosts).length === 0 || this.interrupted) return;
      if (item.kind === 'block' && item.role) await this.runRole(item, item.role, hosts, scope);
      else if (item.kind === 'block') await this.runBlock(item, hosts, scope);
      else if (item.kind === 'include') await this.runInclude(item, hosts, scope);
      else await this.runTask(item, hosts, scope);
    }
  }

  private async runBlock(block: BlockDef, hosts: Host[], scope: Scope): Promise<void> {
    const inherited = inheritScope(scope, block);
    const section = (name: BlockLevel['section']): Scope => ({ ...scope, inherited, level: enterLevel(scope.level, name, block.rescue.length > 0, block.always.length > 0) });
    const entered = this.active(hosts);
    const failedBefore = new Set(entered.filter((h) => this.state(h).failed));
    await this.runItems(block.block, entered, section('tasks'));
    if (block.rescue.length) {
      const toRescue = entered.filter((h) => this.state(h).failed && !failedBefore.has(h) && !this.state(h).unreachable);
      if (toRescue.length) {
        for (const host of toRescue) {
          const { failure } = this.state(host);
          this.state(host).failed = false;
          // as Ansible's strategy does for a rescue: the failed task (serialized) and its result
          const task = failure?.task;
          Object.assign(this.state(host).hostVars, { ansible_failed_task: { name: task?.name ?? '', action: task?.module ?? '', args: task?.args ?? {} }, ansible_failed_result: failure?.result ?? {} });
          this.stats.increment(host.name, 'rescued');
          this.removed.delete(host.name);
          this.unfail(host.name);
        }
        await this.runItems(block.rescue, toRescue, section('rescue'));
      }
    }
    if (block.always.length) {
      const failedInBlock = entered.filter((h) => this.state(h).failed && !this.state(h).unreachable);
      for (const host of failedInBlock) this.state(host).failed = false;
      await this.runItems(block.always, entered.filter((h) => !this.state(h).unreachable), section('always'));
      for (const host of failedInBlock) if (!this.state(host).unreachable) this.state(host).failed = true;
    }
  }

  /** A role where it is listed: not again on a host that ran this instance (unless it allows duplicates). */
  private async runRole(block: BlockDef, role: NonNullable<BlockDef['role']>, hosts: Host[], scope: Scope): Promise<void> {
    const members = role.allowDuplicates ? hosts : hosts.filter((h) => !this.state(h).rolesRun.has(role.instance));
    if (!members.length) return;
    await this.runBlock(block, members, scope);
    for (const host of this.active(members)) this.state(host).rolesRun.add(role.instance);
  }

  /** A failure that a rescue section handled does not count as a failure in the recap. */
  private unfail(host: string): void {
    const stats = this.stats.hosts.get(host);
    if (stats && stats.failed > 0) stats.failed--;
  }

  private async runInclude(include: IncludeDef, hosts: Host[], scope: Scope): Promise<void> {
    const inner: Scope = { ...scope, inherited: inheritScope(scope, include) };
    // the include itself is tagged, as any task: -t that leaves it out leaves out what it includes
    if (!scope.handler && !shouldRun(inner.inherited.tags, onlyTagsFor(include, this.options.onlyTags), this.options.skipTags)) return;
    const skips: (() => void)[] = [];
    const groups = includeGroups(include, this.active(hosts), {
      varsOf: (host, loopVars) => ({ ...this.taskVars(this.state(host), inner, undefined, loopVars), ansible_search_path: taskSearchPath(include.origin, include.role, this.play.baseDir) }),
      when: inner.inherited.when,
      condition: (condition, vars) => this.condition(condition, vars),
      onError: (host, error) => this.hostError(host, error, inner.inherited, include.origin),
      onSkipped: (host, item) => {
        skips.push(() => this.report(host, 'skipped', { changed: false, skipped: true, ...(item ? { skip_reason: 'Conditional result was False' } : {}) }, item ? { item } : {}));
        if (!item) this.stats.increment(host.name, 'skipped');
      },
    });
    if (include.what === 'tasks' && (groups.length || skips.length)) this.includeBanner(include, hosts, { type: 'task-start', name: includeName(include), handler: Boolean(scope.handler) });
    for (const skip of skips) skip();
    // Ansible lists every file included (per item) under the include's banner, then runs them in turn
    if (include.what === 'tasks') {
      for (const { target, hosts: members, label } of groups) {
        const file = includedFile(include, target);
        if (!fs.existsSync(file)) throw new DeployerError(`${include.origin.file}:${include.origin.line}: could not find or access '${target}'`);
        this.emit({ type: 'included', file, hosts: members.map((h) => h.name), ...(label !== undefined ? { label } : {}) });
      }
    }
    for (const { target, hosts: members, loopVars } of groups) {
      if (include.what === 'role') {
        // Ansible prints `include_role : <role>` and counts nothing for the include itself
        this.includeBanner(include, members, { type: 'task-start', name: includeName(include, target), handler: Boolean(scope.handler) });
        const hostVars = this.taskVars(this.state(members[0]!), inner, undefined, loopVars);
        const from = Object.fromEntries(Object.entries(include.roleFrom ?? {}).map(([kind, file]) => [kind, renderString(file, hostVars)]));
        const role = loadIncludedRole(target, { baseDir: this.play.baseDir, sources: this.play.roleSources, ...(include.role?.collection ? { collection: include.role.collection } : {}) }, include.origin, from);
        this.play.roles.push({ name: role.name, path: role.path, ...(role.collection ? { collection: role.collection } : {}), instance: role.instance, defaults: role.defaults, vars: role.vars, params: include.taskVars });
        // a role's handlers join the play once; handlers_from names other handlers, which join too
        const known = include.roleFrom?.handlers === undefined && this.play.roles.some((r) => r.path === role.path && r.instance !== role.instance);
        if (!known && !role.handlers.every((h) => this.play.handlers.includes(h))) this.play.handlers.push(...role.handlers);
        await this.runItems(role.tasks, members, { ...inner, level: enterLevel(scope.level, 'tasks', false, false), inherited: { ...inner.inherited, when: [], vars: { ...inner.inherited.vars, ...loopVars } } });
        continue;
      }
      const file = includedFile(include, target);
      const includes = includeChain(scope.includes ?? [], file, include.origin);
      const roles = { baseDir: this.play.baseDir, sources: this.play.roleSources, ...(include.role?.collection ? { collection: include.role.collection } : {}) };
      const items = loadTaskFile({ role: include.role, roles, stack: [], dynamic: true, collections: include.collections }, file);
      for (const host of members) this.stats.increment(host.name, 'ok');
      // the included tasks are a block inside the include's own (as the play iterator inserts them)
      await this.runItems(items, members, { ...inner, includes, level: enterLevel(scope.level, 'tasks', false, false), inherited: { ...inner.inherited, when: [], vars: { ...inner.inherited.vars, ...include.taskVars, ...loopVars } } });
    }
  }

  /** An include's banner: shown now (under free, its result, shown with it, comes now). */
  private includeBanner(include: IncludeDef, hosts: Host[], banner: Extract<PlaybookEvent, { type: 'task-start' }>): void {
    if (!this.free || !hosts.length) return this.emit(banner);
    this.taskStart(include, hosts[0], banner);
    this.bannerBefore(hosts[0]);
  }

  /** As Ansible's banner: the name rendered with the first host's variables, as written where it cannot be. */
  private bannerName(task: TaskDef, host: Host, scope: Scope): string {
    if (!task.name || !hasTemplate(task.name)) return taskName(task);
    let name = task.name;
    try {
      name = renderString(task.name, this.taskVars(this.state(host), scope, task));
    } catch {
      // an undefined variable leaves the name as written
    }
    return task.role ? `${roleLabel(task.role)} : ${name}` : name;
  }

  /**
   * hostvars as tasks see them: each host's inventory variables with its facts and set_fact/registered
   * values so far, each a template rendered with that host's variables (Ansible's HostVarsVars).
   */
  private hostView(host: Host): Vars {
    const state = this.state(host);
    const injected = Object.fromEntries(Object.entries(state.facts).map(([k, v]) => [`ansible_${k}`, v]));
    // as Ansible's HostVars: the host's variables and the run's, not the play's own (hostvars itself, the play's hosts)
    const { hostvars: _hostvars, play_hosts: _playHosts, ansible_play_hosts: _playHostsLeft, ansible_play_hosts_all: _playHostsAll, ansible_play_batch: _batch, ...own } = this.varsBuilder.forHost(host);
    return resolveVars({ ...own, ...injected, ansible_facts: state.facts, ...state.includedVars, ...state.hostVars, ...this.runVars() });
  }

  /** Ansible's magic variables about the run, the same in every play (the CLI's options, the controller). */
  private runVars(): Vars {
    return {
      ansible_version: ANSIBLE_VERSION,
      // the controller's Python, for inventories that say ansible_python_interpreter="{{ ansible_playbook_python }}"
      ansible_playbook_python: process.env.DEPLOYER_PYTHON ?? '/usr/bin/python3',
      ansible_config_file: this.configFile,
      ansible_inventory_sources: this.options.inventory.sources,
      ansible_run_tags: this.options.onlyTags.length ? this.options.onlyTags : ['all'],
      ansible_skip_tags: this.options.skipTags,
      ...(this.options.limit !== undefined ? { ansible_limit: this.options.limit } : {}),
      ansible_check_mode: this.options.check,
      ansible_diff_mode: this.options.diff,
      ansible_forks: this.options.forks,
      ansible_verbosity: this.options.verbosity ?? 0,
      playbook_dir: this.play.baseDir,
    };
  }

  /** Ansible's magic variables (VariableManager._get_magic_variables): the run's and the play's. */
  private magicVars(): Vars {
    return {
      ...this.runVars(),
      ansible_play_name: this.play.name,
      ansible_play_hosts: this.removed.without(this.playHostNames),
      ansible_play_batch: this.removed.without(this.batchRun.hosts),
      play_hosts: this.removed.without(this.batchRun.hosts),
      ansible_play_role_names: [...new Set(this.play.roles.map((r) => r.name))],
      role_names: [...new Set(this.play.roles.map((r) => r.name))],
    };
  }

  /** Variables of a task on a host, lowest precedence first (see README: variable precedence). */
  private taskVars(state: HostState, scope: Scope, task: TaskDef | undefined, loopVars: Vars = {}): Vars {
    const roleDefaults = Object.assign({}, ...this.play.roles.map((r) => r.defaults));
    const roleVars = Object.assign({}, ...this.play.roles.map((r) => r.vars));
    const inventory = this.varsBuilder.forHost(state.host);
    const facts = state.facts;
    const injected = Object.fromEntries(Object.entries(facts).map(([k, v]) => [`ansible_${k}`, v]));
    const layers: Vars[] = [
      // as Ansible's play context adds to task variables: the address connected to, unless set
      { ansible_host: state.host.name },
      roleDefaults,
      inventory,
      injected,
      { ansible_facts: facts, hostvars: this.liveHostvars },
      this.playVars,
      roleVars,
      scope.inherited.vars,
      task?.vars ?? {},
      state.includedVars,
      state.hostVars,
      (task?.role ? this.play.roles.find((r) => r.instance === task.role!.instance)?.params : undefined) ?? {},
      this.options.extraVars,
      this.magicVars(),
      task ? { ansible_search_path: taskSearchPath(task.origin, task.role, this.play.baseDir) } : {},
      task?.role ? { role_name: task.role.name, role_path: task.role.path, ansible_role_name: roleLabel(task.role) } : {},
      // the item last, as the task executor sets it: a variable that names it renders with it
      loopVars,
    ];
    // hash_behaviour merge: a dictionary set at two levels is merged (Ansible's combine_vars), else the higher one wins
    return resolveVars(currentHashBehaviour() === 'merge' ? layers.reduce(combineVars) : Object.assign({}, ...layers));
  }

  private async runTask(task: TaskDef, hosts: Host[], scope: Scope): Promise<void> {
    const inherited = inheritScope(scope, task);
    if (!scope.handler && !shouldRun(inherited.tags, this.options.onlyTags, this.options.skipTags)) return;
    if (!this.started) {
      if (task.name !== this.options.startAtTask && taskName(task) !== this.options.startAtTask) return;
      this.started = true;
    }
    const active = this.runnable(hosts, scope);
    if (!active.length) return;
    if (task.module === 'meta') return this.runMeta(task, hosts, { ...scope, inherited });
    const taskScope: Scope = { ...scope, inherited };
    this.taskStart(task, active[0], { type: 'task-start', name: this.bannerName(task, active[0], taskScope), handler: Boolean(scope.handler) });
    const runOnce = inherited.runOnce !== undefined && ansibleBoolean(inherited.runOnce);
    if (this.free) return this.runTaskFreely(task, active[0], taskScope, runOnce);
    // add_host runs once, for the first host (Ansible's BYPASS_HOST_LOOP), registered for that host only
    const targets = runOnce || BYPASS_HOST_LOOP.has(task.module) ? active.slice(0, 1) : active;
    const throttle = inherited.throttle === undefined ? 0 : Number(inherited.throttle);
    await forEachLimited(targets, throttle > 0 ? Math.min(throttle, this.options.forks) : this.options.forks, async (host) => {
      const outcome = await this.runTaskOnHost(task, host, taskScope);
      // Ansible's strategy refuses to register under such a name, whatever the result (a skip too): the run ends
      if (task.register && !isIdentifier(task.register)) throw new DeployerError(invalidRegister(task.register));
      if (runOnce && outcome?.result) {
        // what a run_once task registers or sets (set_fact) holds for every host of the batch
        for (const other of active.slice(1)) {
          if (task.register) this.state(other).hostVars[task.register] = outcome.result;
          if (outcome.result.ansible_facts && !outcome.result.failed) keepFacts(this.state(other), task, outcome.result.ansible_facts as Vars);
        }
      }
    });
    this.afterTask(targets, inherited, scope.level);
  }

  /** A task on one host under the free strategy: when a slot is free (and one of its throttle); run_once and any_errors_fatal only warn, as Ansible's. */
  private async runTaskFreely(task: TaskDef, host: Host, scope: Scope, runOnce: boolean): Promise<void> {
    if (BYPASS_HOST_LOOP.has(task.module)) {
      throw new DeployerError(`${task.origin.file}:${task.origin.line}: The '${task.module}' module bypasses the host loop, which is currently not supported in the free strategy and would instead execute for every host in the inventory list.`);
    }
    if (runOnce) this.warnOnce(FREE_WARNINGS.runOnce);
    if (flag(scope.inherited.anyErrorsFatal)) this.warnOnce(FREE_WARNINGS.anyErrorsFatal);
    const run = () =>
      this.free!.slots.run(async () => {
        await this.runTaskOnHost(task, host, scope);
        if (task.register && !isIdentifier(task.register)) throw new DeployerError(invalidRegister(task.register));
      });
    // throttle: at most that many hosts run this task at once
    const throttle = scope.inherited.throttle === undefined ? 0 : Number(scope.inherited.throttle);
    if (throttle > 0) {
      const throttled = this.free!.throttled.get(task) ?? this.free!.throttled.set(task, new Slots(throttle)).get(task)!;
      await throttled.run(run);
    } else await run();
    this.afterTask([host], scope.inherited, scope.level);
  }

  /** The hosts a task runs on: the active ones; forced handlers run on the hosts that failed too. */
  private runnable(hosts: Host[], scope: Scope): Host[] {
    return scope.handler && this.forceHandlers() ? hosts.filter((h) => !this.state(h).unreachable && !this.state(h).ended) : this.active(hosts);
  }

  private async runMeta(task: TaskDef, hosts: Host[], scope: Scope): Promise<void> {
    const action = String(task.args._raw_params ?? '').trim();
    const holds = (host: Host) => scope.inherited.when.every((w) => this.condition(w, this.taskVars(this.state(host), scope, task)));
    // as the strategy runs them: flush_handlers and end_host host by host, the others once, for the first
    // host, whose condition decides; a host whose condition is false is reported skipped (not counted)
    const perHost = action === 'flush_handlers' || action === 'end_host';
    const unconditional = ['noop', 'reset_connection', 'refresh_inventory'].includes(action);
    const running = this.runnable(hosts, scope);
    // Ansible counts no result for meta tasks; it prints their banner once per host for the actions
    // it runs host by host (noop and reset_connection too), once for the others (none under free)
    const banner = () => {
      if (!this.free) this.emit({ type: 'task-start', name: taskName(task), handler: Boolean(scope.handler) });
    };
    const active: Host[] = [];
    for (const host of perHost || action === 'noop' || action === 'reset_connection' ? running : running.slice(0, 1)) {
      banner();
      if (unconditional || holds(host)) active.push(host);
      else this.report(host, 'skipped', { changed: false, skipped: true, skip_reason: 'Conditional result was False' }, {});
    }
    if (!active.length) return;
    switch (action) {
      case 'flush_handlers':
        await this.flushHandlers(active, scope);
        break;
      case 'end_play':
        for (const host of this.playHosts) this.state(host).ended = true;
        throw new EndPlay(true);
      case 'end_host':
        for (const host of active) {
          this.state(host).ended = true;
          this.removed.add(host.name);
        }
        break;
      case 'clear_host_errors':
        // every host of the play runs on; the magic variables still leave out those removed (as Ansible's)
        for (const host of this.playHosts) {
          this.state(host).failed = false;
          this.state(host).unreachable = false;
          this.batchRun.failed.delete(host.name);
        }
        break;
      case 'clear_facts':
        for (const host of running) this.state(host).facts = {};
        break;
      case 'noop':
      case 'refresh_inventory':
      case 'reset_connection':
        break;
      default:
        throw new DeployerError(`${task.origin.file}:${task.origin.line}: invalid meta action requested: ${action}`);
    }
  }

  /** Results shown even without -v (debug, assert), and debug's own trimming of them. */
  private display(task: TaskDef, result: ModuleResult, host: Host): { showResult?: boolean; debug?: boolean } {
    const debug = (this.state(host).module ?? task.module) === 'debug';
    return { showResult: debug || result._ansible_verbose_always === true, debug };
  }

  /** The `diff` keyword wins over --diff, as Ansible's play context. */
  private diffMode(inherited: Scope['inherited'], vars: Vars): boolean {
    const diff = keywordValue(inherited.diff, vars);
    return diff !== undefined ? ansibleBoolean(diff) : this.options.diff;
  }

  private report(host: Host, status: ResultStatus, result: ModuleResult, extra: Partial<Extract<PlaybookEvent, { type: 'host-result' }>>): void {
    this.bannerBefore(host);
    const delegatedTo = this.state(host).delegateLabel;
    // as Ansible, a result that changed something shows its diff first (a no_log result has none left)
    if (status === 'changed' && result.diff !== undefined && !this.state(host).diffOff) this.emit({ type: 'host-diff', host: host.name, diff: result.diff });
    // the module's warnings are shown once each, before its result, and not inside it (Ansible's _handle_warnings)
    if (Array.isArray(result.warnings) && result.warnings.length) {
      for (const warning of result.warnings) this.warnOnce(String(warning));
      const { warnings: _shownAbove, ...rest } = result;
      result = rest;
    }
    this.emit({ type: 'host-result', host: host.name, status, result, ...(delegatedTo ? { delegatedTo } : {}), ...extra });
  }

  /** Counts and reports a host that could not be reached or whose task broke. */
  private hostError(host: Host, error: unknown, scope: { ignoreUnreachable?: unknown; ignoreErrors?: unknown }, origin?: Origin): ModuleResult {
    if (error instanceof MissingHandler) throw error;
    if (error instanceof ConnectError) {
      const result = { changed: false, msg: `Failed to connect to the host via ssh: ${error.message}`, unreachable: true };
      this.report(host, 'unreachable', result, {});
      if (scope.ignoreUnreachable !== undefined && ansibleBoolean(scope.ignoreUnreachable)) {
        this.stats.increment(host.name, 'skipped');
        return result;
      }
      this.stats.increment(host.name, 'unreachable');
      this.state(host).unreachable = true;
      this.removed.add(host.name);
      return result;
    }
    if (!isDeployerError(error) && !(error instanceof Error)) throw error;
    if (error instanceof FilterError || error instanceof LookupError) {
      // a filter's or a lookup's own failure is its message alone, as Ansible reports them
      const result = { failed: true, msg: error.message };
      this.fail(host, result, scope, {});
      return result;
    }
    const message = withPlace(error, origin);
    // an undefined name, or a missing attribute or key (Jinja2's UndefinedError either way)
    const undefinedVar = error instanceof UndefinedVariableError || / is undefined$/.test((error as Error).message);
    const result = { changed: false, failed: true, msg: undefinedVar ? `The task includes an option with an undefined variable. The error was: ${message}` : message };
    this.fail(host, result, scope, {});
    return result;
  }

  private fail(host: Host, result: ModuleResult, scope: { ignoreErrors?: unknown }, extra: Partial<Extract<PlaybookEvent, { type: 'host-result' }>>): void {
    const ignored = scope.ignoreErrors !== undefined && ansibleBoolean(scope.ignoreErrors);
    this.report(host, 'failed', result, { ...extra, ignored });
    if (ignored) {
      this.stats.increment(host.name, 'ok');
      this.stats.increment(host.name, 'ignored');
      if (result.changed) this.stats.increment(host.name, 'changed');
      return;
    }
    this.stats.increment(host.name, 'failed');
    const state = this.state(host);
    state.failed = true;
    this.removed.add(host.name);
    state.failure = { task: state.task, result };
  }

  private async runTaskOnHost(task: TaskDef, host: Host, scope: Scope): Promise<{ result?: ModuleResult } | undefined> {
    const state = this.state(host);
    state.task = task;
    // ignore_errors may be a template (`"{{ inventory_hostname != 'db1' }}"`): its value for this host
    const ignoreErrors = scope.inherited.ignoreErrors;
    const inherited = typeof ignoreErrors === 'string' && hasTemplate(ignoreErrors) ? { ...scope.inherited, ignoreErrors: templateValue(ignoreErrors, this.taskVars(state, scope, task)) } : scope.inherited;
    const noLog = inherited.noLog !== undefined && ansibleBoolean(inherited.noLog);
    const shown = (result: ModuleResult) => (noLog ? { ...CENSORED } : result);
    try {
      let vars = this.taskVars(state, scope, task);
      state.delegateLabel = this.connections.delegateLabel(host, inherited.delegateTo, vars);
      state.diffOff = !this.diffMode(inherited, vars);
      // as Ansible's task executor: a loop naming an undefined variable is an error only if the
      // task's condition holds (the task runs once, without items, to find out)
      let items: unknown[] | undefined;
      let loopError: unknown;
      try {
        items = task.loop === undefined ? undefined : loopItems(task, vars, task.module);
      } catch (error) {
        if (!(error instanceof UndefinedVariableError)) throw error;
        loopError = error;
      }
      if (items === undefined) {
        if (!inherited.when.every((w) => this.condition(w, vars))) {
          const result = { changed: false, skipped: true, skip_reason: 'Conditional result was False' };
          this.report(host, 'skipped', result, {});
          this.stats.increment(host.name, 'skipped');
          if (task.register) state.hostVars[task.register] = result;
          return { result };
        }
        if (loopError !== undefined) {
          // Ansible's words: the undefined error's text, twice (its message and its cause)
          const message = (loopError as Error).message;
          const result = { failed: true, msg: `${message}. ${message}` };
          this.fail(host, shown(result), inherited, {});
          if (task.register) state.hostVars[task.register] = result;
          return { result };
        }
        const result = await this.runWithRetries(task, host, vars, inherited);
        return this.finish(task, host, result, scope, shown);
      }
      const results: ModuleResult[] = [];
      const taskVars = vars;
      const loopControl = renderedLoopControl(task.loopControl, (value) => templateValue(value, taskVars));
      // loop_control.pause: seconds between two items (as the task executor sleeps before each one after the first)
      const pause = loopControl?.pause === undefined ? 0 : Number(loopControl.pause);
      for (const [index, item] of items.entries()) {
        if (index > 0 && pause > 0) await new Promise((resolve) => setTimeout(resolve, pause * 1000));
        const iteration = loopIteration(loopControl, items, index);
        vars = this.taskVars(state, scope, task, iteration.vars);
        const label = loopControl?.label === undefined ? item : templateValue(loopControl.label, vars);
        if (!inherited.when.every((w) => this.condition(w, vars))) {
          const skipped = { changed: false, skipped: true, skip_reason: 'Conditional result was False', ...iteration.result };
          results.push(skipped);
          this.report(host, 'skipped', skipped, { item: { label } });
          continue;
        }
        let result: ModuleResult;
        try {
          result = await this.runWithRetries(task, host, vars, inherited);
        } catch (error) {
          if (error instanceof ConnectError) throw error;
          result = { failed: true, msg: withPlace(error, task.origin) };
        }
        result = { ...result, ...iteration.result };
        results.push(result);
        this.report(host, isFailed(result) ? 'failed' : result.changed ? 'changed' : 'ok', shown(result), { item: { label }, ...this.display(task, result, host) });
        if (result.ansible_facts && !result.failed) keepFacts(state, task, result.ansible_facts as Vars);
      }
      const summary = loopSummary(results);
      if (task.register) state.hostVars[task.register] = registeredValue(summary);
      if (isFailed(summary)) this.fail(host, { changed: summary.changed, msg: summary.msg }, inherited, { loopSummary: true, debug: this.display(task, summary, host).debug });
      else if (summary.skipped) {
        this.stats.increment(host.name, 'skipped');
        this.report(host, 'skipped', { changed: false, skipped: true, ...(results.length === 0 ? { skipped_reason: 'No items in the list' } : {}) }, {});
      } else this.countSuccess(host, summary, task, inherited);
      return { result: summary };
    } catch (error) {
      const result = this.hostError(host, error, inherited, task.origin);
      if (task.register && !(error instanceof ConnectError)) state.hostVars[task.register] = registeredValue(result);
      return { result };
    } finally {
      state.delegateLabel = undefined;
      state.diffOff = undefined;
    }
  }

  private async runWithRetries(task: TaskDef, host: Host, vars: Vars, inherited: Scope['inherited']): Promise<ModuleResult> {
    const retries = task.until === undefined ? 0 : Number(templateValue(task.retries ?? 3, vars));
    const delay = Number(templateValue(task.delay ?? 5, vars));
    // the module of this task, once its arguments are templated (until then, the task's action)
    this.state(host).module = undefined;
    // as Ansible's task executor, the arguments are templated once, before the first attempt
    let args: Record<string, unknown>;
    try {
      args = withoutOmitted(templateValue(task.args, vars)) as Record<string, unknown>;
    } catch (error) {
      const failure = argumentsFailure(error, task.args, task.origin);
      if (failure) return failure;
      throw error;
    }
    let attempt = 0;
    for (;;) {
      let result = await this.runModule(task, host, vars, inherited, args);
      // as Ansible's task executor, once the module ran: its result becomes this failure (the strategy then stops the run)
      if (task.register && !isIdentifier(task.register)) return { failed: true, msg: invalidRegister(task.register) };
      attempt++;
      // as Ansible: `attempts` is there early, for changed_when and failed_when to read
      if (task.until !== undefined) result = { ...result, attempts: attempt };
      result = this.applyConditions(task, vars, result);
      if (task.until === undefined) return result;
      const withResult = task.register ? { ...vars, [task.register]: result } : vars;
      if (this.condition(task.until, withResult)) return { ...result, attempts: attempt };
      // Ansible reports the task's `retries` as the attempts when they ran out
      if (attempt > retries) return { ...result, attempts: retries, failed: true };
      this.bannerBefore(host);
      this.emit({ type: 'host-retry', host: host.name, task: taskName(task), retriesLeft: retries + 1 - attempt });
      await new Promise((resolve) => setTimeout(resolve, delay * 1000));
    }
  }

  /** changed_when / failed_when, evaluated with the registered name bound to this result. */
  private applyConditions(task: TaskDef, vars: Vars, result: ModuleResult): ModuleResult {
    if (task.changedWhen === undefined && task.failedWhen === undefined) return result;
    const withResult = { ...vars, ...(task.register ? { [task.register]: result } : {}), ...result };
    const next = { ...result };
    if (result.skipped) return next;
    // a condition that cannot be evaluated fails the task, the module's result kept (Ansible's task executor)
    let which = 'changed';
    try {
      if (task.changedWhen !== undefined) next.changed = (Array.isArray(task.changedWhen) ? task.changedWhen : [task.changedWhen]).every((c) => this.condition(c, withResult));
      which = 'failed';
      if (task.failedWhen !== undefined) {
        // a list of conditions fails only when all hold (as `when`)
        const failed = (Array.isArray(task.failedWhen) ? task.failedWhen : [task.failedWhen]).every((c) => this.condition(c, withResult));
        next.failed = failed;
        next.failed_when_result = failed;
      }
    } catch (error) {
      if (!(error instanceof TemplateError) && !(error instanceof UndefinedVariableError)) throw error;
      next.failed = true;
      next[`${which}_when_result`] = conditionError(error, which === 'changed' ? task.changedWhen : task.failedWhen);
    }
    return next;
  }

  private countSuccess(host: Host, result: ModuleResult, task: TaskDef, inherited: Scope['inherited']): void {
    this.stats.increment(host.name, 'ok');
    if (result.changed) {
      this.stats.increment(host.name, 'changed');
      const state = this.state(host);
      // a notify entry may be a template of a list of names (`notify: "{{ handler_list }}"`)
      const names = task.notify.flatMap((handler) => {
        const value = hasTemplate(handler) ? templateValue(handler, this.taskVars(state, { play: this.play, inherited }, task)) : handler;
        return Array.isArray(value) ? value.map(String) : [String(value)];
      });
      for (const name of names) {
        // as Ansible's strategy (error_on_missing_handler): a name no handler has nor listens to stops the run
        if (!handlerKnown(this.play.handlers, name, this.handlerName)) {
          const missing = new MissingHandler(name);
          if (this.options.errorOnMissingHandler ?? true) throw missing;
          this.warnOnce(missing.message);
        }
        state.notified.add(name);
      }
    }
  }

  /** A handler's name as notifications match it: a template rendered with the play's and the extra vars (as Ansible's strategy does); as written when it cannot be. */
  private handlerName = (handler: TaskDef): string | undefined => {
    if (handler.name === undefined || !hasTemplate(handler.name)) return handler.name;
    try {
      return this.playTemplate(handler.name);
    } catch {
      return handler.name;
    }
  };

  private finish(task: TaskDef, host: Host, result: ModuleResult, scope: Scope, shown: (r: ModuleResult) => ModuleResult): { result: ModuleResult } {
    const state = this.state(host);
    const inherited = scope.inherited;
    // as Ansible's task executor: `failed` added after what the module returned, when it said nothing of it (a module's skip too)
    const registered = registeredValue({ changed: false, ...result, ...('failed' in result ? {} : { failed: false }) });
    if (task.register) state.hostVars[task.register] = registered;
    if (result.ansible_facts && !result.failed) keepFacts(state, task, result.ansible_facts as Vars);
    if (result.skipped) {
      this.report(host, 'skipped', shown(result), {});
      this.stats.increment(host.name, 'skipped');
    } else if (isFailed(result)) {
      this.fail(host, shown(result), inherited, { debug: this.display(task, result, host).debug });
    } else {
      // notifications first: one naming no handler stops the run before the result is shown, as in Ansible
      this.countSuccess(host, result, task, inherited);
      this.report(host, result.changed ? 'changed' : 'ok', shown(result), this.display(task, result, host));
    }
    return { result: registered };
  }

  private async runModule(task: TaskDef, host: Host, vars: Vars, inherited: Scope['inherited'], templated: Record<string, unknown>): Promise<ModuleResult> {
    const applied = applyVariableParams(templated);
    if ('failure' in applied) return applied.failure;
    if (applied.warning) this.warnOnce(applied.warning);
    const args = applied.args;
    const name = this.moduleName(task, vars);
    this.state(host).module = name;
    // as Ansible's task executor, for a templated name that names no module
    if (name === undefined) return { failed: true, msg: `The module ${renderString(task.module, vars).trim()} was not found in configured module paths` };
    const refusal = task.async === undefined ? undefined : asyncRefusal(name, templateValue(task.async, vars));
    if (refusal) return refusal;
    const module = getModule(name);
    const checkMode = keywordValue(inherited.checkMode, vars);
    const check = checkMode !== undefined ? ansibleBoolean(checkMode) : this.options.check;
    const diff = this.diffMode(inherited, vars);
    const delegate = inherited.delegateTo === undefined ? undefined : renderString(String(inherited.delegateTo), vars);
    const searchDirs = [...(task.role ? [task.role.path] : []), path.dirname(task.origin.file), this.play.baseDir];
    const context: ModuleContext = {
      host: host.name,
      vars,
      check,
      diff,
      searchDirs,
      place: { baseDir: this.play.baseDir, taskFile: task.origin.file, taskLine: task.origin.line, ...(task.role ? { rolePath: task.role.path } : {}) },
      exec: (command, options) => this.connections.exec(host, vars, command, options?.become === false ? { ...inherited, become: false } : inherited, delegate, options?.stdin, options?.ownProcess),
      noLog: inherited.noLog !== undefined && ansibleBoolean(templateValue(inherited.noLog, vars)),
      verbosity: this.options.verbosity ?? 0,
      evaluate: (expression, condition) => evaluate(expression, vars, !condition),
      // a template file is rendered as written: no extra escaping of backslashes (Ansible's template module)
      render: (text, options) => renderString(text, options?.vars ? { ...vars, ...options.vars } : vars, { escapeBackslashes: false, lexer: options?.lexer }),
    };
    const result = await module.run(args, context);
    if (!result.failed && (result.add_host || result.add_group)) this.changeInventory(host, result);
    if (!result.failed && result.ansible_stats) this.keepCustomStats(host, result.ansible_stats as CustomStats, inherited);
    // as Ansible's task executor: a result without `changed` changed nothing, one without `failed`
    // failed if it has an rc other than 0
    const failed = 'failed' in result ? {} : { failed: 'rc' in result && result.rc !== 0 && result.rc !== '0' };
    return { ...('changed' in result ? {} : { changed: false }), ...result, ...failed };
  }

  /** The task's module; a templated name (`action: "{{ pkg_mgr }}"`) rendered with the host's variables. */
  private moduleName(task: TaskDef, vars: Vars): string | undefined {
    if (!isTemplated(task.module)) return task.module;
    const resolved = resolveModuleName(renderString(task.module, vars).trim());
    return resolved && !isLoaderAction(resolved) ? resolved : undefined;
  }

  /** set_stats: per host (each host of the batch for run_once) or for the whole run; added to or replaced. */
  private keepCustomStats(host: Host, stats: CustomStats, inherited: Scope['inherited']): void {
    if (!stats.data || !Object.keys(stats.data).length) return;
    const runOnce = inherited.runOnce !== undefined && ansibleBoolean(inherited.runOnce);
    const batch = this.batches.find((b) => b.includes(host)) ?? [host];
    const hosts = !stats.per_host ? [undefined] : runOnce ? batch.filter((h) => !this.state(h).unreachable).map((h) => h.name) : [host.name];
    for (const name of hosts) {
      for (const [key, value] of Object.entries(stats.data)) {
        if (stats.aggregate) this.stats.updateCustom(key, value, name);
        else this.stats.setCustom(key, value, name);
      }
    }
  }

  /** add_host / group_by: the inventory grows while the play runs; `changed` says whether it did. */
  private changeInventory(host: Host, result: ModuleResult): void {
    const inventory = this.options.inventory;
    if (result.add_host) result.changed = addDynamicHost(inventory, result.add_host as Parameters<typeof addDynamicHost>[1]);
    else result.changed = addDynamicGroup(inventory, inventory.hosts.get(host.name) ?? host, String(result.add_group), result.parent_groups as string[]);
    if (!result.changed) return;
    // patterns, `groups` and hostvars are read again from the inventory
    this.options.selector.forget();
    this.varsBuilder = new HostVarsBuilder({ resolver: this.options.resolver, extraVars: {}, playHosts: this.playHosts });
    if (this.batches.length > 1) this.varsBuilder.setBatches(this.batches);
  }

  private async flushHandlers(hosts: Host[], scope: Scope): Promise<void> {
    // handlers keep the play's keywords (become, environment, ...), not those of the block that notified them
    const handlerScope: Scope = { ...scope, inherited: { ...playKeywords(scope.play), tags: [] }, handler: true };
    const topics = new Set<[Host, string]>();
    const handlers = flatHandlers(this.play.handlers, handlerScope);
    const lastByName = handlerByName(this.play.handlers, this.baseScope(), this.handlerName);
    const listened = new Set(handlers.flatMap(([handler]) => handler.listen));
    for (const [handler, ownScope] of handlers) {
      const own = this.handlerName(handler);
      const names = [own && lastByName.get(own) === handler ? own : '', ...handler.listen].filter(Boolean);
      const notified = hosts.filter((h) => {
        const state = this.state(h);
        return (this.forceHandlers() || !state.failed) && !state.unreachable && names.some((n) => state.notified.has(n));
      });
      if (!notified.length) continue;
      // a handler's own name is consumed now; a topic (or a name handlers also listen to) only after every handler for it ran
      for (const host of notified) {
        if (own && listened.has(own)) topics.add([host, own]);
        else if (own) this.state(host).notified.delete(own);
        for (const topic of handler.listen) if (this.state(host).notified.has(topic)) topics.add([host, topic]);
      }
      await this.runTask(handler, notified, ownScope);
    }
    for (const [host, topic] of topics) this.state(host).notified.delete(topic);
  }

  private forceHandlers(): boolean {
    return this.play.forceHandlers ?? this.options.forceHandlers ?? false;
  }
}

const invalidRegister = (name: string) => `Invalid variable name in 'register' specified: '${name}'`;
