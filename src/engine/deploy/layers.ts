/**
 * The order of a run's components: layers of the dependency graph, every component of a layer
 * at the same time (each depends only on earlier layers), and which components a failed one
 * stops: its dependents, directly or through others, never its siblings.
 */
import { deployLayers, type DependencyGraph } from '../../settings/graph.js';

/** The run's steps grouped by layer (the graph's order); without a graph, one step per layer. */
export function stepLayers<T extends { component: string }>(steps: T[], graph: DependencyGraph | undefined): T[][] {
  if (!graph) return steps.map((step) => [step]);
  const byName = new Map(steps.map((step) => [step.component, step]));
  return deployLayers(graph)
    .map((layer) => layer.filter((name) => byName.has(name)).map((name) => byName.get(name)!))
    .filter((layer) => layer.length);
}

/** The failed component that `component` depends on, directly or through others (undefined: none). */
export function failedDependency(component: string, graph: DependencyGraph | undefined, failed: ReadonlySet<string>): string | undefined {
  const seen = new Set<string>();
  const walk = (name: string): string | undefined => {
    for (const dependency of graph?.get(name) ?? []) {
      if (failed.has(dependency)) return dependency;
      if (seen.has(dependency)) continue;
      seen.add(dependency);
      const through = walk(dependency);
      if (through) return through;
    }
    return undefined;
  };
  return walk(component);
}
