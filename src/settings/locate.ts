/**
 * Where the deployment settings are: `--settings FILE`, else `$DEPLOYER_SETTINGS`, else
 * `deployment.yml` (or `.yaml`, `.json`) in the configuration folder (`--conf-dir`,
 * `$DEPLOYER_CONF_DIR`, else the current folder). Cheap on purpose: every command asks, and only
 * those that find settings load the validator.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DeployerError } from '../errors.js';

export interface SettingsOptions {
  settings?: string;
  confDir?: string;
}

export interface SettingsLocation {
  /** The settings file, or undefined when none is named and the configuration folder has none. */
  file?: string;
  confDir: string;
}

export const SETTINGS_NAMES = ['deployment.yml', 'deployment.yaml', 'deployment.json'];

export function locateSettings(options: SettingsOptions, env: NodeJS.ProcessEnv, cwd: string): SettingsLocation {
  const named = options.settings ?? (env.DEPLOYER_SETTINGS || undefined);
  const confDirOption = options.confDir ?? (env.DEPLOYER_CONF_DIR || undefined);
  if (named) {
    const file = path.resolve(cwd, named);
    if (!fs.existsSync(file)) throw new DeployerError(`Settings file not found: ${named}${options.settings ? '' : ' (from DEPLOYER_SETTINGS)'}`);
    // a settings file named on its own brings its folder as the configuration folder
    return { file, confDir: path.resolve(cwd, confDirOption ?? path.dirname(file)) };
  }
  const confDir = path.resolve(cwd, confDirOption ?? '.');
  if (confDirOption && !fs.existsSync(confDir)) throw new DeployerError(`Configuration folder not found: ${confDirOption}`);
  const file = SETTINGS_NAMES.map((name) => path.join(confDir, name)).find((candidate) => fs.existsSync(candidate));
  return { file, confDir };
}

/** The name a message uses for a file: relative to the current folder when it is below it. */
export function displayName(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative && !relative.startsWith('..') ? relative : file;
}
