/** The dependency graph: every cycle with the place of each edge, deploy layers, and DOT that Graphviz renders. */
import { execFileSync } from 'node:child_process';
import { deployLayers, findCycles, toDot } from '../../src/settings/graph.js';
import { formatIssue, SettingsError } from '../../src/settings/issues.js';
import { parseSettings } from '../../src/settings/load.js';

const where = { file: '/conf/deployment.yml', confDir: '/conf', name: 'deployment.yml' };

/** A settings file whose components depend on each other as given, one host each. */
function settingsWith(dependencies: Record<string, string[]>): string {
  const names = Object.keys(dependencies);
  return [
    'platform: { name: demo, install_root: /data/opt }',
    'hosts:',
    ...names.map((n) => `  ${n}1: {}`),
    'components:',
    ...names.flatMap((n) => [
      `  ${n}:`,
      '    version: 1.0.0',
      `    depends_on: [${dependencies[n].join(', ')}]`,
      `    clusters: { main: { hosts: [${n}1] } }`,
    ]),
    '',
  ].join('\n');
}

function report(text: string): string[] {
  try {
    parseSettings(Buffer.from(text), where);
    return [];
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    return error.issues.flatMap((issue) => formatIssue('deployment.yml', issue).split('\n'));
  }
}

describe('cycles', () => {
  it('two components depending on each other: the path, then one line per edge with its place', () => {
    expect(report(settingsWith({ kafka: ['shiva'], shiva: ['kafka'] }))).toEqual([
      'deployment.yml:8:18: components.kafka.depends_on[0]: cycle: kafka -> shiva -> kafka',
      '  deployment.yml:8:18: kafka depends on shiva',
      '  deployment.yml:12:18: shiva depends on kafka',
    ]);
  });

  it('three components in a ring', () => {
    expect(report(settingsWith({ a: ['b'], b: ['c'], c: ['a'] }))).toEqual([
      'deployment.yml:9:18: components.a.depends_on[0]: cycle: a -> b -> c -> a',
      '  deployment.yml:9:18: a depends on b',
      '  deployment.yml:13:18: b depends on c',
      '  deployment.yml:17:18: c depends on a',
    ]);
  });

  it('a component depending on itself', () => {
    expect(report(settingsWith({ zookeeper: [], kafka: ['zookeeper', 'kafka'] }))).toEqual([
      'deployment.yml:12:29: components.kafka.depends_on[1]: cycle: kafka -> kafka (a component cannot depend on itself)',
    ]);
  });

  it('two separate cycles are both reported', () => {
    const lines = report(settingsWith({ a: ['b'], b: ['a'], c: ['d'], d: ['c'], e: ['a'] }));
    expect(lines.filter((line) => !line.startsWith(' '))).toEqual([
      'deployment.yml:11:18: components.a.depends_on[0]: cycle: a -> b -> a',
      'deployment.yml:19:18: components.c.depends_on[0]: cycle: c -> d -> c',
    ]);
  });

  it('two cycles through one component are both reported', () => {
    expect(findCycles(new Map([['a', ['b', 'c']], ['b', ['a']], ['c', ['a']]]))).toEqual([
      ['a', 'b', 'a'],
      ['a', 'c', 'a'],
    ]);
  });

  it('an edge is located where it is written, after an unknown name', () => {
    expect(report(settingsWith({ a: ['nope', 'b'], b: ['a'] }))).toEqual([
      "deployment.yml:8:18: components.a.depends_on[0]: unknown component 'nope'",
      'deployment.yml:8:24: components.a.depends_on[1]: cycle: a -> b -> a',
      '  deployment.yml:8:24: a depends on b',
      '  deployment.yml:12:18: b depends on a',
    ]);
  });

  it('a dense graph reports a bounded number of cycles', () => {
    const names = Array.from({ length: 12 }, (_, i) => `c${i}`);
    const graph = new Map(names.map((n) => [n, names.filter((m) => m !== n)]));
    expect(findCycles(graph)).toHaveLength(50);
  });
});

describe('deploy layers', () => {
  it.each<[Record<string, string[]>, string[][]]>([
    [{ zookeeper: [], kafka: ['zookeeper'], shiva: ['kafka'], operator: ['zookeeper', 'kafka'] }, [['zookeeper'], ['kafka'], ['shiva', 'operator']]],
    [{ a: [], b: [], c: [] }, [['a', 'b', 'c']]],
    [{ c: ['b'], b: ['a'], a: [] }, [['a'], ['b'], ['c']]],
    [{ a: [], b: ['a'], c: ['a'], d: ['b', 'c'] }, [['a'], ['b', 'c'], ['d']]],
  ])('%j in layers %j', (dependencies, layers) => {
    expect(deployLayers(new Map(Object.entries(dependencies)))).toEqual(layers);
  });
});

describe('DOT', () => {
  const dependencies = { zookeeper: [], kafka: ['zookeeper'], shiva: ['kafka'], 'punchplatform_operator': ['zookeeper', 'kafka'] };
  const { settings } = parseSettings(Buffer.from(settingsWith(dependencies)), where);
  const dot = toDot('demo', settings.components, new Map());

  it('has a node per component and an edge per dependency', () => {
    expect(dot).toContain('"kafka" [label="kafka 1.0.0\\nmain: 1 host"];');
    expect(dot).toContain('"kafka" -> "zookeeper" [label="depends on"];');
    expect(dot.match(/ -> /g)).toHaveLength(4);
  });

  it('is valid Graphviz: dot -Tsvg renders it', () => {
    const svg = execFileSync('dot', ['-Tsvg'], { input: dot }).toString();
    expect(svg).toMatch(/<svg /);
    for (const name of Object.keys(dependencies)) expect(svg).toContain(`<title>${name}</title>`);
  });
});
