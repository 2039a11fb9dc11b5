/** Components of a layer go together; a failed component stops its dependents only. */
import { failedDependency, stepLayers } from '../../src/engine/deploy/layers.js';
import type { DependencyGraph } from '../../src/settings/graph.js';

// zookeeper and etcd depend on nothing; kafka on zookeeper; shiva on kafka; operator on etcd
const graph: DependencyGraph = new Map([
  ['zookeeper', []],
  ['etcd', []],
  ['kafka', ['zookeeper']],
  ['shiva', ['kafka']],
  ['operator', ['etcd']],
]);
const steps = (names: string) => names.split(' ').map((component) => ({ component }));
const shown = (layers: { component: string }[][]) => layers.map((l) => l.map((s) => s.component).join(' ')).join(' | ');

describe('stepLayers', () => {
  it.each([
    ['every component', 'zookeeper etcd kafka shiva operator', 'zookeeper etcd | kafka operator | shiva'],
    ['a subset keeps the graph order, empty layers dropped', 'shiva zookeeper', 'zookeeper | shiva'],
    ['one component', 'kafka', 'kafka'],
  ])('%s', (_name, names, expected) => {
    expect(shown(stepLayers(steps(names), graph))).toBe(expected);
  });

  it('without a graph: one step at a time, in the given order', () => {
    expect(shown(stepLayers(steps('b a'), undefined))).toBe('b | a');
  });
});

describe('failedDependency', () => {
  it.each([
    ['a direct dependency failed', 'kafka', ['zookeeper'], 'zookeeper'],
    ['through another component', 'shiva', ['zookeeper'], 'zookeeper'],
    ['a sibling failed: not stopped', 'etcd', ['zookeeper'], undefined],
    ['an independent branch failed: not stopped', 'operator', ['zookeeper'], undefined],
    ['its own failure is not a dependency', 'zookeeper', ['zookeeper'], undefined],
  ])('%s', (_name, component, failed, expected) => {
    expect(failedDependency(component, graph, new Set(failed))).toBe(expected);
  });
});
