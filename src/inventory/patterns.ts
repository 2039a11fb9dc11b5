/**
 * Host patterns with Ansible's grammar and evaluation order (`InventoryManager`):
 * `all`, `*`, `a:b` / `a,b` (union), `a:&b` (intersection), `a:!b` (exclusion), globs,
 * `~regex`, subscripts `g[0]`, `g[-1]`, `g[1:3]`, `g[2:]`, and `@file` in limits.
 * Plain patterns are applied first, then intersections, then exclusions.
 */
import fs from 'node:fs';
import path from 'node:path';
import v8 from 'node:v8';
import { DeployerError } from '../errors.js';
import { parseAddress } from './addresses.js';
import { fnmatchToRegExp } from './fnmatch.js';
import type { Host, InventoryData } from './model.js';
import { LOCALHOST_NAMES } from './model.js';

const WITH_SUBSCRIPT = /^(.+)\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))\]$/s;

export class PatternError extends DeployerError {}

// `~(a|a)*b` on a long host name backtracks for ever in V8's usual engine; with this flag V8
// switches such a match to its linear-time engine (it applies to every regex of the process)
v8.setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');

const PART = /(?:[^\s:[\]]|\[[^\]]*\])+/g;

/**
 * Bounds on what a pattern makes V8 compile: a regular expression with thousands of nested groups
 * exhausts the regexp compiler's memory, which ends the process with no way to catch it.
 */
export const MAX_PATTERN_LENGTH = 4096;
const MAX_GROUP_DEPTH = 32;

function groupDepth(regex: string): number {
  let depth = 0;
  let deepest = 0;
  for (let i = 0; i < regex.length; i++) {
    if (regex[i] === '\\') i++;
    else if (regex[i] === '(') deepest = Math.max(deepest, ++depth);
    else if (regex[i] === ')') depth--;
  }
  return deepest;
}

/** A pattern as messages show it: long ones cut (a 50,000-character pattern is not read back to its author). */
export function shownPattern(pattern: string): string {
  return pattern.length > 80 ? `${pattern.slice(0, 77)}...` : pattern;
}

/**
 * Splits on commas; on `:` only when the whole string is not an address (IPv6, `host:port`).
 * Stricter than Ansible, where a malformed pattern such as `[` silently selects every host: a
 * bracket that is not closed (or closed without being opened) is an error.
 */
export function splitHostPattern(pattern: string | string[]): string[] {
  if (Array.isArray(pattern)) return pattern.flatMap((p) => splitHostPattern(p));
  if (pattern.length > MAX_PATTERN_LENGTH) throw new PatternError(`Host pattern '${shownPattern(pattern)}' has ${pattern.length} characters, more than the ${MAX_PATTERN_LENGTH} a pattern may have`);
  let parts: string[];
  if (pattern.includes(',')) parts = pattern.split(',');
  else if (parseAddress(pattern)) parts = [pattern];
  else {
    parts = pattern.match(PART) ?? [];
    if (pattern.replace(PART, '').replace(/[\s:]/g, '')) throw new PatternError(`Invalid host pattern '${shownPattern(pattern)}': unbalanced '[' or ']'`);
  }
  for (const part of parts) {
    if (part[0] !== '~' && (part.match(/\[/g)?.length ?? 0) !== (part.match(/\]/g)?.length ?? 0)) {
      throw new PatternError(`Invalid host pattern '${shownPattern(part.trim())}': unbalanced '[' or ']'`);
    }
  }
  return parts.map((p) => p.trim()).filter((p) => p);
}

/** Plain patterns first, then `&` intersections, then `!` exclusions; only modifiers imply `all`. */
export function orderPatterns(patterns: string[]): string[] {
  const regular: string[] = [];
  const intersections: string[] = [];
  const exclusions: string[] = [];
  for (const p of patterns) {
    if (!p) continue;
    if (p[0] === '!') exclusions.push(p);
    else if (p[0] === '&') intersections.push(p);
    else regular.push(p);
  }
  return [...(regular.length ? regular : ['all']), ...intersections, ...exclusions];
}

export interface HostSelectorOptions {
  /** How a pattern that matches nothing is reported (Ansible's HOST_PATTERN_MISMATCH). */
  onMismatch?: 'warning' | 'error' | 'ignore';
  /** Folder that relative `@file` limits are read from. */
  cwd?: string;
}

export class HostSelector {
  private readonly cache = new Map<string, Host[]>();

  constructor(
    private readonly inventory: InventoryData,
    private readonly options: HostSelectorOptions = {},
  ) {}

  /** Forgets what patterns matched: the inventory changed (add_host, group_by). */
  forget(): void {
    this.cache.clear();
  }

  /** Hosts matching `pattern`, restricted to those matching `limit` when given (`-l`), in inventory order. */
  select(pattern: string | string[], limit?: string | string[]): Host[] {
    let hosts = this.evaluate(splitHostPattern(pattern));
    if (limit !== undefined) {
      const allowed = new Set(this.evaluate(this.expandLimit(limit)));
      hosts = hosts.filter((h) => allowed.has(h));
    }
    return [...new Set(hosts)];
  }

  /** `--limit` patterns, with `@file` entries replaced by the host names listed in the file. */
  expandLimit(limit: string | string[]): string[] {
    const result: string[] = [];
    for (const entry of splitHostPattern(limit)) {
      if (entry[0] !== '@') {
        result.push(entry);
        continue;
      }
      const file = path.resolve(this.options.cwd ?? process.cwd(), entry.slice(1));
      if (!fs.existsSync(file)) throw new PatternError(`Unable to find limit file ${file}`);
      if (!fs.statSync(file).isFile()) throw new PatternError(`Limit starting with "@" must be a file, not a directory: ${file}`);
      result.push(...fs.readFileSync(file, 'utf8').split('\n').map((line) => line.trim()));
    }
    return result;
  }

  private evaluate(patterns: string[]): Host[] {
    let hosts: Host[] = [];
    for (const p of orderPatterns(patterns)) {
      const exact = this.inventory.hosts.get(p);
      if (exact) {
        hosts.push(exact);
        continue;
      }
      const matched = this.matchOne(p);
      if (p[0] === '!') {
        const excluded = new Set(matched);
        hosts = hosts.filter((h) => !excluded.has(h));
      } else if (p[0] === '&') {
        const kept = new Set(matched);
        hosts = hosts.filter((h) => kept.has(h));
      } else {
        const existing = new Set(hosts.map((h) => h.name));
        hosts.push(...matched.filter((h) => !existing.has(h.name)));
      }
    }
    return hosts;
  }

  private matchOne(raw: string): Host[] {
    const pattern = raw[0] === '&' || raw[0] === '!' ? raw.slice(1) : raw;
    let hosts = this.cache.get(pattern);
    if (!hosts) {
      const { expression, subscript, warning } = splitSubscript(pattern);
      if (warning) this.inventory.warn(warning);
      hosts = applySubscript(this.enumerate(expression), subscript, pattern);
      this.cache.set(pattern, hosts);
    }
    return hosts;
  }

  private enumerate(pattern: string): Host[] {
    const compiled = compileMatcher(pattern);
    // V8 compiles a regular expression when it first runs: a huge or pathological one fails there
    const matcher = {
      test: (name: string) => {
        try {
          return compiled.test(name);
        } catch (error) {
          throw new PatternError(`Host pattern '${shownPattern(pattern)}' cannot be matched: ${(error as Error).message}`);
        }
      },
    };
    const results: Host[] = [];
    const groups = [...this.inventory.groups.keys()].filter((name) => matcher.test(name));
    for (const name of groups) results.push(...this.inventory.group(name).allHosts());
    if (groups.length === 0 || pattern[0] === '~' || /[.?*[]/.test(pattern)) {
      for (const [name, host] of this.inventory.hosts) if (matcher.test(name)) results.push(host);
    }
    if (results.length === 0 && LOCALHOST_NAMES.includes(pattern)) {
      const implicit = this.inventory.getHost(pattern);
      if (implicit) results.push(implicit);
    }
    if (results.length === 0 && groups.length === 0 && pattern !== 'all') {
      const message = `Could not match supplied host pattern, ignoring: ${pattern}`;
      if (this.options.onMismatch === 'error') throw new PatternError(message);
      if (this.options.onMismatch !== 'ignore') this.inventory.warn(message);
    }
    return results;
  }
}

function compileMatcher(pattern: string): RegExp {
  if (pattern[0] === '~' && groupDepth(pattern) > MAX_GROUP_DEPTH) {
    throw new PatternError(`Host pattern '${shownPattern(pattern)}' nests groups more than ${MAX_GROUP_DEPTH} deep`);
  }
  try {
    if (pattern[0] !== '~') return fnmatchToRegExp(pattern);
    // Python's re.match anchors at the start only; named groups are spelt (?P<name>...) there.
    return new RegExp(`^(?:${pattern.slice(1).replace(/\(\?P</g, '(?<')})`);
  } catch {
    throw new PatternError(`Invalid host list pattern: ${shownPattern(pattern)}`);
  }
}

type Subscript = { start: number; end?: number } | undefined;

function splitSubscript(pattern: string): { expression: string; subscript: Subscript; warning?: string } {
  if (pattern[0] === '~') return { expression: pattern, subscript: undefined };
  const m = WITH_SUBSCRIPT.exec(pattern);
  if (!m) return { expression: pattern, subscript: undefined };
  const [, expression, index, start, separator, end] = m;
  if (index !== undefined) return { expression, subscript: { start: Number(index) } };
  const subscript = { start: Number(start), end: end === '' ? -1 : Number(end) };
  const warning = separator === '-' ? 'Use [x:y] inclusive subscripts instead of [x-y] which has been removed' : undefined;
  return { expression, subscript, warning };
}

function applySubscript(hosts: Host[], subscript: Subscript, pattern: string): Host[] {
  if (!subscript || hosts.length === 0) return hosts;
  const { start, end } = subscript;
  if (end) return hosts.slice(start, (end === -1 ? hosts.length - 1 : end) + 1);
  const index = start < 0 ? hosts.length + start : start;
  if (index < 0 || index >= hosts.length) throw new PatternError(`No hosts matched the subscripted pattern '${pattern}'`);
  return [hosts[index]];
}
