/**
 * ansible.builtin.config: the value of Ansible settings, from the environment, then the
 * ansible.cfg Ansible would read, then the default; `on_missing` says what an unknown one does.
 * Plugin settings (`plugin_type`/`plugin_name`) are not known to deployer.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ini from 'ini';
import { ansibleBoolean, findConfigFile } from '../../config/ansible-cfg.js';
import { SETTINGS, type SettingDefinition } from './config-settings.js';
import { badOptions, LookupError, lookupFailed, withCause, type Lookup } from './types.js';

const expandUser = (p: string) => p.replace(/^~(?=$|\/)/, os.homedir());

function convert(raw: unknown, definition: SettingDefinition, base: string): unknown {
  if (raw === null) return null;
  const text = String(raw);
  switch (definition.kind) {
    case 'integer':
      if (!/^\s*[+-]?\d+\s*$/.test(text)) throw new LookupError(`Invalid type for configuration option: ${text}`);
      return Number(text);
    case 'float':
      return Number(text);
    case 'boolean':
      return typeof raw === 'boolean' ? raw : ansibleBoolean(text);
    case 'path':
      return path.resolve(base, expandUser(text));
    case 'pathlist':
      return text.split(',').map((p) => path.resolve(base, expandUser(p.trim())));
    case 'pathspec':
      return text.split(':').map((p) => path.resolve(base, expandUser(p.trim())));
    default:
      return text;
  }
}

/** The settings file last read (Ansible reads it once per run). */
let configFile: { file?: string; data: Record<string, Record<string, string>> } | undefined;

function fromConfigFile(definition: SettingDefinition): { value: string; base: string } | undefined {
  const file = findConfigFile();
  if (!configFile || configFile.file !== file) configFile = { file, data: file ? ini.parse(fs.readFileSync(file, 'utf8')) : {} };
  for (const [section, key] of definition.ini) {
    const value = configFile.data[section]?.[key];
    // Ansible's parser takes `;` after white space as an inline comment
    if (typeof value === 'string') return { value: value.replace(/\s+;.*$/, '').trim(), base: path.dirname(configFile.file!) };
  }
  return undefined;
}

function settingValue(name: string): unknown {
  const definition = SETTINGS[name];
  const fromEnv = definition.env.map((e) => process.env[e]).find((v) => v !== undefined);
  if (fromEnv !== undefined) return convert(fromEnv, definition, process.cwd());
  const fromFile = fromConfigFile(definition);
  if (fromFile) return convert(fromFile.value, definition, fromFile.base);
  return convert(definition.default, definition, process.cwd());
}

export const config: Lookup = {
  run(terms, options, context) {
    const missing = options.on_missing ?? 'error';
    if (options.plugin_type !== undefined || options.plugin_name !== undefined) {
      if (!(options.plugin_type && options.plugin_name)) throw badOptions('Both plugin_type and plugin_name are required, cannot use one without the other');
      throw new LookupError('the config lookup of plugin settings (plugin_type, plugin_name) is not supported by deployer');
    }
    if (typeof missing !== 'string' || !['error', 'warn', 'skip'].includes(missing)) throw badOptions(`Invalid value "${String(missing)}" for configuration option "plugin_type: lookup plugin: config setting: on_missing ", valid values are: error, skip, warn`);
    const values: unknown[] = [];
    for (const term of terms) {
      if (typeof term !== 'string') throw badOptions(`Invalid setting identifier, "${String(term)}" is not a string, its a <class '${typeof term}'>`);
      if (Object.prototype.hasOwnProperty.call(SETTINGS, term)) {
        values.push(settingValue(term));
        continue;
      }
      const reason = `module 'ansible.constants' has no attribute '${term}'`;
      if (missing === 'error') throw lookupFailed(withCause(`Unable to find setting ${term}`, withCause(reason, reason)));
      if (missing === 'warn') context.warn(`Skipping, did not find setting ${term}`);
    }
    return values;
  },
};
