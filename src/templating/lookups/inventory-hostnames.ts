/**
 * ansible.builtin.inventory_hostnames: the hosts matching host patterns, in an inventory made
 * (as Ansible makes it) of the `groups` variable; a pattern that cannot be evaluated gives none.
 */
import { InventoryData } from '../../inventory/model.js';
import { HostSelector } from '../../inventory/patterns.js';
import { isMapping } from '../../inventory/vars.js';
import type { Lookup } from './types.js';

export const inventoryHostnames: Lookup = {
  run(terms, _options, context) {
    const inventory = new InventoryData();
    const groups = context.variables.groups;
    if (isMapping(groups)) {
      for (const [group, hosts] of Object.entries(groups)) {
        inventory.addGroup(group);
        for (const host of Array.isArray(hosts) ? hosts : []) inventory.addHost(String(host), group);
      }
    }
    let names: string[];
    try {
      names = new HostSelector(inventory, { onMismatch: 'warning' }).select(terms.map(String)).map((host) => host.name);
    } catch {
      names = [];
    }
    for (const warning of inventory.warnings) context.warn(warning);
    return names;
  },
};
