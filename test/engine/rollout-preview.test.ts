/**
 * A deploy's plan before anything is touched: components in dependency order, each host's
 * version from → to (what runs now, read by the status probe), batches under the bound, the
 * hosts already on the version, the hosts down, and the words the terminal shows.
 */
import fs from 'node:fs';
import path from 'node:path';
import { planRun } from '../../src/engine/deploy/plan.js';
import { rolloutPlan } from '../../src/engine/rollout/plan.js';
import { previewDeploy } from '../../src/engine/rollout/preview.js';
import type { StatusRow, StatusState } from '../../src/engine/status/rows.js';
import { mayRestartServices, planLines } from '../../src/cli/output/plan-output.js';
import { parseSettings } from '../../src/settings/load.js';
import { tempDir } from '../support/fleet.js';

const SETTINGS = `platform: { name: p, install_root: /opt/p }
hosts: { zk1: {}, zk2: {}, zk3: {}, k1: {}, k2: {}, k3: {}, k4: {}, op: {} }
rollout: { max_fail_percentage: 25 }
components:
  kafka:
    version: 2.8.2
    depends_on: [zookeeper]
    clusters: { main: { hosts: [k1, k2, k3, k4] } }
    service: { exec_start: "{{ install_dir }}/bin/kafka", health: { tcp: 9092 } }
    rollout: { max_unavailable: 2, min_healthy_time: 5 }
  zookeeper:
    version: 3.8.4
    clusters: { main: { hosts: [zk1, zk2, zk3] } }
    service: { exec_start: "{{ install_dir }}/bin/zk", health: { tcp: 2181 }, startup_timeout: 30 }
    rollout: { quorum: majority, on_failure: rollback_component }
  operator:
    version: 6.4.5
    clusters: { main: { hosts: [op] } }
`;

function load() {
  const dir = tempDir('deployer-preview-');
  for (const file of ['kafka-2.8.2', 'zookeeper-3.8.4', 'operator-6.4.5']) {
    fs.mkdirSync(path.join(dir, 'archives'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'archives', `${file}.tar.gz`), 'x');
  }
  return parseSettings(Buffer.from(SETTINGS), { file: path.join(dir, 'deployment.yml'), confDir: dir, name: 'deployment.yml' });
}

/** A status row as the probe gives it: what runs, in which state. */
function row(host: string, component: string, desired: string, running: string | null, state: StatusState): StatusRow {
  return { host, component, desired, configured: running, running, state, unit: null, desiredRelease: `${component}-${desired}`, configuredRelease: null, runningRelease: null, process: null, others: [], patch: null };
}

const loaded = load();
const plan = planRun(loaded, { action: 'deploy' });
const rows = [
  row('zk1', 'zookeeper', '3.8.4', '3.8.3', 'drift'),
  row('zk2', 'zookeeper', '3.8.4', '3.8.3', 'drift'),
  row('zk3', 'zookeeper', '3.8.4', '3.8.4', 'ok'),
  row('k1', 'kafka', '2.8.2', '2.8.1', 'drift'),
  row('k2', 'kafka', '2.8.2', '2.8.1', 'drift'),
  row('k3', 'kafka', '2.8.2', null, 'unreachable'),
  row('k4', 'kafka', '2.8.2', '2.8.1', 'drift'),
  row('op', 'operator', '6.4.5', null, 'unknown'),
];
const every = new Set(['zk1', 'zk2', 'zk3', 'k1', 'k2', 'k3', 'k4', 'op']);

it('orders components by dependency, and batches the hosts whose version changes under their bound', () => {
  const preview = previewDeploy(loaded, plan, rows, every);
  expect(preview.components.map((c) => [c.component, c.mode, c.after])).toEqual([
    ['zookeeper', 'rolling', []],
    ['operator', 'no service', []],
    ['kafka', 'rolling', ['zookeeper']],
  ]);
  const [zookeeper, , kafka] = preview.components;
  expect(zookeeper!.clusters[0]!.batches.map((b) => b.map((h) => `${h.host} ${h.from}→${h.to}`))).toEqual([['zk1 3.8.3→3.8.4'], ['zk2 3.8.3→3.8.4']]);
  expect(zookeeper!.clusters[0]!.current.map((h) => h.host)).toEqual(['zk3']);
  // k3 is unreachable: it counts against max_unavailable 2, leaving one at a time
  expect(kafka!.clusters[0]!.down.map((h) => h.host)).toEqual(['k3']);
  expect(kafka!.clusters[0]!.batches.map((b) => b.map((h) => h.host))).toEqual([['k1'], ['k2'], ['k4']]);
  expect(mayRestartServices(preview)).toBe(true);
});

it('a limit narrows the hosts restarted, not the hosts counted', () => {
  const preview = previewDeploy(loaded, plan, rows, new Set(['k1', 'k2']));
  const kafka = preview.components.find((c) => c.component === 'kafka')!;
  expect(kafka.clusters[0]!.batches.map((b) => b.map((h) => h.host))).toEqual([['k1'], ['k2']]);
  expect(kafka.clusters[0]!.down.map((h) => h.host)).toEqual(['k3']);
});

it('prints each component, its gate and batches, and the run policy', () => {
  expect(planLines(previewDeploy(loaded, plan, rows, every), false)).toEqual([
    'plan:',
    '1. zookeeper 3.8.4',
    '   health gate: tcp 2181, within 30 s, then healthy for 3 s; on_failure: rollback_component',
    '   cluster main (3 hosts, quorum: majority (1 of 3 down at most))',
    '     batch 1: zk1 3.8.3 → 3.8.4',
    '     batch 2: zk2 3.8.3 → 3.8.4',
    '     on 3.8.4 already (restarted only if their configuration, unit or patch changes): zk3',
    '2. operator 6.4.5',
    '   no service: installed and configured, nothing restarted',
    '   cluster main (1 host)',
    '     first install (started at once, nothing of theirs serves yet): op nothing → 6.4.5',
    '3. kafka 2.8.2, after zookeeper (healthy on its new version)',
    '   health gate: tcp 9092, within 60 s, then healthy for 5 s; on_failure: stop',
    '   cluster main (4 hosts, max_unavailable: 2 (2 of 4 down at most))',
    '     batch 1: k1 2.8.1 → 2.8.2',
    '     batch 2: k2 2.8.1 → 2.8.2',
    '     batch 3: k4 2.8.1 → 2.8.2',
    '     down (counted against the bound, not restarted): k3 unreachable',
    "the run stops when more than 25% of a component's hosts fail (max_fail_percentage; unreachable hosts count as failed)",
  ]);
});

it('a deploy where every host runs its version already may still restart (a configuration change); one without services does not', () => {
  const current = rows.map((r) => ({ ...r, running: r.desired, state: (r.state === 'unreachable' ? 'unreachable' : 'ok') as StatusState }));
  expect(mayRestartServices(previewDeploy(loaded, plan, current, every))).toBe(true);
  const operatorOnly = planRun(loaded, { action: 'deploy', tags: ['operator'] });
  expect(mayRestartServices(previewDeploy(loaded, operatorOnly, rows, every))).toBe(false);
});

it('a host whose health check failed before the batches counts as down, whatever its process table says', () => {
  const zookeeper = loaded.settings.components.find((c) => c.name === 'zookeeper')!;
  const expected = loaded.hosts.filter((h) => h.component === 'zookeeper');
  const pending = rows.filter((r) => r.component === 'zookeeper').map((r) => ({ ...r, state: 'restart pending' as StatusState }));
  // zk2 failed its preparation (its health check): with quorum: majority of 3, nothing else may go down
  const plan = rolloutPlan(zookeeper, expected, pending, new Set(['zk1', 'zk3']), { unhealthy: new Set(['zk2']) });
  expect(plan.clusters[0]!.down.map((h) => h.host)).toEqual(['zk2']);
  expect(plan.clusters[0]!.refused).toBe('cluster main: zk2 is down already, and quorum: majority (1 of 3 down at most) leaves no room to take another down');
});
