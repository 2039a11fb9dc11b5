/** What every command starts from: ansible.cfg settings and the inventory the options name. */
import { loadAnsibleConfig, type AnsibleConfig } from '../config/ansible-cfg.js';
import { LOCALHOST_NAMES, type InventoryData } from '../inventory/model.js';
import { HostSelector } from '../inventory/patterns.js';
import { VarsResolver } from '../inventory/resolver.js';
import { DEFAULT_INVENTORY, loadInventory } from '../inventory/sources.js';
import { setHashBehaviour } from '../inventory/vars.js';
import { OptionsError } from '../errors.js';
import { displayName, locateSettings, type SettingsOptions } from '../settings/locate.js';

export interface InventoryOptions extends SettingsOptions {
  inventory?: string[];
  limit?: string;
}

/** Where a command runs: its environment and working folder (tests pass their own). */
export interface Environment {
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export const processEnvironment = (): Environment => ({ env: process.env, cwd: process.cwd() });

export interface LoadedContext {
  config: AnsibleConfig;
  inventory: InventoryData;
  resolver: VarsResolver;
  selector: HostSelector;
}

export async function loadContext(options: InventoryOptions, environment = processEnvironment()): Promise<LoadedContext> {
  const config = loadAnsibleConfig(environment.env, environment.cwd);
  const behaviour = config.hashBehaviour ?? 'replace';
  if (behaviour !== 'replace' && behaviour !== 'merge') {
    throw new OptionsError(`Invalid hash_behaviour '${behaviour}': expected replace or merge`);
  }
  setHashBehaviour(behaviour);
  const notices: string[] = [];
  const sources = options.inventory?.length ? options.inventory : (config.inventory ?? (await settingsInventory(options, environment, notices)) ?? [DEFAULT_INVENTORY]);
  const inventory = loadInventory(sources, { cwd: environment.cwd });
  for (const notice of notices) inventory.warn(notice);
  const resolver = new VarsResolver(inventory);
  const mismatch = config.hostPatternMismatch ?? 'warning';
  if (!['warning', 'error', 'ignore'].includes(mismatch)) {
    throw new OptionsError(`Invalid host_pattern_mismatch '${mismatch}': expected warning, error or ignore`);
  }
  const selector = new HostSelector(inventory, { onMismatch: mismatch as 'warning' | 'error' | 'ignore', cwd: environment.cwd });
  return { config, inventory, resolver, selector };
}

/**
 * As Ansible's CLI: an inventory without hosts leaves only the implicit localhost, which `all`
 * does not match; said unless the pattern is localhost itself or localhost_warning is off.
 */
export function warnIfNoHosts({ inventory, config }: LoadedContext, pattern = 'all'): void {
  if (inventory.hosts.size > 0 || config.localhostWarning === false || LOCALHOST_NAMES.includes(pattern)) return;
  inventory.warn("provided hosts list is empty, only localhost is available. Note that the implicit localhost does not match 'all'");
}

/**
 * With no -i, ANSIBLE_INVENTORY or ansible.cfg inventory, deployment settings (if found) give the
 * inventory: the generated one, regenerated first when the settings changed since it was written.
 */
async function settingsInventory(options: SettingsOptions, environment: Environment, notices: string[]): Promise<string[] | undefined> {
  const location = locateSettings(options, environment.env, environment.cwd);
  if (!location.file) return undefined;
  // the validator and generator load only when there are settings to read
  const { currentInventory } = await import('../settings/generate.js');
  const generated = currentInventory({ ...location, file: location.file }, environment.cwd);
  if (generated.stale) {
    notices.push(`${displayName(generated.file, environment.cwd)} was regenerated: ${displayName(location.file, environment.cwd)} changed since it was written`);
  }
  return [generated.file];
}

/** Collects a repeated option (`-i a -i b`, also `-i a,b` is one host list as in Ansible). */
export function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}
