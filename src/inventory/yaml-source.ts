/**
 * Ansible's YAML inventory format: top-level keys are groups, each with optional `hosts`,
 * `children` and `vars` mappings, nested to any depth. Unlike Ansible, which warns and skips
 * keys it does not understand, a misspelt key here is an error: skipping it would silently drop
 * hosts from a deploy.
 */
import type { Node, Pair, Scalar, YAMLMap } from 'yaml';
import { ParseError } from '../errors.js';
import { parseYaml, toData, yamlLib, type LoadedYaml } from '../formats/yaml.js';
import { expandHostPattern, RangeError } from './addresses.js';
import { InventoryError, type InventoryData } from './model.js';
import { isMapping } from './vars.js';

const SECTIONS = ['vars', 'children', 'hosts'] as const;

const isMap = (node: unknown): node is YAMLMap => yamlLib().isMap(node);
const isScalar = (node: unknown): node is Scalar => yamlLib().isScalar(node);

/**
 * Reads a YAML inventory's document. Throws when the text is not a YAML mapping, before
 * anything is added to the inventory, so the caller can still try the file as INI.
 */
export function readYamlInventory(file: string, text: string): LoadedYaml {
  const loaded = parseYaml(text, file);
  const root = loaded.document.contents;
  const fail = (node: unknown, detail: string): never => {
    throw new ParseError({ file, line: loaded.lineOf(node as Node) }, detail);
  };
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) {
    fail(root, 'Parsed empty YAML file');
  }
  if (!isMap(root)) fail(root, `YAML inventory has invalid structure, it should be a dictionary, got: ${describe(root)}`);
  if ((root as YAMLMap).items.some((pair) => isScalar(pair.key) && pair.key.value === 'plugin')) {
    fail(root, 'Plugin configuration YAML file, not YAML inventory (inventory plugins are not supported)');
  }
  return loaded;
}

export function addYamlInventory(inventory: InventoryData, file: string, loaded: LoadedYaml): void {
  const fail = (node: unknown, detail: string): never => {
    throw new ParseError({ file, line: loaded.lineOf(node as Node) }, detail);
  };
  for (const warning of loaded.warnings) inventory.warn(warning);
  const context = { inventory, loaded, fail };
  for (const pair of (loaded.document.contents as YAMLMap).items) parseGroup(context, pair);
}

interface Context {
  inventory: InventoryData;
  loaded: LoadedYaml;
  fail: (node: unknown, detail: string) => never;
}

function keyName(context: Context, pair: Pair, what: string): string {
  const key = isScalar(pair.key) ? pair.key.value : undefined;
  if (typeof key !== 'string' || key === '') {
    context.fail(pair.key, `${what} must be a non-empty string, got: ${describe(pair.key)}. Enclose numbers in quotation marks.`);
  }
  return key as string;
}

function isNullNode(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null);
}

function parseGroup(context: Context, pair: Pair): string {
  const { inventory, fail } = context;
  const group = keyName(context, pair, 'Group name');
  const body = pair.value;
  if (!isNullNode(body) && !isMap(body)) {
    fail(body ?? pair.key, `Invalid group definition for "${group}": expected a dictionary with hosts, children or vars, found ${describe(body)}`);
  }
  try {
    inventory.addGroup(group);
  } catch (error) {
    if (error instanceof InventoryError) fail(pair.key, `Unable to add group ${group}: ${error.message}`);
    throw error;
  }
  if (!isMap(body)) return group;
  for (const entry of body.items) {
    const key = keyName(context, entry, 'Group section');
    if (!(SECTIONS as readonly string[]).includes(key)) {
      fail(entry.key, `Unexpected key (${key}) in group (${group}), only "vars", "children" and "hosts" are valid`);
    }
    const section = sectionMap(context, entry, group, key);
    if (!section) continue;
    try {
      if (key === 'vars') {
        for (const variable of section.items) {
          const name = isScalar(variable.key) ? String(variable.key.value) : fail(variable.key, 'variable names must be scalars');
          inventory.setVariable(group, name, toData(context.loaded, variable.value));
        }
      } else if (key === 'children') {
        for (const child of section.items) {
          const childGroup = parseGroup(context, child);
          try {
            inventory.addChild(group, childGroup);
          } catch (error) {
            if (error instanceof InventoryError) fail(child.key, error.message);
            throw error;
          }
        }
      } else {
        for (const hostEntry of section.items) parseHost(context, hostEntry, group);
      }
    } catch (error) {
      if (error instanceof InventoryError) fail(entry.key, error.message);
      throw error;
    }
  }
  return group;
}

/** A section's mapping; a bare string (`hosts: web1`) is allowed and means one key. */
function sectionMap(context: Context, entry: Pair, group: string, key: string): YAMLMap | undefined {
  const value = entry.value;
  if (isNullNode(value)) return undefined;
  if (isScalar(value) && typeof value.value === 'string') {
    const single = context.loaded.document.createNode({ [value.value]: null }) as YAMLMap;
    single.items[0].key = value;
    return single;
  }
  if (!isMap(value)) {
    context.fail(value, `Invalid "${key}" entry for "${group}" group, requires a dictionary, found ${describe(value)} instead.`);
  }
  return value as YAMLMap;
}

function parseHost(context: Context, entry: Pair, group: string): void {
  const { inventory, fail } = context;
  const pattern = isScalar(entry.key) ? entry.key.value : undefined;
  if (typeof pattern !== 'string') {
    fail(entry.key, `Host pattern ${describe(entry.key)} must be a string. Enclose integers/floats in quotation marks.`);
  }
  let expanded: { hostnames: string[]; port?: number };
  try {
    expanded = expandHostPattern(pattern as string);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return fail(entry.key, `Invalid host range '${String(pattern)}': ${error.message}`);
  }
  const variables = isNullNode(entry.value) ? {} : toData(context.loaded, entry.value);
  if (!isMapping(variables)) {
    fail(entry.value, `Invalid data for host ${String(pattern)}: expected a dictionary of variables, got ${describe(entry.value)}`);
  }
  for (const name of expanded.hostnames) {
    inventory.addHost(name, group, expanded.port);
    for (const [key, value] of Object.entries(variables as object)) inventory.setVariable(name, key, value);
  }
}

function describe(node: unknown): string {
  if (isScalar(node)) {
    const value = node.value;
    return value === null ? 'null' : `${typeof value} '${String(value)}'`;
  }
  if (isMap(node)) return 'a dictionary';
  if (node && typeof node === 'object' && 'items' in node) return 'a list';
  return String(node);
}
