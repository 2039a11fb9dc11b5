/**
 * Loading inventory sources the way `ansible -i` does: a comma-separated host list, a file
 * (YAML by extension or content, otherwise INI), or a folder whose files are read in name order
 * (skipping what Ansible skips: dot files, `group_vars`, `host_vars`, `*.ini`, `*.retry`, ...).
 * Several sources are merged in order into one inventory.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DeployerError, ParseError } from '../errors.js';
import { readFolder, readUserFile, statPath } from '../formats/read-file.js';
import { parseAddress } from './addresses.js';
import { parseIni } from './ini-source.js';
import { InventoryData } from './model.js';
import type { LoadedYaml } from '../formats/yaml.js';
import { addYamlInventory, readYamlInventory } from './yaml-source.js';

const IGNORED_IN_FOLDERS = new RegExp(
  [
    String.raw`^\.`,
    '^host_vars$',
    '^group_vars$',
    '^vars_plugins$',
    ...['.pyc', '.pyo', '.swp', '.bak', '~', '.rpm', '.md', '.txt', '.rst', '.orig', '.ini', '.cfg', '.retry'].map(
      (ext) => `${ext.replace(/[.~]/g, (c) => `\\${c}`)}$`,
    ),
  ].join('|'),
);
const YAML_EXTENSIONS = ['.yml', '.yaml', '.json'];

export const DEFAULT_INVENTORY = '/etc/ansible/hosts';
/** An empty inventory on purpose (`ANSIBLE_INVENTORY=/dev/null`, as ansible-test runs): Ansible's INI plugin reads it as no hosts. */
const EMPTY_SOURCE = '/dev/null';

/** `~`, `$VAR` and relative paths resolved as Ansible's unfrackpath does (without following links). */
export function resolveSourcePath(source: string, cwd = process.cwd()): string {
  let expanded = source.replace(/^~(?=$|\/)/, os.homedir());
  expanded = expanded.replace(/\$(\w+)|\$\{(\w+)\}/g, (match, a, b) => process.env[a ?? b] ?? match);
  return path.resolve(cwd, expanded);
}

export function isHostList(source: string): boolean {
  return source.includes(',') && !fs.existsSync(source);
}

export function loadInventory(sources: string[], options: { cwd?: string } = {}): InventoryData {
  const inventory = new InventoryData();
  let parsedAny = false;
  for (const raw of sources) {
    if (!raw) continue;
    const source = isHostList(raw) ? raw : resolveSourcePath(raw, options.cwd);
    inventory.sources.push(source);
    if (isHostList(source) || source === EMPTY_SOURCE) {
      if (source !== EMPTY_SOURCE) parseHostList(inventory, source);
      parsedAny = true;
    } else if (fs.existsSync(source)) {
      parsedAny = parseSourcePath(inventory, source) || parsedAny;
    } else if (source !== DEFAULT_INVENTORY) {
      // as Ansible: a source that is not there is a warning, the run goes on without it
      inventory.warn(`Unable to parse ${source} as an inventory source`);
    }
  }
  if (parsedAny) inventory.reconcile();
  else inventory.warn('No inventory was parsed, only implicit localhost is available');
  return inventory;
}

function parseHostList(inventory: InventoryData, list: string): void {
  for (const entry of list.split(',')) {
    const item = entry.trim();
    if (!item) continue;
    const parsed = item.includes('[') ? null : parseAddress(item);
    const name = parsed?.host ?? item;
    if (!inventory.hosts.has(name)) inventory.addHost(name, 'ungrouped', parsed?.port);
  }
}

function parseSourcePath(inventory: InventoryData, source: string): boolean {
  const stat = statPath(source, 'Inventory source');
  if (stat.isDirectory()) {
    let parsed = false;
    for (const entry of readFolder(source, 'Inventory folder')) {
      if (IGNORED_IN_FOLDERS.test(entry)) continue;
      parsed = parseSourcePath(inventory, path.join(source, entry)) || parsed;
    }
    return parsed;
  }
  inventory.currentSource = source;
  try {
    parseFile(inventory, source);
  } finally {
    inventory.currentSource = undefined;
  }
  return true;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** The file's text; bytes that are not UTF-8 are an error, except on comment lines (as in Ansible). */
function readText(file: string): string {
  const bytes = readUserFile(file, 'Inventory source');
  try {
    return strictUtf8.decode(bytes);
  } catch {
    const lines = bytes.toString('latin1').split('\n');
    return lines
      .map((line, index) => {
        if (line.startsWith('#') || line.startsWith(';')) return '';
        try {
          return strictUtf8.decode(Buffer.from(line, 'latin1'));
        } catch {
          throw new ParseError({ file, line: index + 1 }, 'invalid UTF-8 text (inventory files must be UTF-8)');
        }
      })
      .join('\n');
  }
}

/**
 * Ansible tries the YAML plugin first for YAML-like names (and names without extension), then INI.
 * When neither reads the file, the error shown is the one of the format the file looks like.
 */
function parseFile(inventory: InventoryData, file: string): void {
  const text = readText(file);
  const extension = path.extname(file);
  if (extension === '.toml') throw new DeployerError(`${file}: TOML inventories are not supported; use INI or YAML`);
  if (extension !== '' && !YAML_EXTENSIONS.includes(extension)) {
    parseIni(inventory, file, text);
    return;
  }
  if (startsWithIniSection(text)) {
    // What Ansible's YAML attempt would end in (a YAML error or a non-mapping), without parsing.
    parseIni(inventory, file, text);
    return;
  }
  let loaded: LoadedYaml;
  try {
    loaded = readYamlInventory(file, text);
  } catch (yamlError) {
    if (!(yamlError instanceof ParseError)) throw yamlError;
    try {
      parseIni(inventory, file, text);
      return;
    } catch (iniError) {
      throw extension !== '' || looksLikeYaml(text) ? yamlError : iniError;
    }
  }
  addYamlInventory(inventory, file, loaded);
}

function firstMeaningfulLine(text: string): string | undefined {
  return text.split(/\r?\n/, 200).find((line) => line.trim() && !/^\s*[#;]/.test(line));
}

/** Does the file open with an INI `[section]` line, which no YAML inventory can start with? */
function startsWithIniSection(text: string): boolean {
  const first = firstMeaningfulLine(text)?.trim();
  return first !== undefined && /^\[[^\]]*\]\s*(?:#.*)?$/.test(first);
}

/** For a file without extension: does its first meaningful line read as a YAML mapping key? */
function looksLikeYaml(text: string): boolean {
  const first = firstMeaningfulLine(text);
  return first !== undefined && (first.trim() === '---' || /^[^\s[=]+:(\s|$)/.test(first));
}
