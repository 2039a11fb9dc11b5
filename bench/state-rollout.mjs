// What etcd costs a rollout: the same rolling deploy (bench/rollout's three components a -> b -> c
// on every host of a systemd fleet, max_unavailable 25%, each batch health-gated) with the state in
// the configuration folder's files and in a local 3-member etcd (the lock on a lease, a fenced
// transaction before every batch, the audit trail, the journal and the fleet records), alternately
// on the same fleet, 3 runs each (file, etcd; etcd, file; file, etcd). Target: etcd adds under 3%.
// Writes the state-rollout section of bench/RESULTS.md. Usage: node bench/state-rollout.mjs COMMAND [HOSTS]
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { startEtcdCluster } from '../dist/fleet/etcd-cluster.js';
import { startSystemdFleet, stopSystemdFleet } from '../dist/fleet/systemd-fleet.js';
import { writeSection } from './results-section.mjs';

const [command, hostCount = '30'] = process.argv.slice(2);
const hosts = Number(hostCount);
const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'deployer-bench-state-rollout-'));
const conf = path.join(work, 'conf');
const versions = ['1.0.0', '1.1.0', '1.2.0', '1.3.0', '1.4.0', '1.5.0', '1.6.0'];
// every container's systemd takes inotify instances from one per-user limit
const inotify = Number(fs.readFileSync('/proc/sys/fs/inotify/max_user_instances', 'utf8'));
if (inotify < 32 + hosts * 8) fs.writeFileSync('/proc/sys/fs/inotify/max_user_instances', String(32 + hosts * 8));

const cluster = await startEtcdCluster({ network: 206 });
const runs = [];
try {
  const fleetDir = path.join(work, 'fleet');
  await startSystemdFleet({ dir: fleetDir, hosts, network: 63 });
  execFileSync('node', [path.join(repo, 'bin/fleet-settings.js'), fleetDir, path.join(repo, 'examples/local-fleet'), conf]);
  execFileSync('bash', [path.join(repo, 'bin/build-archives.sh'), path.join(conf, 'archives'), ...['a', 'b', 'c'].flatMap((c) => versions.map((v) => `${c}:${v}:app`))]);
  execFileSync('node', [path.join(repo, 'bench/rollout/settings.mjs'), path.join(conf, 'deployment.yml'), String(hosts)]);
  const settingsFile = path.join(conf, 'deployment.yml');
  const set = (state, version) => {
    const document = parseDocument(fs.readFileSync(settingsFile, 'utf8'));
    document.set('state', state === 'file' ? 'file' : cluster.url('bench'));
    for (const c of ['a', 'b', 'c']) document.setIn(['components', c, 'version'], version);
    fs.writeFileSync(settingsFile, document.toString());
  };
  const deploy = (state, version) => {
    set(state, version);
    const t = process.hrtime.bigint();
    const run = spawnSync('/usr/bin/time', ['-f', '%U %S', 'node', path.join(repo, 'bin/deployer.js'), 'deploy', '--conf-dir', conf, '--no-progress'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const wall = Number(process.hrtime.bigint() - t) / 1e9;
    if (run.status !== 0) throw new Error(`deploy (${state}, ${version}) exited ${run.status}: ${run.stdout.slice(-3000)}${run.stderr.slice(-2000)}`);
    const [user, system] = run.stderr.trim().split('\n').at(-1).split(' ').map(Number);
    return { state, version, wall, cpu: user + system };
  };
  deploy('file', versions[0]);
  const order = [['file', 'etcd'], ['etcd', 'file'], ['file', 'etcd']];
  let next = 1;
  for (const pair of order) for (const state of pair) {
    const run = deploy(state, versions[next++]);
    runs.push(run);
    console.log(`${run.state} -> ${run.version}: ${run.wall.toFixed(1)} s wall, ${run.cpu.toFixed(2)} s CPU`);
  }
} finally {
  await stopSystemdFleet(path.join(work, 'fleet')).catch(() => undefined);
  await cluster.stop();
  fs.writeFileSync('/proc/sys/fs/inotify/max_user_instances', String(inotify));
  fs.rmSync(work, { recursive: true, force: true });
}

const mean = (state, key) => runs.filter((r) => r.state === state).reduce((sum, r) => sum + r[key], 0) / 3;
const [fileWall, etcdWall, fileCpu, etcdCpu] = [mean('file', 'wall'), mean('etcd', 'wall'), mean('file', 'cpu'), mean('etcd', 'cpu')];
const overhead = (etcdWall / fileWall - 1) * 100;
writeSection(
  'state-rollout',
  [
    '<!-- state-rollout:begin -->',
    '## What etcd costs a rolling deploy',
    '',
    `\`${command}\` on ${os.cpus().length} cores (${new Date().toISOString().slice(0, 10)}), Node ${process.version}. bench/rollout's platform (three components a -> b -> c, each the example app, on every one of ${hosts} systemd-nspawn hosts, \`max_unavailable: 25%\`, each batch gated on its port) upgraded one version by \`deployer deploy\` with \`state: file\` and with \`state: etcd://…\` (a local 3-member etcd on loopback, data in /dev/shm: the lock on a lease, a fenced transaction and an audit line before every batch, the journal record and the fleet records), alternately on the same fleet, 3 runs each (file, etcd; etcd, file; file, etcd), means. Load average at the end: ${os.loadavg()[0].toFixed(1)}. Target: etcd adds under 3% to the wall time.`,
    '',
    '| state | wall | controller CPU (deployer and its children) | runs |',
    '|---|---|---|---|',
    `| file | ${fileWall.toFixed(2)} s | ${fileCpu.toFixed(2)} s | ${runs.filter((r) => r.state === 'file').map((r) => `${r.wall.toFixed(1)} s`).join(', ')} |`,
    `| etcd | ${etcdWall.toFixed(2)} s | ${etcdCpu.toFixed(2)} s | ${runs.filter((r) => r.state === 'etcd').map((r) => `${r.wall.toFixed(1)} s`).join(', ')} |`,
    '',
    `etcd's overhead: **${overhead >= 0 ? '+' : ''}${overhead.toFixed(1)}%** of the wall time (${overhead < 3 ? 'target met' : '**target not met**'}), ${((etcdCpu / fileCpu - 1) * 100).toFixed(1)}% of the controller's CPU.`,
    '<!-- state-rollout:end -->',
  ].join('\n'),
);
