/**
 * What a module name in a task means, decided when the playbook loads: one of deployer's own
 * modules, or a module that ansible-core finds (ansible.builtin, a collection of collections_path
 * or of the playbook's collections/ folder, short names through the `collections:` keyword) and
 * that the bridge runs through Ansible's own code. A module that needs its action plugin on the
 * controller, or an action without a module, loads as with Ansible and fails when it runs
 * (./actions.ts); a name that needs ansible-core where there is none is an error saying so; a
 * name neither knows is unknown (the loader says so, as Ansible does).
 */
import { resolveModuleName } from '../modules/registry.js';
import { bridge } from './bridge.js';
import { ANSIBLE_BUILTIN_MODULES } from './builtin-modules.js';
import { noteControllerAction } from './actions.js';

export type ModuleName = { module: string; bridged?: boolean } | { error: string };

const FQCN = /^[A-Za-z_]\w*\.[A-Za-z_]\w*\.[A-Za-z_][\w.]*$/;

/** The collection list Ansible searches for short names: the default collection first, and ansible.legacy last when the list names neither builtin nor legacy. */
export function collectionList(listed: string[], defaultCollection?: string): string[] {
  const list = [...listed];
  if (defaultCollection && !list.includes(defaultCollection)) list.unshift(defaultCollection);
  if (list.length && !list.includes('ansible.builtin') && !list.includes('ansible.legacy')) list.push('ansible.legacy');
  return list;
}

/** The module a task names, or why it cannot run; undefined for a name nobody knows. */
export function resolveTaskModule(name: string, collections: string[] = []): ModuleName | undefined {
  const native = resolveModuleName(name);
  if (native) return { module: native };
  const shared = bridge();
  const availability = shared.available();
  if (!availability.ok) {
    const short = name.replace(/^ansible\.(builtin|legacy)\./, '');
    const searched = collections.filter((c) => c !== 'ansible.builtin' && c !== 'ansible.legacy');
    if (!FQCN.test(name) && !ANSIBLE_BUILTIN_MODULES.has(short)) {
      if (!searched.length) return undefined;
      return { error: `module '${name}' is not one of deployer's own: it would be looked for in ${searched.join(', ')} through ansible-core, but ${availability.reason}` };
    }
    if (ANSIBLE_BUILTIN_MODULES.has(short)) return { error: `module '${name}' is not one of deployer's own: it runs through ansible-core's own code, but ${availability.reason}` };
    const collection = name.split('.').slice(0, 2).join('.');
    return { error: `module '${name}' is not one of deployer's own: it runs through ansible-core's own code and the collection ${collection}, but ${availability.reason}` };
  }
  const resolved = shared.resolveModule(name, collections);
  if (!resolved?.found || !resolved.fqcn) return undefined;
  // a module of a library/ folder is ansible.legacy's
  const found = { ...resolved, fqcn: resolved.fqcn.includes('.') ? resolved.fqcn : `ansible.legacy.${resolved.fqcn}` };
  // a redirect to one of deployer's own (ansible.legacy.systemd_service, ...)
  const nativeTarget = resolveModuleName(found.fqcn);
  if (nativeTarget) return { module: nativeTarget };
  // an action plugin that runs on the controller: the task fails when it runs (./actions.ts), unless the plugin only passes through
  if (!found.module || found.action !== 'ansible.legacy.normal') noteControllerAction(found.fqcn, found.action ?? found.fqcn, Boolean(found.module));
  return { module: found.fqcn, bridged: true };
}

/** Whether a name is a module or action at all (native or Ansible's), even one deployer cannot run: what tells a module key from a bad task attribute. */
export function isModuleName(name: string, collections: string[] = []): boolean {
  return resolveTaskModule(name, collections) !== undefined;
}

/** What an unknown name's error adds when ansible-core could not be asked: the module may be one of Ansible's, and what to install. */
export function unknownModuleHint(): string {
  const availability = bridge().available();
  return availability.ok ? '' : ` (modules deployer lacks are looked for in ansible-core, but ${availability.reason})`;
}
