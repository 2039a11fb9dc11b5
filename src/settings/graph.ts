/**
 * The dependency graph between components (`depends_on`): every cycle, printed as an ordered path
 * with the place of each edge; the deploy order as layers (a layer's components may go in
 * parallel); and Graphviz DOT for a picture.
 */
import type { SettingsIssue, SettingsPath } from './issues.js';
import type { Component } from './model.js';
import type { Locator } from './source.js';

/** Component name → the components it depends on, in declaration order. */
export type DependencyGraph = Map<string, string[]>;

/** Cycles reported at most, so that a dense graph cannot make the report explode. */
const MAX_CYCLES = 50;

/** Every elementary cycle, each starting at its first-declared component (Johnson's enumeration without blocking, bounded). */
export function findCycles(graph: DependencyGraph): string[][] {
  const order = [...graph.keys()];
  const rank = new Map(order.map((name, index) => [name, index]));
  const cycles: string[][] = [];
  for (const [startIndex, start] of order.entries()) {
    const path = [start];
    const onPath = new Set(path);
    const walk = (node: string): void => {
      for (const next of graph.get(node) ?? []) {
        if (cycles.length >= MAX_CYCLES) return;
        if (next === start) cycles.push([...path, start]);
        else if ((rank.get(next) ?? -1) > startIndex && !onPath.has(next)) {
          path.push(next);
          onPath.add(next);
          walk(next);
          onPath.delete(next);
          path.pop();
        }
      }
    };
    walk(start);
  }
  return cycles;
}

/** `edgePath(from, to)`: where the settings declare that edge (a depends_on entry). */
export function cycleIssues(graph: DependencyGraph, source: Locator, edgePath: (from: string, to: string) => SettingsPath): SettingsIssue[] {
  return findCycles(graph).map((cycle) => {
    const edges = cycle.slice(0, -1).map((from, i) => {
      const path = edgePath(from, cycle[i + 1]);
      return { path, message: `${from} depends on ${cycle[i + 1]}`, ...source.locate(path) };
    });
    const message = cycle.length === 2 ? `cycle: ${cycle.join(' -> ')} (a component cannot depend on itself)` : `cycle: ${cycle.join(' -> ')}`;
    // a self-dependency is one edge: the issue's own place says it all
    return { ...edges[0], message, related: edges.length > 1 ? edges : undefined };
  });
}

/** The deploy order: layer 0 depends on nothing, each later layer only on earlier ones; declaration order within a layer. */
export function deployLayers(graph: DependencyGraph): string[][] {
  const layerOf = new Map<string, number>();
  const layers: string[][] = [];
  let remaining = [...graph.keys()];
  while (remaining.length) {
    const ready = remaining.filter((name) => (graph.get(name) ?? []).every((d) => layerOf.has(d)));
    if (!ready.length) throw new Error(`deployLayers on a cyclic graph: ${remaining.join(', ')}`);
    for (const name of ready) layerOf.set(name, layers.length);
    layers.push(ready);
    remaining = remaining.filter((name) => !layerOf.has(name));
  }
  return layers;
}

const hostCount = (n: number) => (n === 1 ? '1 host' : `${n} hosts`);

/** `zookeeper 3.8.4 (main: 3 hosts)`: one component as the text graph names it. */
export function describeComponent(component: Component, version = component.version): string {
  return `${component.name} ${version} (${component.clusters.map((c) => `${c.name}: ${hostCount(c.hosts.length)}`).join(', ')})`;
}

const dotId = (text: string) => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Graphviz DOT: one node per component (its version and clusters in the label), an edge per depends_on, dependencies drawn above. */
export function toDot(platform: string, components: Component[], versions: Map<string, string>): string {
  const lines = [`digraph ${dotId(platform)} {`, '  rankdir=BT;', '  node [shape=box, style=rounded, fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];
  for (const c of components) {
    const clusters = c.clusters.map((k) => `${k.name}: ${hostCount(k.hosts.length)}`).join('\\n');
    lines.push(`  ${dotId(c.name)} [label="${c.name} ${versions.get(c.name) ?? c.version}\\n${clusters}"];`);
  }
  for (const c of components) for (const d of c.dependsOn) lines.push(`  ${dotId(c.name)} -> ${dotId(d)} [label="depends on"];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
