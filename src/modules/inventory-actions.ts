/**
 * add_host and group_by: they only say what to add to the in-memory inventory (as Ansible's
 * action plugins return `add_host` / `add_group`); the playbook engine applies it
 * (src/engine/playbook/dynamic-inventory.ts) and decides whether anything changed.
 */
import { isMapping } from '../inventory/vars.js';
import { parseAddress } from '../inventory/addresses.js';
import type { ModuleDef } from './types.js';

/** Ansible runs add_host once per task (or per item), not once per host. */
export const BYPASS_HOST_LOOP = new Set(['add_host']);

const failed = (msg: string) => ({ changed: false, failed: true, msg });

export const addHost: ModuleDef = {
  async run(given) {
    const raw = given._raw_params ?? {};
    if (!isMapping(raw)) return failed(`Invalid raw parameters passed, requires a dictonary/mapping got a  ${typeof raw === 'string' ? "<class 'str'>" : typeof raw}`);
    const args: Record<string, unknown> = { ...raw, ...Object.fromEntries(Object.entries(given).filter(([key]) => key !== '_raw_params')) };
    const given_name = args.name ?? args.hostname ?? args.host;
    if (given_name === undefined || given_name === null) return failed('name, host or hostname needs to be provided');
    let name = String(given_name);
    const address = parseAddress(name);
    if (address) {
      name = address.host;
      if (address.port) args.ansible_ssh_port = address.port;
    }
    const groups = args.groupname ?? args.groups ?? args.group ?? '';
    let list: unknown[];
    if (Array.isArray(groups)) list = groups;
    else if (typeof groups === 'string') list = groups ? groups.split(',') : [];
    else return failed('Groups must be specified as a list.');
    const newGroups: string[] = [];
    for (const group of list) if (!newGroups.includes(String(group))) newGroups.push(String(group).trim());
    const special = new Set(['name', 'hostname', 'groupname', 'groups']);
    const hostVars = Object.fromEntries(Object.entries(args).filter(([key]) => !special.has(key)));
    return { changed: false, add_host: { host_name: name, groups: newGroups, host_vars: hostVars } };
  },
};

export const groupBy: ModuleDef = {
  async run(args) {
    if (!('key' in args)) return { failed: true, msg: "the 'key' param is required when using group_by" };
    const unknown = Object.keys(args).filter((key) => key !== 'key' && key !== 'parents');
    if (unknown.length) return { failed: true, msg: `Invalid options for group_by: ${unknown.sort().join(', ')}` };
    const parents = args.parents === undefined ? ['all'] : Array.isArray(args.parents) ? args.parents : [args.parents];
    return { changed: false, add_group: String(args.key).replace(/ /g, '-'), parent_groups: parents.map((p) => String(p).replace(/ /g, '-')) };
  },
};
