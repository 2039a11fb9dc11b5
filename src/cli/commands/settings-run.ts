/** What the settings commands do, loaded only when one of them runs (the validator is not small). */
import { DeployerError } from '../../errors.js';
import { generateInventory } from '../../settings/generate.js';
import { deployLayers, describeComponent, toDot } from '../../settings/graph.js';
import { loadSettings, type LoadedSettings } from '../../settings/load.js';
import { displayName, locateSettings, type SettingsOptions } from '../../settings/locate.js';
import { processEnvironment, type Environment } from '../context.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The settings a command needs, validated; an error when there are none to be found. */
export function requireSettings(options: SettingsOptions, environment: Environment): LoadedSettings {
  const location = locateSettings(options, environment.env, environment.cwd);
  if (!location.file) {
    throw new DeployerError(`No deployment settings: no deployment.yml in ${location.confDir} (use --settings FILE, DEPLOYER_SETTINGS or --conf-dir DIR)`);
  }
  return loadSettings({ ...location, file: location.file }, environment.cwd);
}

export function runValidate(options: SettingsOptions, environment = processEnvironment()): void {
  const { settings } = requireSettings(options, environment);
  const clusters = settings.components.reduce((n, c) => n + c.clusters.length, 0);
  process.stdout.write(
    `${displayName(settings.file, environment.cwd)}: valid (${plural(settings.components.length, 'component')}, ${plural(clusters, 'cluster')}, ${plural(settings.hosts.size, 'host')})\n`,
  );
}

export function runGenerateInventory(options: SettingsOptions, environment = processEnvironment()): void {
  const loaded = requireSettings(options, environment);
  const { file, written } = generateInventory(loaded);
  const from = displayName(loaded.settings.file, environment.cwd);
  process.stdout.write(`${displayName(file, environment.cwd)} ${written ? 'written' : 'unchanged'} (from ${from}, ${plural(loaded.settings.hosts.size, 'host')})\n`);
}

export function runGraph(options: SettingsOptions & { dot?: boolean }, environment = processEnvironment()): void {
  const { settings, hosts, graph } = requireSettings(options, environment);
  // the version shown is the rendered one (templates may build it from variables)
  const versions = new Map(hosts.map((h) => [h.component, h.version]));
  if (options.dot) {
    process.stdout.write(toDot(settings.platform.name, settings.components, versions));
    return;
  }
  const byName = new Map(settings.components.map((c) => [c.name, c]));
  const lines = [`deploy order of ${settings.platform.name} (components on one line may go in parallel):`];
  deployLayers(graph).forEach((layer, index) => {
    lines.push(`  ${index + 1}. ${layer.map((name) => describeComponent(byName.get(name)!, versions.get(name))).join(', ')}`);
  });
  for (const c of settings.components) {
    if (c.dependsOn.length) lines.push(`  ${c.name} depends on ${c.dependsOn.join(', ')}`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}
