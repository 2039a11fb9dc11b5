/** `deployer inventory`: the inventory as Ansible sees it (the `ansible-inventory` views, plus `--list-hosts`). */
import fs from 'node:fs';
import { Command } from 'commander';
import { DeployerError, OptionsError } from '../../errors.js';
import { toYaml } from '../../formats/yaml.js';
import { withoutInternal } from '../../inventory/resolver.js';
import { inventoryGraph, inventoryList, inventoryYaml } from '../../inventory/views.js';
import { collect, loadContext, processEnvironment } from '../context.js';
import { printWarnings, toAnsibleJson } from '../display.js';
import { addSettingsOptions } from '../settings-options.js';
import type { SettingsOptions } from '../../settings/locate.js';

export interface InventoryCommandOptions extends SettingsOptions {
  inventory?: string[];
  limit?: string;
  list?: boolean;
  export?: boolean;
  yaml?: boolean;
  graph?: boolean;
  vars?: boolean;
  host?: string;
  listHosts?: boolean;
  output?: string;
}

export function inventoryCommand(): Command {
  return addSettingsOptions(new Command('inventory'))
    .description('show the inventory exactly as Ansible sees it (same output as ansible-inventory)')
    .argument('[pattern]', 'group to start the graph at, or host pattern for --list-hosts', undefined)
    .option('-i, --inventory <source>', 'inventory file, folder or host list (repeatable)', collect)
    .option('--list', 'all groups and hosts as JSON (like ansible-inventory --list)')
    .option('--export', 'with --list: keep group vars on groups instead of flattening them into hosts')
    .option('-y, --yaml', 'with --list: YAML instead of JSON')
    .option('--graph', 'the group tree, from "all" or from the group given as pattern')
    .option('--vars', 'with --graph: show variables')
    .option('--host <host>', "one host's variables as JSON")
    .option('--list-hosts', 'the hosts a pattern selects, in the order a run would use them')
    .option('-l, --limit <subset>', 'further limit --list-hosts to a pattern (or @file of host names)')
    .option('--output <file>', 'write the result to a file instead of standard output')
    .addHelpText(
      'after',
      '\nExamples:\n  deployer inventory --list                      (the inventory generated from deployment.yml)\n  deployer inventory -i hosts --graph kafka_servers\n  deployer inventory -i hosts --list-hosts "kafka_servers:!kafka1" -l @retry.txt',
    )
    .action(async (pattern: string | undefined, options: InventoryCommandOptions) => {
      const { output, warnings } = await renderInventory(pattern, options);
      printWarnings(warnings);
      if (options.output) fs.writeFileSync(options.output, `${output}\n`);
      else process.stdout.write(`${output}\n`);
    });
}

/** The text `deployer inventory` prints for these arguments, and the warnings that go with it. */
export async function renderInventory(
  pattern: string | undefined,
  options: InventoryCommandOptions,
  environment = processEnvironment(),
): Promise<{ output: string; warnings: string[] }> {
  const actions = [options.list, options.graph, options.host !== undefined, options.listHosts].filter(Boolean).length;
  if (actions === 0) throw new OptionsError('No action selected, at least one of --host, --graph, --list or --list-hosts needs to be specified.');
  if (actions > 1) throw new OptionsError('Conflicting options used, only one of --host, --graph, --list or --list-hosts can be used at the same time.');
  const { inventory, resolver, selector } = await loadContext(options, environment);
  let output: string;
  if (options.host !== undefined) {
    const hosts = selector.select(options.host);
    if (hosts.length !== 1) throw new OptionsError('You must pass a single valid host to --host parameter');
    output = toAnsibleJson(withoutInternal(resolver.hostVars(hosts[0])));
  } else if (options.graph) {
    const start = inventory.groups.get(pattern ?? 'all');
    if (!start) throw new OptionsError('Pattern must be valid group name when using --graph');
    output = inventoryGraph(inventory, resolver, start, Boolean(options.vars)).join('\n');
  } else if (options.listHosts) {
    const hosts = selector.select(pattern ?? 'all', options.limit);
    if (hosts.length === 0 && options.limit !== undefined) {
      throw new DeployerError('Specified inventory, host pattern and/or --limit leaves us with no hosts to target.');
    }
    if (hosts.length === 0) inventory.warn('No hosts matched, nothing to do');
    output = [`  hosts (${hosts.length}):`, ...hosts.map((h) => `    ${h.name}`)].join('\n');
  } else if (options.yaml) {
    output = toYaml(inventoryYaml(inventory, resolver, options)).trimEnd();
  } else {
    output = toAnsibleJson(inventoryList(inventory, resolver, options));
  }
  return { output, warnings: [...resolver.files.warnings, ...inventory.warnings] };
}
