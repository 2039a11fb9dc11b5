/**
 * What add_host and group_by results do to the in-memory inventory, as Ansible's inventory
 * manager applies them (add_dynamic_host, add_dynamic_group): each returns whether the inventory
 * changed, which becomes the task's `changed`.
 */
import type { Host, InventoryData } from '../../inventory/model.js';
import { combineVars, type Vars } from '../../inventory/vars.js';

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function addDynamicHost(inventory: InventoryData, info: { host_name: string; groups: string[]; host_vars: Vars }): boolean {
  let changed = false;
  let host = inventory.hosts.get(info.host_name);
  if (!host) {
    host = inventory.addHost(info.host_name, 'all');
    changed = true;
  }
  const combined = combineVars(host.vars, info.host_vars);
  if (!same(combined, host.vars)) {
    host.vars = combined;
    changed = true;
  }
  for (const name of info.groups) {
    if (!inventory.groups.has(name)) {
      inventory.addGroup(name);
      changed = true;
    }
    if (inventory.group(name).addHost(host)) changed = true;
  }
  if (changed) inventory.reconcile();
  return changed;
}

export function addDynamicGroup(inventory: InventoryData, host: Host, name: string, parents: string[]): boolean {
  let changed = false;
  if (!inventory.groups.has(name)) inventory.addGroup(name);
  for (const parent of parents) {
    if (!inventory.groups.has(parent)) {
      inventory.addGroup(parent);
      changed = true;
    }
  }
  const group = inventory.group(name);
  for (const parent of parents) if (inventory.group(parent).addChildGroup(group)) changed = true;
  if (!group.hostNames.has(host.name)) changed = group.addHost(host);
  if (changed) inventory.reconcile();
  return changed;
}
