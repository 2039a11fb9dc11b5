/**
 * Ansible's INI inventory format, parsed line by line exactly as ansible-core's `ini` plugin:
 * `[group]`, `[group:children]` and `[group:vars]` sections, host lines with shlex-split
 * `key=value` variables, Python-literal typing of values, and forward references to groups
 * that must be resolved by the end of the file.
 */
import { ParseError } from '../errors.js';
import { expandHostPattern, RangeError } from './addresses.js';
import { InventoryError, type InventoryData } from './model.js';
import { literalEval } from './python-literal.js';
import { ShlexError, shlexSplit } from './shlex.js';

const SECTION = /^\[([^:\]\s]+)(?::([\p{L}\p{N}_]+))?\]\s*(?:#.*)?$/u;
const GROUP_NAME = /^([^:\]\s]+)\s*(?:#.*)?$/u;

type State = 'hosts' | 'children' | 'vars';

interface Pending {
  line: number;
  state: State;
  parents: string[];
}

/** Values of `*password*`, `*secret*`, `*token*` and `*passphrase*` keys, masked: error messages quote lines. */
export function maskSecrets(text: string): string {
  return text.replace(/([\w.-]*(?:password|passwd|secret|token|passphrase)[\w.-]*\s*=\s*)("[^"]*"?|'[^']*'?|[^\s'"]+)/gi, '$1********');
}

export function parseIni(inventory: InventoryData, file: string, text: string): void {
  let lineNumber = 0;
  const fail = (detail: string): never => {
    throw new ParseError({ file, line: lineNumber }, maskSecrets(detail));
  };
  const pending = new Map<string, Pending>();
  let group = 'ungrouped';
  let state: State = 'hosts';

  const addPendingChildren = (name: string) => {
    for (const parent of pending.get(name)!.parents) {
      inventory.addChild(parent, name);
      if (pending.get(parent)?.state === 'children') addPendingChildren(parent);
    }
    pending.delete(name);
  };

  for (const rawLine of text.split(/\r\n|\r|\n/)) {
    lineNumber++;
    const line = rawLine.trim();
    if (!line || line[0] === '#' || line[0] === ';') continue;
    try {
      const section = SECTION.exec(line);
      if (section) {
        group = section[1];
        const kind = section[2] ?? 'hosts';
        if (kind !== 'hosts' && kind !== 'children' && kind !== 'vars') {
          fail(`Section [${group}:${kind}] has unknown type: ${kind} (expected hosts, children or vars)`);
        }
        state = kind as State;
        if (!inventory.groups.has(group)) {
          // [g:vars] alone does not declare g; it must be declared somewhere in this file.
          if (state === 'vars' && !pending.has(group)) pending.set(group, { line: lineNumber, state, parents: [] });
          inventory.addGroup(group);
        }
        const waiting = pending.get(group);
        if (waiting && state !== 'vars') {
          if (waiting.state === 'children') addPendingChildren(group);
          else pending.delete(group);
        }
        continue;
      }
      if (line.startsWith('[') && line.endsWith(']')) {
        fail(
          `Invalid section entry: '${line}'. Please make sure that there are no spaces in the section entry, ` +
            'and that there are no other invalid characters',
        );
      }
      if (state === 'hosts') parseHostLine(inventory, line, group, fail);
      else if (state === 'vars') {
        const eq = line.indexOf('=');
        if (eq === -1) fail(`Expected key=value, got: ${line}`);
        inventory.setVariable(group, line.slice(0, eq).trim(), literalEval(line.slice(eq + 1).trim()));
      } else {
        const m = GROUP_NAME.exec(line);
        if (!m) fail(`Expected group name, got: ${line}`);
        const child = m![1];
        if (inventory.groups.has(child)) inventory.addChild(group, child);
        else {
          const waiting = pending.get(child);
          if (waiting) waiting.parents.push(group);
          else pending.set(child, { line: lineNumber, state: 'children', parents: [group] });
        }
      }
    } catch (error) {
      if (error instanceof InventoryError) fail(error.message);
      throw error;
    }
  }

  for (const [name, declaration] of pending) {
    lineNumber = declaration.line;
    if (declaration.state === 'vars') fail(`Section [${name}:vars] not valid for undefined group: ${name}`);
    fail(`Section [${declaration.parents.at(-1)}:children] includes undefined group: ${name}`);
  }
}

function parseHostLine(inventory: InventoryData, line: string, group: string, fail: (detail: string) => never): void {
  let tokens: string[];
  try {
    tokens = shlexSplit(line);
  } catch (error) {
    if (!(error instanceof ShlexError)) throw error;
    return fail(`Error parsing host definition '${line}': ${error.message}`);
  }
  const pattern = tokens[0] ?? '';
  let expanded: { hostnames: string[]; port?: number };
  try {
    expanded = expandHostPattern(pattern);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return fail(`Invalid host range '${pattern}': ${error.message}`);
  }
  if (pattern.trim().endsWith(':') && expanded.port === undefined) {
    fail(`Invalid host pattern '${pattern}' supplied, ending in ':' is not allowed, this character is reserved to provide a port.`);
  }
  if (expanded.hostnames.some((h) => h.trim() === '---')) {
    fail(`Invalid host pattern '${pattern}' supplied, '---' is normally a sign this is a YAML file.`);
  }
  const variables: [string, unknown][] = [];
  for (const token of tokens.slice(1)) {
    const eq = token.indexOf('=');
    if (eq === -1) fail(`Expected key=value host variable assignment, got: ${token}`);
    variables.push([token.slice(0, eq), literalEval(token.slice(eq + 1))]);
  }
  for (const name of expanded.hostnames) {
    inventory.addHost(name, group, expanded.port);
    for (const [key, value] of variables) inventory.setVariable(name, key, value);
  }
}
