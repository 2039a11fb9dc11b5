/** `deployer validate`, `deployer generate-inventory` (`-gi`) and `deployer graph`: the deployment settings and what they give. */
import { Command } from 'commander';
import type { SettingsOptions } from '../../settings/locate.js';
import { addSettingsOptions } from '../settings-options.js';

export function validateCommand(): Command {
  return addSettingsOptions(new Command('validate'))
    .description('check the deployment settings (shape, references, dependency cycles, templates) and change nothing')
    .action(async (options: SettingsOptions) => {
      const { runValidate } = await import('./settings-run.js');
      runValidate(options);
    });
}

export function generateInventoryCommand(): Command {
  return addSettingsOptions(new Command('generate-inventory'))
    .description('write generated_inventory/current-deployment.inv (Ansible INI) from the deployment settings; also -gi, --generate-inventory')
    .action(async (options: SettingsOptions) => {
      const { runGenerateInventory } = await import('./settings-run.js');
      runGenerateInventory(options);
    });
}

export function graphCommand(): Command {
  return addSettingsOptions(new Command('graph'))
    .description('the deploy order of the components, as layers (a layer may go in parallel); --dot for Graphviz')
    .option('--dot', 'Graphviz DOT instead of text (render with: dot -Tsvg)')
    .action(async (options: SettingsOptions & { dot?: boolean }) => {
      const { runGraph } = await import('./settings-run.js');
      runGraph(options);
    });
}
