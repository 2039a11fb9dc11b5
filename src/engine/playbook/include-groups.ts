/**
 * Which hosts run an include together, as Ansible's IncludedFile groups them: per host the file
 * name is rendered (and, for an include with a loop, once per item, with the item's variables);
 * hosts that reach the same file with the same loop variables run it together, in the order
 * the groups first appear (host by host, item by item).
 */
import type { Vars } from '../../inventory/vars.js';
import type { IncludeDef } from '../../playbook/model.js';
import { evaluateCondition, templateValue } from '../../templating/expressions.js';
import { renderString } from '../../templating/jinja.js';
import { loopItems } from './loop-items.js';
import { loopIteration, renderedLoopControl } from './loop-vars.js';

export interface IncludeGroup<H> {
  target: string;
  hosts: H[];
  /** The loop's variables for the included tasks (none without a loop). */
  loopVars: Vars;
  /** What Ansible prints after `=> (item=...)`. */
  label?: unknown;
}

export interface IncludeOptions<H> {
  /** A host's variables, with an item's loop variables on top (variables that name them render with them). */
  varsOf: (host: H, loopVars?: Vars) => Vars;
  when: unknown[];
  /** How a condition is evaluated (the engine's, which warns about templated conditions). */
  condition?: (condition: unknown, vars: Vars) => boolean;
  onError: (host: H, error: unknown) => void;
  /** A host whose condition is false: for each item of a loop (with its label), then once when it includes nothing. */
  onSkipped: (host: H, item?: { label: unknown }) => void;
}

export function includeGroups<H>(include: IncludeDef, hosts: H[], options: IncludeOptions<H>): IncludeGroup<H>[] {
  const groups = new Map<string, IncludeGroup<H>>();
  const add = (host: H, vars: Vars, loopVars: Vars, label?: unknown): boolean => {
    if (!options.when.every((w) => (options.condition ?? evaluateCondition)(w, vars))) {
      if (include.loop) options.onSkipped(host, { label });
      return false;
    }
    const target = renderString(include.target, vars);
    const key = `${target}\0${JSON.stringify(loopVars)}`;
    const group = groups.get(key) ?? { target, hosts: [], loopVars, ...(label !== undefined ? { label } : {}) };
    group.hosts.push(host);
    groups.set(key, group);
    return true;
  };
  for (const host of hosts) {
    try {
      const vars = options.varsOf(host);
      if (!include.loop) {
        if (!add(host, vars, {})) options.onSkipped(host);
        continue;
      }
      const items = loopItems(include, vars, `include_${include.what}`);
      const loopControl = renderedLoopControl(include.loopControl, (value) => templateValue(value, vars));
      let included = false;
      items.forEach((item, index) => {
        const iteration = loopIteration(loopControl, items, index);
        const withItem = options.varsOf(host, iteration.vars);
        const label = loopControl?.label === undefined ? item : renderString(String(loopControl.label), withItem);
        included = add(host, withItem, iteration.vars, label) || included;
      });
      if (!included) options.onSkipped(host);
    } catch (error) {
      // a condition, a loop or a file name that cannot be rendered fails this host, not the run
      options.onError(host, error);
    }
  }
  return [...groups.values()];
}
