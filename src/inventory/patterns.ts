/**
 * Host patterns with Ansible's grammar and evaluation order (`InventoryManager`):
 * `all`, `*`, `a:b` / `a,b` (union), `a:&b` (intersection), `a:!b` (exclusion), globs,
 * `~regex`, subscripts `g[0]`, `g[-1]`, `g[1:3]`, `g[2:]`, and `@file` in limits.
 * Plain patterns are applied first, then intersections, then exclusions.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DeployerError } from '../errors.js';
import { parseAddress } from './addresses.js';
import { fnmatchToRegExp } from './fnmatch.js';
import type { Host, InventoryData } from './model.js';
import { LOCALHOST_NAMES } from './model.js';

const WITH_SUBSCRIPT = /^(.+)\[(?:(-?[0-9]+)|([0-9]+)([:-])([0-9]*))\]$/s;

export class PatternError extends DeployerError {}

/** Splits on commas; on `:` only when the whole string is not an address (IPv6, `host:port`). */
export function splitHostPattern(pattern: string | string[]): string[] {
  if (Array.isArray(pattern)) return pattern.flatMap((p) => splitHostPattern(p));
  let parts: string[];
  if (pattern.includes(',')) parts = pattern.split(',');
  else if (parseAddress(pattern)) parts = [pattern];
  else parts = pattern.match(/(?:[^\s:[\]]|\[[^\]]*\])+/g) ?? [];
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
    const matcher = compileMatcher(pattern);
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
  try {
    if (pattern[0] !== '~') return fnmatchToRegExp(pattern);
    // Python's re.match anchors at the start only; named groups are spelt (?P<name>...) there.
    return new RegExp(`^(?:${pattern.slice(1).replace(/\(\?P</g, '(?<')})`);
  } catch {
    throw new PatternError(`Invalid host list pattern: ${pattern}`);
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
