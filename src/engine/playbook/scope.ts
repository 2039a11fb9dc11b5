/** What the playbook runner keeps per host, and what a block, include or task inherits from where it is. */
import type { Vars } from '../../inventory/vars.js';
import type { ModuleResult } from '../../modules/types.js';
import type { BlockDef, IncludeDef, PlayDef, TaskDef } from '../../playbook/model.js';
import type { Host } from '../../inventory/model.js';
import { OMIT } from '../host-vars.js';
import type { BlockLevel } from './failures.js';
import { templateValue } from '../../templating/expressions.js';
import { hasTemplate } from '../../templating/jinja.js';

/**
 * A keyword written as a template, with the value around it: when it renders to omit, that value
 * holds (Ansible's post_validate sets an omitted keyword back to its context).
 */
export class Omittable {
  constructor(
    readonly written: string,
    readonly outer: unknown,
  ) {}
}

const omittable = (own: unknown, outer: unknown): unknown => (own === undefined ? outer : typeof own === 'string' && hasTemplate(own) ? new Omittable(own, outer) : own);

/** A keyword's value for a task, rendered; an omitted one is the value around it (undefined when there is none). */
export function keywordValue(value: unknown, vars: Vars): unknown {
  if (value === undefined) return undefined;
  const rendered = templateValue(value instanceof Omittable ? value.written : value, vars);
  if (rendered !== OMIT) return rendered;
  return value instanceof Omittable ? keywordValue(value.outer, vars) : undefined;
}

export interface HostState {
  host: Host;
  facts: Vars;
  /** include_vars results: above task vars, below set_fact (Ansible's vars cache). */
  includedVars: Vars;
  /** set_fact and register results: above play vars, below extra vars. */
  hostVars: Vars;
  failed: boolean;
  unreachable: boolean;
  ended: boolean;
  /** The module the host's current task runs (a templated module name, rendered). */
  module?: string;
  /** The play's fact gathering ran on this host (the `smart` gathering setting skips it next time). */
  factsGathered?: boolean;
  notified: Set<string>;
  /** The role instances this host ran to their end (Ansible's role_complete): they do not run again. */
  rolesRun: Set<number>;
  /** While a delegated task runs: how its results name the delegate (`web1 -> db1(10.0.0.5)`). */
  delegateLabel?: string;
  /** While a task runs: whether its diff mode is off (a module that returns a diff anyway has it registered, not shown). */
  diffOff?: boolean;
  /** The task running, and the last failure: a rescue sees them as ansible_failed_task / _result. */
  task?: TaskDef;
  failure?: { task?: TaskDef; result: ModuleResult };
}

export interface Scope {
  play: PlayDef;
  /** Keywords and vars inherited from enclosing blocks. */
  inherited: { tags: string[]; when: string[]; vars: Vars; ignoreErrors?: unknown; become?: unknown; becomeUser?: unknown; checkMode?: unknown; diff?: unknown; environment?: unknown[]; noLog?: unknown; anyErrorsFatal?: unknown; delegateTo?: unknown; runOnce?: unknown; throttle?: unknown };
  handler?: boolean;
  /** The task files included to get here, outermost first. */
  includes?: string[];
  /** The block section the items run in: what a failure there means (see failures.ts). */
  level?: BlockLevel;
}

/** The keywords and variables of an item, over those it inherits (lists and dictionaries add up). */
export function inheritScope(scope: Scope, item: BlockDef | IncludeDef | TaskDef): Scope['inherited'] {
  const i = scope.inherited;
  return {
    tags: [...i.tags, ...item.tags],
    when: [...i.when, ...item.when],
    vars: { ...i.vars, ...item.vars },
    ignoreErrors: item.ignoreErrors ?? i.ignoreErrors,
    become: omittable(item.become, i.become),
    becomeUser: omittable(item.becomeUser, i.becomeUser),
    checkMode: omittable(item.checkMode, i.checkMode),
    diff: omittable(item.diff, i.diff),
    environment: item.environment ? [...(i.environment ?? []), ...item.environment] : i.environment,
    noLog: item.noLog ?? i.noLog,
    anyErrorsFatal: item.anyErrorsFatal ?? i.anyErrorsFatal,
    delegateTo: item.delegateTo ?? i.delegateTo,
    runOnce: item.runOnce ?? i.runOnce,
    throttle: item.throttle ?? i.throttle,
  };
}

/** Gathered facts as `ansible_facts` holds them: `ansible_distribution` is `distribution` there. */
export function unprefixedFacts(facts: Vars): Vars {
  return Object.fromEntries(Object.entries(facts).map(([key, value]) => [key.replace(/^ansible_/, ''), value]));
}

/** Where a task's `ansible_facts` go: include_vars has its own level, setup the host's facts, set_fact that of set_fact, the others both. */
export function keepFacts(state: HostState, task: TaskDef, facts: Vars): void {
  // `debug: var=ansible_facts` shows facts, it does not set them (Ansible's strategy skips debug)
  if (task.module === 'debug') return;
  if (task.module === 'setup' || task.module === 'gather_facts') Object.assign(state.facts, unprefixedFacts(facts));
  else if (task.module === 'include_vars') Object.assign(state.includedVars, facts);
  else {
    Object.assign(state.hostVars, facts);
    // as Ansible's strategy: the facts of a module other than set_fact are the host's facts too (ansible_facts.getent_passwd)
    if (task.module !== 'set_fact') Object.assign(state.facts, unprefixedFacts(facts));
  }
}

/** Arguments templated to `omit` are left out, in dictionaries and lists too (Ansible's _remove_omit). */
export function withoutOmitted(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== OMIT).map(withoutOmitted);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== OMIT).map(([k, v]) => [k, withoutOmitted(v)]));
  }
  return value;
}
