/**
 * Planning a deploy: which components run, in which order, with which task tags, and the
 * problems found on the controller before any host is touched (all of them at once).
 */
import fs from 'node:fs';
import path from 'node:path';
import { planRun, PlanError, type PlanRequest } from '../../src/engine/deploy/plan.js';
import { parseSettings } from '../../src/settings/load.js';
import { tempDir } from '../support/fleet.js';

const SETTINGS = `platform: { name: p, install_root: /opt/p }
hosts: { a: {}, b: {}, c: {} }
components:
  kafka:
    version: 2.8.1
    depends_on: [zookeeper]
    clusters: { main: { hosts: [b, c] } }
    service: { exec_start: "{{ install_dir }}/bin/kafka" }
  zookeeper:
    version: 3.8.4
    clusters: { main: { hosts: [a] } }
    service: { exec_start: "{{ install_dir }}/bin/zk" }
    config: { conf/zoo.cfg: templates/zoo.cfg.j2 }
  operator:
    version: 6.4.5
    depends_on: [kafka]
    patchable: true
    clusters: { main: { hosts: [a] } }
`;

function platform(files: string[] = ['archives/kafka-2.8.1.tar.gz', 'archives/zookeeper-3.8.4.tar.gz', 'archives/operator-6.4.5.tar.gz', 'templates/zoo.cfg.j2']) {
  const dir = tempDir('deployer-plan-');
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), 'x');
  }
  const loaded = parseSettings(Buffer.from(SETTINGS), { file: path.join(dir, 'deployment.yml'), confDir: dir, name: 'deployment.yml' });
  return { dir, loaded };
}

const plan = (request: PlanRequest, files?: string[]) => {
  const { loaded } = platform(files);
  const result = planRun(loaded, request);
  return { order: result.steps.map((s) => s.component), tags: result.taskTags };
};

const problems = (request: PlanRequest, files?: string[], patches: Record<string, string[]> = {}) => {
  const { dir, loaded } = platform(files);
  for (const [component, names] of Object.entries(patches)) {
    fs.mkdirSync(path.join(dir, 'patches', component), { recursive: true });
    for (const name of names) fs.writeFileSync(path.join(dir, 'patches', component, name), 'jar');
  }
  try {
    planRun(loaded, request);
    return [];
  } catch (error) {
    if (!(error instanceof PlanError)) throw error;
    return error.problems;
  }
};

describe('which components run, in which order', () => {
  it.each([
    ['no tags: every component, dependencies first', { action: 'deploy' }, ['zookeeper', 'kafka', 'operator'], []],
    ['a component name as a tag', { action: 'deploy', tags: ['kafka'] }, ['kafka'], []],
    ['component names and a task tag, comma-separated', { action: 'deploy', tags: ['operator,zookeeper,config'] }, ['zookeeper', 'operator'], ['config']],
    ['task tags only: every component', { action: 'deploy', tags: ['config'] }, ['zookeeper', 'kafka', 'operator'], ['config']],
    ['restart names its components', { action: 'restart', components: ['kafka'] }, ['kafka'], []],
    ['rollback of everything: the components with a service', { action: 'rollback' }, ['zookeeper', 'kafka'], []],
    ['patch rollback: the patchable components', { action: 'rollback-patch' }, ['operator'], []],
  ] as const)('%s', (_name, request, order, tags) => {
    expect(plan(request as PlanRequest)).toEqual({ order, tags });
  });

  it('-t patch alone runs the components that have patches', () => {
    const { dir, loaded } = platform();
    fs.mkdirSync(path.join(dir, 'patches/operator'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'patches/operator/fix-1.jar'), 'jar');
    const result = planRun(loaded, { action: 'deploy', tags: ['patch'] });
    expect(result.steps.map((s) => s.component)).toEqual(['operator']);
    expect([...result.patches]).toEqual([['operator', ['fix-1.jar']]]);
  });
});

describe('problems found before anything runs, all at once', () => {
  it.each([
    ['an unknown tag', { action: 'deploy', tags: ['pach'] }, undefined, {}, ["unknown tag 'pach': the tags are deploy, config, patch and the component names (zookeeper, kafka, operator)"]],
    ['an unknown component', { action: 'restart', components: ['kafak'] }, undefined, {}, ["unknown component 'kafak': the components are zookeeper, kafka, operator"]],
    ['a component without a service to restart', { action: 'restart', components: ['operator'] }, undefined, {}, ['operator has no service to restart (no service in the settings)']],
    [
      'missing archives and templates, each named by its settings field',
      { action: 'deploy' },
      ['archives/kafka-2.8.1.tar.gz'],
      {},
      [
        'components.zookeeper.archive: archives/zookeeper-3.8.4.tar.gz not found in <dir> (the release archive of zookeeper-3.8.4)',
        "components.zookeeper.config['conf/zoo.cfg']: template templates/zoo.cfg.j2 not found in <dir>",
        'components.operator.archive: archives/operator-6.4.5.tar.gz not found in <dir> (the release archive of operator-6.4.5)',
      ],
    ],
    ['archives are not needed for -t config', { action: 'deploy', tags: ['config'] }, ['templates/zoo.cfg.j2'], {}, []],
    [
      'patches for a component that is not patchable',
      { action: 'deploy', tags: ['patch'] },
      undefined,
      { kafka: ['kafka-fix.jar', 'b.jar'] },
      ['kafka is not patchable (components.kafka.patchable is false) but patches/kafka/ holds b.jar, kafka-fix.jar: remove them, or set patchable: true'],
    ],
    ['-t patch with no patches', { action: 'deploy', tags: ['patch'] }, undefined, {}, ['no patches to apply: put patch files in <dir>/patches/<component>/']],
  ] as const)('%s', (_name, request, files, patches, expected) => {
    const found = problems(request as PlanRequest, files as string[] | undefined, patches as Record<string, string[]>);
    expect(found.map((p) => p.replace(/\/tmp\/deployer-plan-\w+/g, '<dir>'))).toEqual(expected);
  });
});
