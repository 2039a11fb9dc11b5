/**
 * The inventory generated from settings, read by real Ansible: `ansible-inventory --list` and
 * `--host` must agree with deployer's own reading, and every variable of the settings must come
 * back from Ansible with the value and type it has in the settings file.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderInventory } from '../../src/cli/commands/inventory.js';
import { platformVars } from '../../src/settings/model.js';
import { inventoryText } from '../../src/settings/inventory-file.js';
import { parseSettings } from '../../src/settings/load.js';
import { runOracle } from './oracle.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../..');
const files = [
  ...['one-cluster.yml', 'many-clusters.yml', 'shared-hosts.yml', 'quoting.yml'].map((f) => path.join(repo, 'test/fixtures/settings', f)),
  path.join(repo, 'examples/platform/deployment.yml'),
];

/** JSON as both tools print it, read back (Ansible's 2.0 and deployer's 2.0 both become 2). */
const json = (text: string) => JSON.parse(text) as Record<string, unknown>;

describe.each(files.map((f) => [path.relative(repo, f), f]))('%s', (_name, file) => {
  const loaded = parseSettings(fs.readFileSync(file), { file, confDir: path.dirname(file), name: path.basename(file) });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deployer-gen-'));
  const inventory = path.join(dir, 'current-deployment.inv');
  fs.writeFileSync(inventory, inventoryText(loaded.settings, loaded.hosts));
  const hosts = [...loaded.settings.hosts.keys()];
  const calls = [['--list'], ['--graph'], ...hosts.map((h) => ['--host', h])];
  const ansible = runOracle(calls.map((args) => ({ cwd: dir, argv: ['ansible-inventory', '-i', inventory, ...args] })));

  it('loads in ansible-inventory without a warning or an error', () => {
    for (const answer of ansible) {
      expect(answer.stderr).toBe('');
      expect(answer.rc).toBe(0);
    }
  });

  it('deployer inventory --list equals ansible-inventory --list', async () => {
    const ours = await renderInventory(undefined, { inventory: [inventory], list: true }, { env: {}, cwd: dir });
    expect(ours.warnings).toEqual([]);
    expect(json(ours.output)).toEqual(json(ansible[0].stdout));
  });

  it('deployer inventory --graph equals ansible-inventory --graph', async () => {
    expect(`${(await renderInventory(undefined, { inventory: [inventory], graph: true }, { env: {}, cwd: dir })).output}\n`).toBe(ansible[1].stdout);
  });

  it('every host has, in Ansible, exactly the variables the settings give it', () => {
    const settings = loaded.settings;
    hosts.forEach((host, index) => {
      const vars = json(ansible[2 + index].stdout);
      const expected: Record<string, unknown> = { ...platformVars(settings.platform), ...settings.vars };
      for (const rendered of loaded.hosts.filter((r) => r.host === host)) {
        const component = settings.components.find((c) => c.name === rendered.component)!;
        const cluster = component.clusters.find((c) => c.name === rendered.cluster)!;
        Object.assign(expected, component.vars, cluster.vars, {
          [`${component.name}_version`]: rendered.version,
          [`${component.name}_package`]: rendered.package,
          [`${component.name}_install_dir`]: rendered.installDir,
          [`${component.name}_cluster`]: cluster.name,
          [`${component.name}_archive`]: rendered.archive,
          [`${component.name}_restart`]: rendered.restart,
          [`${component.name}_patchable`]: rendered.patchable,
          [`${component.name}_patch_dir`]: rendered.patchDir,
        });
        if (Object.keys(rendered.config).length) expected[`${component.name}_config`] = rendered.config;
        if (rendered.service) {
          expected[`${component.name}_unit`] = rendered.service.unit;
          expected[`${component.name}_exec_start`] = rendered.service.execStart;
          expected[`${component.name}_startup_timeout`] = rendered.service.startupTimeout;
          expected[`${component.name}_min_healthy_time`] = rendered.service.minHealthyTime;
          if (rendered.service.health) expected[`${component.name}_health`] = rendered.service.health;
        }
      }
      Object.assign(expected, settings.hosts.get(host));
      expect(vars).toEqual(JSON.parse(JSON.stringify(expected)));
    });
  });
});
