/**
 * The run's one bridge to ansible-core: the helper process is started on first need (a module,
 * filter, test or lookup deployer does not have) and ends with the run. Answers about names are
 * kept, so each is asked once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HelperClient, HelperError, type CallHandler } from './client.js';
import { ansiblePython, INSTALL_HINT } from './python.js';

/** What Ansible says a module name means. */
export interface ModuleResolution {
  found: boolean;
  /** The fully qualified name it resolves to (after the collections' redirects). */
  fqcn?: string;
  /** Whether there is a module (not only an action plugin) of that name. */
  module?: boolean;
  path?: string | null;
  /** The action plugin that would run it: `ansible.legacy.normal` for a plain module. */
  action?: string;
}

export type Availability = { ok: true; version: string; python: string } | { ok: false; reason: string };

/** The folders of a role that add_all_plugin_dirs adds (library/ for modules). */
const PLUGIN_FOLDERS = ['library', 'module_utils', 'action_plugins', 'filter_plugins', 'lookup_plugins', 'test_plugins', 'callback_plugins', 'connection_plugins', 'vars_plugins'];

const HELPER = fileURLToPath(new URL('./helper.py', import.meta.url));

class Bridge {
  private client: HelperClient | undefined;
  private availability: Availability | undefined;
  private readonly modules = new Map<string, ModuleResolution>();
  private readonly plugins = new Map<string, boolean>();
  private readonly configured = new Set<string>();

  /** Whether ansible-core can be used, starting the helper the first time. */
  available(): Availability {
    if (this.availability) return this.availability;
    const found = ansiblePython();
    if ('missing' in found) return (this.availability = { ok: false, reason: `${found.missing}: ${INSTALL_HINT}` });
    const env = { ...process.env, ANSIBLE_NOCOLOR: process.env.ANSIBLE_NOCOLOR ?? '1', PYTHONDONTWRITEBYTECODE: '1' };
    const client = new HelperClient(found.python, HELPER, env, process.cwd());
    try {
      const hello = client.requestSync('hello', {}) as { version: string; python: string };
      this.client = client;
      this.availability = { ok: true, ...hello };
    } catch (error) {
      client.close();
      const reason = error instanceof HelperError && /No module named 'ansible'/.test(error.message) ? `${found.python} has no ansible-core` : (error as Error).message;
      this.availability = { ok: false, reason: `${reason}: ${INSTALL_HINT}` };
    }
    return this.availability;
  }

  /** ansible-core's version and Python when the helper was started (undefined when no name needed it). */
  peek(): { version: string; python: string } | undefined {
    return this.availability?.ok ? this.availability : undefined;
  }

  private helper(): HelperClient {
    const state = this.available();
    if (!state.ok || !this.client) throw new HelperError(state.ok ? 'the Ansible helper is not running' : state.reason, 'bridge');
    return this.client;
  }

  /** A playbook's folder: its collections/ and plugin folders, as ansible-playbook adds them. */
  addPlaybookDir(dir: string): void {
    this.configured.add(dir);
  }

  /** What Ansible resolves a module name to, with this collection list (undefined: ansible-core is not there). */
  resolveModule(name: string, collections: string[]): ModuleResolution | undefined {
    if (!this.available().ok) return undefined;
    this.sendDirs();
    const key = `${collections.join(',')}\0${name}`;
    const known = this.modules.get(key);
    if (known) return known;
    const answer = this.helper().requestSync('resolve', { names: [name], collections }) as Record<string, ModuleResolution>;
    this.modules.set(key, answer[name]);
    return answer[name];
  }

  /** A legacy role's folder: its library/, module_utils/ and *_plugins/ folders, as Ansible adds them when it loads the role. */
  addPluginDirs(roleDir: string): void {
    if (PLUGIN_FOLDERS.some((folder) => fs.existsSync(path.join(roleDir, folder)))) this.pluginDirs.add(roleDir);
  }

  private readonly pluginDirs = new Set<string>();
  private sent = '';
  private sendDirs(): void {
    const key = `${this.configured.size}/${this.pluginDirs.size}`;
    if (this.sent === key) return;
    this.sent = key;
    this.helper().requestSync('configure', { playbook_dirs: [...this.configured], plugin_dirs: [...this.pluginDirs] });
    // a module of a role's library/ (or a filter of its filter_plugins/) may answer a name asked before
    this.modules.clear();
    for (const [key, found] of this.plugins) if (!found) this.plugins.delete(key);
  }

  /** Whether Ansible has a filter, test or lookup of this name (false without ansible-core). */
  hasPlugin(kind: 'filter' | 'test' | 'lookup', name: string): boolean {
    const key = `${kind}\0${name}`;
    const known = this.plugins.get(key);
    if (known !== undefined) return known;
    const found = this.available().ok && (this.sendDirs(), this.helper().requestSync('exists', { kind, name }) === true);
    this.plugins.set(key, found);
    return found;
  }

  call(op: 'filter' | 'lookup', body: Record<string, unknown>): unknown {
    return this.helper().requestSync(op, body);
  }

  runModule(body: Record<string, unknown>, onCall: CallHandler): Promise<unknown> {
    this.sendDirs();
    return this.helper().request('module', body, onCall);
  }

  close(): void {
    this.client?.close();
    this.client = undefined;
  }
}

let current: Bridge | undefined;

/** The run's bridge. */
export function bridge(): Bridge {
  current ??= new Bridge();
  return current;
}
