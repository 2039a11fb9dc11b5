/**
 * The in-memory inventory, with the rules of Ansible's InventoryData, Group and Host:
 * groups form a DAG under `all`, hosts know every ancestor group, `ungrouped` holds the hosts
 * that belong to no other group, and `localhost` exists implicitly when it is not declared.
 */
import path from 'node:path';
import { DeployerError } from '../errors.js';
import { combineVars, setVar, type Vars } from './vars.js';

export const LOCALHOST_NAMES = ['localhost', '127.0.0.1', '::1'];
const INVALID_GROUP_CHARS = /^\p{Nd}|[^\p{L}\p{N}_]/u; // Python: ^[\d\W]|[^\w], Unicode-aware

export class InventoryError extends DeployerError {}

export class Group {
  depth = 0;
  priority = 1;
  vars: Vars = {};
  readonly hosts: Host[] = [];
  readonly hostNames = new Set<string>();
  readonly childGroups: Group[] = [];
  readonly parentGroups: Group[] = [];
  private hostsCache: Host[] | undefined;
  private ancestorsCache: Set<Group> | undefined;

  constructor(readonly name: string) {}

  /** Every group above this one. Cached: it is asked for each host added to the group. */
  ancestors(): Set<Group> {
    this.ancestorsCache ??= walk(this, 'parentGroups');
    return this.ancestorsCache;
  }

  /** The group itself, its children in order, then deeper descendants level by level. */
  descendantsInOrder(): Group[] {
    const ordered: Group[] = [this, ...this.childGroups];
    const seen = new Set<Group>(ordered);
    let level = this.childGroups;
    while (level.length > 0) {
      const next: Group[] = [];
      for (const group of level) {
        for (const child of group.childGroups) {
          if (!seen.has(child)) {
            seen.add(child);
            ordered.push(child);
            next.push(child);
          }
        }
      }
      level = next;
    }
    return ordered;
  }

  addChildGroup(child: Group): boolean {
    if (child === this) throw new InventoryError(`can't add group '${this.name}' to itself`);
    if (this.childGroups.includes(child)) return false;
    const ancestors = new Set(this.ancestors());
    if (ancestors.has(child)) {
      throw new InventoryError(
        `Adding group '${child.name}' as child to '${this.name}' creates a recursive dependency loop.`,
      );
    }
    const childAncestorsBefore = child.ancestors();
    ancestors.add(this);
    for (const group of childAncestorsBefore) ancestors.delete(group);
    this.childGroups.push(child);
    child.depth = Math.max(this.depth + 1, child.depth);
    child.propagateDepth();
    if (!child.parentGroups.includes(this)) {
      child.parentGroups.push(this);
      for (const group of [child, ...walk(child, 'childGroups')]) group.ancestorsCache = undefined;
      for (const host of child.allHosts()) host.addAncestors(ancestors);
    }
    this.clearHostsCache();
    return true;
  }

  private propagateDepth(): void {
    let level: Group[] = [this];
    while (level.length > 0) {
      const next: Group[] = [];
      for (const group of level) {
        for (const child of group.childGroups) {
          if (child.depth < group.depth + 1) {
            child.depth = group.depth + 1;
            next.push(child);
          }
        }
      }
      level = next;
    }
  }

  addHost(host: Host): boolean {
    if (this.hostNames.has(host.name)) return false;
    this.hosts.push(host);
    this.hostNames.add(host.name);
    host.addGroup(this);
    this.clearHostsCache();
    return true;
  }

  removeHost(host: Host): boolean {
    if (!this.hostNames.has(host.name)) return false;
    this.hosts.splice(this.hosts.indexOf(host), 1);
    this.hostNames.delete(host.name);
    host.removeGroup(this);
    this.clearHostsCache();
    return true;
  }

  setVariable(key: string, value: unknown): void {
    if (key === 'ansible_group_priority') {
      const priority = Number.parseInt(String(value), 10);
      if (Number.isNaN(priority)) throw new InventoryError(`ansible_group_priority must be an integer, got: ${String(value)}`);
      this.priority = priority;
    } else {
      setVar(this.vars, key, value);
    }
  }

  clearHostsCache(): void {
    this.hostsCache = undefined;
    for (const group of this.ancestors()) group.hostsCache = undefined;
  }

  /** Every host of this group and of its descendants, without duplicates, in Ansible's order. */
  allHosts(): Host[] {
    if (!this.hostsCache) {
      const seen = new Set<Host>();
      const hosts: Host[] = [];
      for (const group of this.descendantsInOrder()) {
        for (const host of group.hosts) {
          if (seen.has(host)) continue;
          seen.add(host);
          if (this.name === 'all' && host.implicit) continue;
          hosts.push(host);
        }
      }
      this.hostsCache = hosts;
    }
    return this.hostsCache;
  }
}

function walk(start: Group, relation: 'parentGroups' | 'childGroups'): Set<Group> {
  const seen = new Set<Group>();
  const stack = [...start[relation]];
  while (stack.length > 0) {
    const group = stack.pop()!;
    if (seen.has(group)) continue;
    seen.add(group);
    stack.push(...group[relation]);
  }
  return seen;
}

export class Host {
  vars: Vars;
  /** Every group the host belongs to, directly or through a parent, in the order Ansible adds them. */
  readonly groups: Group[] = [];
  implicit = false;

  constructor(
    readonly name: string,
    port?: number,
    source: { file: string | null; dir: string | null } = { file: null, dir: null },
  ) {
    // Every host carries where it was first defined, as Ansible's inventory_file / inventory_dir.
    this.vars = { inventory_file: source.file, inventory_dir: source.dir };
    if (port) this.vars.ansible_port = port;
  }

  addGroup(group: Group): boolean {
    if (group.parentGroups.length > 0) this.addAncestors(group.ancestors());
    if (this.groups.includes(group)) return false;
    this.groups.push(group);
    return true;
  }

  addAncestors(groups: Iterable<Group>): void {
    for (const group of groups) if (!this.groups.includes(group)) this.groups.push(group);
  }

  removeGroup(group: Group): void {
    const index = this.groups.indexOf(group);
    if (index === -1) return;
    this.groups.splice(index, 1);
    for (const ancestor of group.ancestors()) {
      if (ancestor.name === 'all') continue;
      if (!this.groups.some((g) => g.ancestors().has(ancestor))) this.removeGroup(ancestor);
    }
  }

  setVariable(key: string, value: unknown): void {
    setVar(this.vars, key, value);
  }

  groupNames(): string[] {
    return this.groups
      .filter((g) => g.name !== 'all')
      .map((g) => g.name)
      .sort();
  }
}

export class InventoryData {
  readonly groups = new Map<string, Group>();
  readonly hosts = new Map<string, Host>();
  readonly warnings: string[] = [];
  /** The inventory sources, as absolute paths or host lists; group_vars/host_vars are looked up beside them. */
  readonly sources: string[] = [];
  private source: { file: string | null; dir: string | null } = { file: null, dir: null };
  private localhost: Host | undefined;

  /** The file being parsed; hosts first seen in it get `inventory_file` / `inventory_dir`. */
  set currentSource(file: string | undefined) {
    this.source = file ? { file, dir: path.dirname(file) } : { file: null, dir: null };
  }

  constructor() {
    this.addGroup('all');
    this.addGroup('ungrouped');
    this.addChild('all', 'ungrouped');
  }

  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  addGroup(name: string): string {
    if (!name) throw new InventoryError(`Invalid empty/false group name provided: ${name}`);
    if (!this.groups.has(name)) {
      if (INVALID_GROUP_CHARS.test(name)) {
        this.warn('Invalid characters were found in group names but not replaced, use -vvvv to see details');
      }
      this.groups.set(name, new Group(name));
    }
    return name;
  }

  addHost(name: string, groupName?: string, port?: number): Host {
    if (!name) throw new InventoryError('Invalid empty host name provided');
    let group: Group | undefined;
    if (groupName) {
      group = this.groups.get(groupName);
      if (!group) throw new InventoryError(`Could not find group ${groupName} in inventory`);
    }
    let host = this.hosts.get(name);
    if (!host) {
      host = new Host(name, port, this.source);
      this.hosts.set(name, host);
      if (LOCALHOST_NAMES.includes(name)) {
        if (!this.localhost) this.localhost = host;
        else {
          this.warn(
            `A duplicate localhost-like entry was found (${name}). First found localhost was ${this.localhost.name}`,
          );
        }
      }
    }
    group?.addHost(host);
    return host;
  }

  setVariable(entity: string, key: string, value: unknown): void {
    const target = this.groups.get(entity) ?? this.hosts.get(entity);
    if (!target) throw new InventoryError(`Could not identify group or host named ${entity}`);
    target.setVariable(key, value);
  }

  addChild(groupName: string, childName: string): boolean {
    const group = this.groups.get(groupName);
    if (!group) throw new InventoryError(`${groupName} is not a known group`);
    const childGroup = this.groups.get(childName);
    if (childGroup) return group.addChildGroup(childGroup);
    const host = this.hosts.get(childName);
    if (host) return group.addHost(host);
    throw new InventoryError(`${childName} is not a known host nor group`);
  }

  group(name: string): Group {
    const group = this.groups.get(name);
    if (!group) throw new InventoryError(`Unknown group: ${name}`);
    return group;
  }

  /** The implicit localhost, once something asked for it (Ansible lists it among the hosts from then on). */
  get implicitLocalhost(): Host | undefined {
    return this.localhost?.implicit ? this.localhost : undefined;
  }

  /** The host by name, creating the implicit localhost on first use as Ansible does. */
  getHost(name: string): Host | undefined {
    const host = this.hosts.get(name);
    if (host) return host;
    if (!LOCALHOST_NAMES.includes(name)) return undefined;
    if (!this.localhost) {
      const local = new Host(name);
      local.implicit = true;
      local.vars.ansible_connection = 'local';
      local.vars.ansible_python_interpreter = process.env.DEPLOYER_PYTHON ?? '/usr/bin/python3';
      local.vars = combineVars(this.group('all').vars, local.vars);
      this.localhost = local;
    }
    return this.localhost;
  }

  /** Ansible's reconcile_inventory: attach orphan groups to `all`, maintain `ungrouped`. */
  reconcile(): void {
    const all = this.group('all');
    const ungrouped = this.group('ungrouped');
    for (const group of this.groups.values()) {
      if (group.name !== 'all' && group.parentGroups.length === 0) all.addChildGroup(group);
    }
    for (const host of this.hosts.values()) {
      const groups = host.groups;
      if (groups.includes(ungrouped)) {
        if (groups.some((g) => g !== all && g !== ungrouped)) ungrouped.removeHost(host);
      } else if (!host.implicit && (groups.length === 0 || (groups.length === 1 && groups[0] === all))) {
        ungrouped.addHost(host);
      }
    }
    for (const name of this.groups.keys()) {
      if (this.hosts.has(name)) this.warn(`Found both group and host with same name: ${name}`);
    }
  }
}
