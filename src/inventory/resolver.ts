/**
 * What variables a host sees, in Ansible's precedence order (lowest first):
 * `all` group vars from inventory files, other group vars from inventory files (by depth,
 * `ansible_group_priority`, then name), `group_vars/all`, `group_vars/<group>` (same order),
 * the host's own inventory vars, then `host_vars/<host>`. Later sources win within each step.
 * The group_vars and host_vars folders are those beside the inventory sources, then, in a
 * playbook run, the one beside the playbook (each step reads both before the next).
 */
import type { Group, Host, InventoryData } from './model.js';
import { VarsFiles } from './vars-files.js';
import { combineVars, type Vars } from './vars.js';

/** Variables Ansible sets itself; `ansible-inventory` leaves them out of its output. */
export const INTERNAL_VARS = new Set([
  'ansible_diff_mode', 'ansible_config_file', 'ansible_facts', 'ansible_forks', 'ansible_inventory_sources',
  'ansible_limit', 'ansible_playbook_python', 'ansible_run_tags', 'ansible_skip_tags', 'ansible_verbosity',
  'ansible_version', 'inventory_dir', 'inventory_file', 'inventory_hostname', 'inventory_hostname_short',
  'groups', 'group_names', 'omit', 'playbook_dir',
]);

export function sortGroups(groups: Group[]): Group[] {
  return [...groups].sort((a, b) => a.depth - b.depth || a.priority - b.priority || compareNames(a.name, b.name));
}

function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function withoutInternal(vars: Vars): Vars {
  const result: Vars = {};
  for (const [key, value] of Object.entries(vars)) if (!INTERNAL_VARS.has(key)) result[key] = value;
  return result;
}

export class VarsResolver {
  readonly files = new VarsFiles();
  private readonly baseDirs: string[];

  constructor(readonly inventory: InventoryData) {
    this.baseDirs = inventory.sources.map((s) => VarsFiles.baseDirFor(s)).filter((d): d is string => d !== undefined);
  }

  /** The folder of the playbook whose play runs: its group_vars and host_vars come after the inventory's. */
  playbookDir: string | undefined;

  private fileVars(kind: 'group_vars' | 'host_vars', entities: { name: string }[]): Vars {
    let vars: Vars = {};
    for (const dir of this.playbookDir === undefined ? this.baseDirs : [...this.baseDirs, this.playbookDir]) {
      for (const entity of entities) vars = combineVars(vars, this.files.vars(dir, kind, entity.name));
    }
    return vars;
  }

  /** The host's inventory-level variables (what `ansible-inventory --list` shows, plus internal ones). */
  hostVars(host: Host): Vars {
    const all = this.inventory.group('all');
    const groups = sortGroups(host.groups.filter((g) => g !== all));
    let vars: Vars = { ...all.vars };
    for (const group of groups) vars = combineVars(vars, group.vars);
    vars = combineVars(vars, this.fileVars('group_vars', [all]));
    vars = combineVars(vars, this.fileVars('group_vars', groups));
    vars = combineVars(vars, host.vars);
    return combineVars(vars, this.fileVars('host_vars', [host]));
  }

  /** A host's own variables, without what it inherits from groups (`--export`). */
  exportHostVars(host: Host): Vars {
    return withoutInternal(combineVars(host.vars, this.fileVars('host_vars', [host])));
  }

  /** A group's own variables (`--export`), including `ansible_group_priority` when set. */
  exportGroupVars(group: Group): Vars {
    const vars = combineVars(group.vars, this.fileVars('group_vars', [group]));
    if (group.priority !== 1) vars.ansible_group_priority = group.priority;
    return withoutInternal(vars);
  }
}
