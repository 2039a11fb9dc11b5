/**
 * The views `ansible-inventory` gives of an inventory, as data: `--list` (JSON shape),
 * `--list --yaml`, `--graph [--vars]` and `--host`. Rendering to text is the CLI's job.
 */
import type { Group, InventoryData } from './model.js';
import { withoutInternal, type VarsResolver } from './resolver.js';
import type { Vars } from './vars.js';
import { pythonStr } from '../formats/python-repr.js';

export interface ListOptions {
  /** `--export`: group vars stay on groups instead of being flattened into each host. */
  export?: boolean;
}

type ListGroup = { hosts?: string[]; children?: string[]; vars?: Vars };

export function inventoryList(inventory: InventoryData, resolver: VarsResolver, options: ListOptions = {}) {
  const result: Record<string, ListGroup | { hostvars: Record<string, Vars> }> = {};
  const seen = new Set<string>();
  const formatGroup = (group: Group) => {
    const entry: ListGroup = {};
    if (group.name !== 'all' && group.hosts.length > 0) entry.hosts = group.hosts.map((h) => h.name);
    const children = group.childGroups.map((g) => g.name);
    if (children.length > 0) entry.children = children;
    if (options.export) {
      const vars = resolver.exportGroupVars(group);
      if (Object.keys(vars).length > 0) entry.vars = vars;
    }
    if (Object.keys(entry).length > 0) result[group.name] = entry;
    for (const child of group.childGroups) {
      if (seen.has(child.name)) continue;
      seen.add(child.name);
      formatGroup(child);
    }
  };
  formatGroup(inventory.group('all'));
  const hostvars: Record<string, Vars> = {};
  for (const host of inventory.group('all').allHosts()) {
    const vars = hostVarsFor(resolver, host.name, options);
    if (Object.keys(vars).length > 0) hostvars[host.name] = vars;
  }
  result._meta = { hostvars };
  return result;
}

function hostVarsFor(resolver: VarsResolver, name: string, options: ListOptions): Vars {
  const host = resolver.inventory.hosts.get(name) ?? resolver.inventory.getHost(name)!;
  return options.export ? resolver.exportHostVars(host) : withoutInternal(resolver.hostVars(host));
}

type YamlGroup = { children?: Record<string, YamlGroup>; hosts?: Record<string, Vars>; vars?: Vars };

/** `--list --yaml`: the nested YAML inventory form; each host's vars appear at its first mention. */
export function inventoryYaml(inventory: InventoryData, resolver: VarsResolver, options: ListOptions = {}) {
  const seen = new Set<string>();
  const formatGroup = (group: Group): Record<string, YamlGroup> => {
    const entry: YamlGroup = {};
    const children: Record<string, YamlGroup> = {};
    for (const child of group.childGroups) if (child.name !== 'all') Object.assign(children, formatGroup(child));
    if (Object.keys(children).length > 0) entry.children = children;
    if (group.name !== 'all' && group.hosts.length > 0) {
      entry.hosts = {};
      for (const host of group.hosts) {
        entry.hosts[host.name] = seen.has(host.name) ? {} : hostVarsFor(resolver, host.name, options);
        seen.add(host.name);
      }
    }
    if (options.export) {
      const vars = resolver.exportGroupVars(group);
      if (Object.keys(vars).length > 0) entry.vars = vars;
    }
    return { [group.name]: entry };
  };
  return formatGroup(inventory.group('all'));
}

/** `--graph [GROUP] [--vars]` lines: `@group:` then `  |--child`, hosts after child groups. */
export function inventoryGraph(inventory: InventoryData, resolver: VarsResolver, start: Group, showVars: boolean): string[] {
  const lines: string[] = [];
  const name = (text: string, depth: number) => (depth ? `${'  |'.repeat(depth)}--${text}` : text);
  const showVarsAt = (vars: Vars, depth: number) => {
    for (const key of Object.keys(vars).sort()) lines.push(name(`{${key} = ${pythonStr(vars[key])}}`, depth));
  };
  const walk = (group: Group, depth: number) => {
    lines.push(name(`@${group.name}:`, depth));
    for (const child of group.childGroups) walk(child, depth + 1);
    if (group.name !== 'all') {
      for (const host of group.hosts) {
        lines.push(name(host.name, depth + 1));
        if (showVars) showVarsAt(withoutInternal(resolver.hostVars(host)), depth + 2);
      }
    }
    if (showVars) showVarsAt(resolver.exportGroupVars(group), depth + 1);
  };
  walk(start, 0);
  return lines;
}

export { pythonRepr, pythonStr } from '../formats/python-repr.js';
