/** `--settings` and `--conf-dir`: where the deployment settings and deployer's folders are. */
import type { Command } from 'commander';

export function addSettingsOptions(command: Command): Command {
  return command
    .option('--settings <file>', 'deployment settings file (default $DEPLOYER_SETTINGS, else deployment.yml in the configuration folder)')
    .option('--conf-dir <dir>', 'configuration folder: settings, generated_inventory/, archives/, patches/ (default $DEPLOYER_CONF_DIR, else the current folder)');
}
