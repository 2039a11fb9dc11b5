/**
 * How a notification finds the play's handlers, as Ansible's strategy searches them: handler
 * blocks last first (a role's handlers, an included role's, the play's own bare handlers are one
 * block each), within a block the first handler of a name; a topic (`listen`) notifies every
 * listener. `nameOf` gives a handler's name as notifications match it (a template rendered).
 */
import type { Item, TaskDef } from '../../playbook/model.js';
import { roleLabel } from '../../playbook/role-search.js';
import { inheritScope, type Scope } from './scope.js';

export type NameOf = (handler: TaskDef) => string | undefined;

/** Every handler, with what it inherits from the blocks around it (a role's handlers, the keywords the role was listed with). */
export function flatHandlers(items: Item[], scope: Scope): [TaskDef, Scope][] {
  return items.flatMap((item): [TaskDef, Scope][] => {
    if (item.kind === 'task') return [[item, scope]];
    if (item.kind !== 'block') return [];
    return flatHandlers([...item.block, ...item.rescue, ...item.always], { ...scope, inherited: inheritScope(scope, item) });
  });
}

/** The handler each name notifies. */
export function handlerByName(handlers: Item[], scope: Scope, nameOf: NameOf): Map<string, TaskDef> {
  const groups: TaskDef[][] = [];
  let bare: TaskDef[] | undefined;
  for (const item of handlers) {
    if (item.kind === 'task') {
      if (!bare) groups.push((bare = []));
      bare.push(item);
    } else {
      bare = undefined;
      groups.push(flatHandlers([item], scope).map(([handler]) => handler));
    }
  }
  const byName = new Map<string, TaskDef>();
  for (const group of groups.reverse()) {
    for (const handler of group) {
      const name = nameOf(handler);
      if (name && !byName.has(name)) byName.set(name, handler);
    }
  }
  return byName;
}

/** A handler (a task, or an include, which deployer does not run as a handler yet) has this name (alone, or after its role's), or listens to it. */
export function handlerKnown(handlers: Item[], name: string, nameOf: NameOf): boolean {
  return handlers.some((item) => {
    if (item.kind === 'block') return handlerKnown([...item.block, ...item.rescue, ...item.always], name, nameOf);
    const own = item.kind === 'task' ? nameOf(item) : item.name;
    return (item.kind === 'task' && item.listen.includes(name)) || (own !== undefined && (own === name || (item.role !== undefined && `${roleLabel(item.role)} : ${own}` === name)));
  });
}
