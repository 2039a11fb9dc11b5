/** The items a task loops over: `loop` (a list), or a `with_<lookup>` form, whose lookup gives them. */
import { DeployerError } from '../../errors.js';
import type { Vars } from '../../inventory/vars.js';
import type { TaskDef } from '../../playbook/model.js';
import { templateValue } from '../../templating/expressions.js';
import { str } from '../../templating/jinja2/values.js';
import { loopLookupItems, loopSubdir } from '../../templating/lookups/call.js';
import { lookupContext } from '../../templating/lookups/context.js';

/** Tuples (of indexed_items, subelements...) reach a loop's tasks as lists in Ansible. */
function withoutTuples(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutTuples);
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutTuples(v)]));
  return value;
}

/** `action` is the task's module (or include): with_first_found looks in `templates/` for a template task, and so on. */
export function loopItems(task: Pick<TaskDef, 'loop'>, vars: Vars, action: string): unknown[] {
  const { kind, value } = task.loop as { kind: string; value: unknown };
  if (kind !== 'loop') return loopLookupItems(kind.slice('with_'.length), value, lookupContext(vars, loopSubdir(action))).map(withoutTuples);
  const items = templateValue(value, vars);
  if (!Array.isArray(items)) {
    throw new DeployerError(
      `Invalid data passed to 'loop', it requires a list, got this instead: ${str(items)}. Hint: If you passed a list/dict of just one element, try adding wantlist=True to your lookup invocation or use q/query instead of lookup.`,
    );
  }
  return items.map(withoutTuples);
}
