/**
 * The variables a loop's iteration sees, and what its result records, as Ansible's
 * TaskExecutor sets them: `loop_control` `loop_var` (default `item`), `index_var`, and with
 * `extended: true` the `ansible_loop` dictionary (index, first, last, previtem, allitems, ...).
 */
import { ansibleBoolean } from '../../config/ansible-cfg.js';
import type { Vars } from '../../inventory/vars.js';

export interface LoopIteration {
  /** Variables of the task while it runs for this item. */
  vars: Vars;
  /** Keys its result carries (the item, the names of the loop and index variables, ansible_loop). */
  result: Vars;
}

/** loop_control with its keywords rendered, as the task executor post-validates it before the loop (the label is rendered per item). */
export function renderedLoopControl(loopControl: Vars | undefined, render: (value: unknown) => unknown): Vars | undefined {
  if (!loopControl) return loopControl;
  return Object.fromEntries(Object.entries(loopControl).map(([key, value]) => [key, key === 'label' ? value : render(value)]));
}

export function loopIteration(loopControl: Vars | undefined, items: unknown[], index: number): LoopIteration {
  const loopVar = String(loopControl?.loop_var ?? 'item');
  const indexVar = loopControl?.index_var === undefined ? undefined : String(loopControl.index_var);
  const common: Vars = { [loopVar]: items[index], ansible_loop_var: loopVar, ...(indexVar ? { [indexVar]: index, ansible_index_var: indexVar } : {}) };
  if (!(loopControl?.extended !== undefined && ansibleBoolean(loopControl.extended))) return { vars: common, result: common };
  const length = items.length;
  const ansibleLoop: Vars = {
    index: index + 1,
    index0: index,
    first: index === 0,
    last: index + 1 === length,
    length,
    revindex: length - index,
    revindex0: length - index - 1,
    ...(loopControl.extended_allitems === undefined || ansibleBoolean(loopControl.extended_allitems) ? { allitems: items } : {}),
    ...(index + 1 < length ? { nextitem: items[index + 1] } : {}),
    ...(index > 0 ? { previtem: items[index - 1] } : {}),
  };
  return { vars: { ...common, ansible_loop: ansibleLoop }, result: { ...common, ansible_loop: ansibleLoop } };
}
