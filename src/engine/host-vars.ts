/**
 * The variables a task sees on one host: its inventory variables, Ansible's magic variables
 * (inventory_hostname, group_names, groups, hostvars, play_hosts, ...) and extra vars (-e),
 * which win over everything.
 */
import type { Host, InventoryData } from '../inventory/model.js';
import { isIpAddress } from '../inventory/addresses.js';
import type { VarsResolver } from '../inventory/resolver.js';
import type { Vars } from '../inventory/vars.js';

/** The value of `omit`: an argument templated to it is left out (Ansible's placeholder). */
export const OMIT = '__omit_place_holder__';

export interface RunScope {
  resolver: VarsResolver;
  extraVars: Vars;
  /** Hosts of the play or ad-hoc run, in order. */
  playHosts: Host[];
}

function groupsMap(inventory: InventoryData): Record<string, string[]> {
  const groups: Record<string, string[]> = {};
  for (const [name, group] of inventory.groups) groups[name] = group.allHosts().map((h) => h.name);
  return groups;
}

/**
 * Ansible's `hostvars`: a mapping of every inventory host to its variables, each built only when a
 * template looks it up (a template rarely looks at more than a few other hosts).
 */
export function lazyHostvars(inventory: InventoryData, view: (host: Host) => Vars): Record<string, Vars> {
  return new Proxy({} as Record<string, Vars>, {
    // as Ansible's HostVars: the implicit localhost is found by name (and made on first use), not listed
    get: (_, name) => {
      if (typeof name !== 'string') return undefined;
      const host = inventory.getHost(name);
      return host ? view(host) : undefined;
    },
    has: (_, name) => typeof name === 'string' && inventory.getHost(name) !== undefined,
    ownKeys: () => [...inventory.hosts.keys(), ...(inventory.implicitLocalhost ? [inventory.implicitLocalhost.name] : [])],
    getOwnPropertyDescriptor: (_, name) => (typeof name === 'string' && inventory.getHost(name) ? { enumerable: true, configurable: true } : undefined),
  });
}

export class HostVarsBuilder {
  private groups: Record<string, string[]> | undefined;
  private readonly cache = new Map<string, Vars>();
  /** host → the names of its serial batch (a play with `serial`); the play's hosts otherwise. */
  private readonly batchOf = new Map<string, string[]>();
  readonly hostvars: Record<string, Vars>;

  constructor(private readonly scope: RunScope) {
    this.hostvars = lazyHostvars(scope.resolver.inventory, (host) => this.forHost(host));
  }

  /** The play's serial batches: each host's `ansible_play_batch` (and `play_hosts`) is its own. */
  setBatches(batches: Host[][]): void {
    for (const batch of batches) for (const host of batch) this.batchOf.set(host.name, batch.map((h) => h.name));
    for (const host of this.batchOf.keys()) this.cache.delete(host);
  }

  forHost(host: Host): Vars {
    let vars = this.cache.get(host.name);
    if (!vars) {
      const { resolver, extraVars, playHosts } = this.scope;
      this.groups ??= groupsMap(resolver.inventory);
      const names = playHosts.map((h) => h.name);
      vars = {
        ...resolver.hostVars(host),
        inventory_hostname: host.name,
        inventory_hostname_short: isIpAddress(host.name) ? host.name : host.name.split('.')[0],
        group_names: host.groupNames(),
        groups: this.groups,
        hostvars: this.hostvars,
        play_hosts: this.batchOf.get(host.name) ?? names,
        ansible_play_hosts: names,
        ansible_play_hosts_all: names,
        ansible_play_batch: this.batchOf.get(host.name) ?? names,
        omit: OMIT,
        ...extraVars,
      };
      this.cache.set(host.name, vars);
    }
    return vars;
  }
}
