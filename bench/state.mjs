// The state stores' speed: the deploy lock taken and let go (file store, and etcd for comparison),
// and `deployer status --from-state` for HOSTS hosts x COMPONENTS components from each store
// (target: under 1 s, the whole command with Node's start). Writes the state section of
// bench/RESULTS.md. Usage: node bench/state.mjs COMMAND [HOSTS] [COMPONENTS]
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEtcdCluster } from '../dist/fleet/etcd-cluster.js';
import { openStore } from '../dist/state/open.js';
import { writeSection } from './results-section.mjs';

const [command, hostCount = '10000', componentCount = '5'] = process.argv.slice(2);
const hosts = Number(hostCount);
const components = Number(componentCount);
const repo = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'deployer-bench-state-'));
const cluster = await startEtcdCluster({ network: 205 });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p99 = (xs) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.99))];
const ms = (x) => `${x.toFixed(2)} ms`;
const name = (i) => `node${String(i).padStart(5, '0')}`;

/** Every host runs every component; clusters of 100 hosts. */
function settings(state) {
  const lines = ['platform: { name: bench, install_root: /data/opt }', 'hosts:'];
  for (let i = 0; i < hosts; i++) lines.push(`  ${name(i)}: { ansible_host: 127.1.${(i >> 8) & 255}.${i & 255} }`);
  lines.push('components:');
  for (let c = 0; c < components; c++) {
    lines.push(`  service${c}:`, `    version: 1.${c}.0`, '    clusters:');
    for (let k = 0; k * 100 < hosts; k++) lines.push(`      c${k}: { hosts: [${Array.from({ length: Math.min(100, hosts - k * 100) }, (_, j) => name(k * 100 + j)).join(', ')}] }`);
    lines.push('    service: { exec_start: "{{ install_dir }}/bin/run" }');
  }
  lines.push(`state: ${state}`);
  return `${lines.join('\n')}\n`;
}

async function measureLock(store, rounds) {
  const acquire = [];
  const release = [];
  for (let i = 0; i < rounds; i++) {
    let t = process.hrtime.bigint();
    const lock = await store.acquireLock({ command: ['bench'], run: `r${i}` });
    acquire.push(Number(process.hrtime.bigint() - t) / 1e6);
    t = process.hrtime.bigint();
    await lock.release();
    release.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return { acquire, release };
}

/** Wall and CPU seconds of 7 runs of a deployer command; `check` says whether a run did its job. */
function timeCommand(args, check) {
  const wall = [];
  const cpu = [];
  for (let i = 0; i < 7; i++) {
    const t = process.hrtime.bigint();
    const run = spawnSync('/usr/bin/time', ['-f', '%U %S', 'node', path.join(repo, 'bin/deployer.js'), ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    wall.push(Number(process.hrtime.bigint() - t) / 1e9);
    const [user, system] = run.stderr.trim().split('\n').at(-1).split(' ').map(Number);
    cpu.push(user + system);
    if (!check(run)) throw new Error(`deployer ${args.join(' ')} exited ${run.status}: ${run.stderr.slice(0, 2000)}`);
  }
  return { wall, cpu };
}
const timeStatus = (dir) => timeCommand(['status', '--from-state', '--conf-dir', dir], (run) => run.status === 1 && run.stdout.includes(`${hosts * components} rows`));

const results = [];
try {
  for (const kind of ['file', 'etcd']) {
    const dir = path.join(work, kind);
    fs.mkdirSync(dir);
    const url = kind === 'file' ? 'file' : cluster.url('bench');
    fs.writeFileSync(path.join(dir, 'deployment.yml'), settings(url));
    const store = await openStore({ confDir: dir, state: { url, leaseTtl: 30, lockWait: 0, tls: {} } }, { env: {} });
    const at = new Date().toISOString();
    const updates = [];
    for (let i = 0; i < hosts; i++) {
      for (let c = 0; c < components; c++) {
        // one host in ten prepared for the next release, not restarted yet
        updates.push({ host: name(i), component: `service${c}`, ...(i % 10 === 0 ? { staging: { release: `service${c}-1.${c}.1`, at } } : {}), current: { release: `service${c}-1.${c}.0`, pid: 1000 + i, started: at, at } });
      }
    }
    let t = Date.now();
    await store.writeFleet({ hosts: updates });
    const written = (Date.now() - t) / 1000;
    const lock = await measureLock(store, kind === 'file' ? 1000 : 300);
    await store.close();
    t = Date.now();
    const status = timeStatus(dir);
    const validate = timeCommand(['validate', '--conf-dir', dir], (run) => run.status === 0);
    results.push({ kind, written, lock, status, validate });
    console.log(kind, 'acquire median', median(lock.acquire), 'p99', p99(lock.acquire), 'status median', median(status.wall), 'validate', median(validate.wall));
  }
} finally {
  await cluster.stop();
  fs.rmSync(work, { recursive: true, force: true });
}

const seconds = (t) => `${median(t.wall).toFixed(3)} s (CPU ${median(t.cpu).toFixed(2)} s)`;
const row = (r) =>
  `| ${r.kind} | ${r.lock.acquire.length} | ${ms(median(r.lock.acquire))} | ${ms(p99(r.lock.acquire))} | ${ms(median(r.lock.release))} | ${ms(p99(r.lock.release))} | ${seconds(r.status)} | ${median(r.status.wall) < 1 ? 'met' : '**not met**'} | ${seconds(r.validate)} | ${r.written.toFixed(1)} s |`;
writeSection(
  'state',
  [
    '<!-- state:begin -->',
    '## State stores: the deploy lock, and status from the fleet records',
    '',
    `\`${command}\` on ${os.cpus().length} cores (${new Date().toISOString().slice(0, 10)}). The lock: taken and let go in one process, one after the other (etcd: a lease granted, the create-if-absent transaction, the lease revoked; a local 3-member cluster on loopback, data in /dev/shm). \`deployer status --from-state\`: the whole command, Node's start included, ${hosts.toLocaleString('en')} hosts x ${components} components (${(hosts * components).toLocaleString('en')} rows, every host's records written first), median of 7 runs, wall and CPU (user + system); \`deployer validate\` of the same settings is the floor: every command loads and checks them first (${hosts.toLocaleString('en')} hosts x ${components} components rendered). Load average when it ran: ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} cores. Target: under 1 s.`,
    '',
    '| store | lock rounds | acquire median | acquire p99 | release median | release p99 | status --from-state | target | validate (floor) | records written |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...results.map(row),
    '<!-- state:end -->',
  ].join('\n'),
);
