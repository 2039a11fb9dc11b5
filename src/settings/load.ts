/**
 * Loading the deployment settings found by `locateSettings`: everything is validated and every
 * problem reported at once; nothing is returned from settings that have one.
 */
import { createHash } from 'node:crypto';
import { DeployerError } from '../errors.js';
import { readUserFile } from '../formats/read-file.js';
import { buildSettings } from './build.js';
import { cycleIssues, type DependencyGraph } from './graph.js';
import { SettingsError, type SettingsIssue } from './issues.js';
import { displayName, type SettingsLocation } from './locate.js';
import type { Settings } from './model.js';
import { checkReferences } from './references.js';
import { renderPlatform, type HostComponent } from './render.js';
import { checkSchema } from './schema-check.js';
import { cachedData, CACHED_FROM_BYTES } from './data-cache.js';
import { quickLoad } from './fast-yaml.js';
import { parseSettingsText, type Locator } from './source.js';

export interface LoadedSettings {
  settings: Settings;
  /** Every (host, component) with its templates rendered. */
  hosts: HostComponent[];
  graph: DependencyGraph;
}

export function loadSettings(location: SettingsLocation & { file: string }, cwd: string): LoadedSettings {
  const name = displayName(location.file, cwd);
  const bytes = readUserFile(location.file, 'Settings file');
  return parseSettings(bytes, { file: location.file, confDir: location.confDir, name });
}

/**
 * Validates settings text: shape, references, cycles, templates; every issue at once, or the
 * settings. Valid files are read once, quickly; a file with a problem is read again by the
 * careful reader, which knows where each value stands.
 */
export function parseSettings(bytes: Buffer, where: { file: string; confDir: string; name: string }): LoadedSettings {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DeployerError(`${where.name}: not valid UTF-8 text`);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const quick = bytes.length >= CACHED_FROM_BYTES ? cachedData(sha256, () => quickLoad(text)) : quickLoad(text);
  if (quick !== undefined) {
    const result = check(quick, NOWHERE, sha256, where);
    if ('loaded' in result) return result.loaded;
  }
  const source = parseSettingsText(text);
  const result = check(source.data, source, sha256, where, source.issues);
  if ('loaded' in result) return result.loaded;
  throw new SettingsError(where.name, result.issues);
}

const NOWHERE: Locator = { locate: () => ({}) };

function check(
  data: unknown,
  source: Locator,
  sha256: string,
  where: { file: string; confDir: string },
  parseIssues: SettingsIssue[] = [],
): { loaded: LoadedSettings } | { issues: SettingsIssue[] } {
  const issues = [...parseIssues];
  // YAML that did not parse has no data to check further
  const graph = dependencyGraph(data);
  if (data !== undefined) {
    issues.push(...checkSchema(data, source), ...checkReferences(data, source));
    issues.push(...cycleIssues(graph, source, (from, to) => ['components', from, 'depends_on', rawDependencies(data, from).indexOf(to)]));
  }
  if (issues.length) return { issues };
  const settings = buildSettings(data as Record<string, never>, where.file, where.confDir, sha256);
  const rendered = renderPlatform(settings, (p) => source.locate(p));
  if (rendered.issues.length) return { issues: rendered.issues };
  return { loaded: { settings, hosts: rendered.hosts, graph } };
}

function rawComponents(data: unknown): Record<string, { depends_on?: unknown } | null> {
  const components = (data as { components?: unknown } | undefined)?.components;
  return components && typeof components === 'object' && !Array.isArray(components) ? (components as Record<string, { depends_on?: unknown }>) : {};
}

function rawDependencies(data: unknown, component: string): unknown[] {
  const deps = rawComponents(data)[component]?.depends_on;
  return Array.isArray(deps) ? deps : [];
}

/** The depends_on edges that name existing components, once each (the others are issues of their own). */
function dependencyGraph(data: unknown): DependencyGraph {
  const names = new Set(Object.keys(rawComponents(data)));
  const graph: DependencyGraph = new Map();
  for (const name of names) {
    graph.set(name, [...new Set(rawDependencies(data, name).filter((d): d is string => typeof d === 'string' && names.has(d)))]);
  }
  return graph;
}
