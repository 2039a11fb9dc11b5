/**
 * Rollouts with the deploy lock, journal and fleet records on a 3-member etcd, on real systemd
 * hosts (3 systemd-nspawn containers). A restart goes on when etcd's leader is killed between
 * batches, then a follower; a deploy stops before its next batch when two members are gone
 * (exit 3, `lost lock` in the local audit, every host on the release its journal record names);
 * a controller killed mid-rollout lets the lock go after about a lease and the next deploy
 * converges; a controller paused past its lease while a second one restarts the hosts is refused
 * at its next batch, by the lock check and, with that check switched off (a test hook), by the
 * hosts' fence files. A deploy's own fleet records make `status --from-state` match `status`.
 */
import fs from 'node:fs';
import type { ResultPromise } from 'execa';
import { startEtcdCluster, type EtcdCluster } from '../../src/fleet/etcd-cluster.js';
import { stopSystemdFleet } from '../../src/fleet/systemd-fleet.js';
import { readAudit } from '../../src/state/audit.js';
import { openStore } from '../../src/state/open.js';
import { readJournal } from '../../src/state/journal.js';
import { deployer } from '../support/fleet.js';
import { editSetting, expectExit, onHosts, startAppFleet } from '../support/platform.js';

const HOSTS = ['node01', 'node02', 'node03'];
/** The lock's lease: short, so that a paused or killed controller loses it within the test. */
const LEASE = 3;

let cluster: EtcdCluster;
let dir: string;
let conf: string;
let prefixes = 0;

beforeAll(async () => {
  cluster = await startEtcdCluster({ network: 205 });
  ({ dir, conf } = await startAppFleet({ prefix: 'deployer-etcd-rollout-', hosts: 3, network: 62, versions: ['1.0.0', '1.1.0'] }));
  // each batch stays at least this long: a member can be killed while one is under way
  editSetting(conf, ['rollout', 'min_healthy_time'], 2);
  editSetting(conf, ['state_options'], { lease_ttl: LEASE });
  usePrefix();
  expectExit(await deployer(['deploy', '--yes', '--no-progress'], { cwd: conf }), 0);
}, 600_000);
afterAll(async () => {
  if (dir) await stopSystemdFleet(dir);
  await cluster?.stop();
}, 60_000);
afterEach(async () => {
  fs.rmSync(`${conf}-b`, { recursive: true, force: true });
  // every member up again for the next test
  for (const member of cluster.members) if (member.pid === undefined) await cluster.restart(member);
}, 60_000);

/** A fresh etcd prefix for the platform (no lock, journal or records from another test). */
let currentUrl: string;
function usePrefix(): void {
  currentUrl = cluster.url(`shop-${process.pid}-${++prefixes}`);
  editSetting(conf, ['state'], currentUrl);
}

/** A second controller: another configuration folder for the same platform and store. */
function secondController(): string {
  const other = `${conf}-b`;
  fs.rmSync(other, { recursive: true, force: true });
  fs.cpSync(conf, other, { recursive: true });
  return other;
}

interface Watched {
  child: ResultPromise;
  /** Resolves at the first JSON event that `match` accepts. */
  until(match: (event: Record<string, unknown>) => boolean): Promise<void>;
}

/** A run with --json whose events can be waited for while it goes on. */
function watched(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Watched {
  const child = deployer([...args, '--yes', '--json'], { cwd: options.cwd ?? conf, env: options.env });
  const seen: Record<string, unknown>[] = [];
  const waiting: { match(event: Record<string, unknown>): boolean; resolve(): void }[] = [];
  let rest = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString()).split('\n');
    rest = lines.pop()!;
    for (const line of lines) {
      const event = JSON.parse(line) as Record<string, unknown>;
      seen.push(event);
      for (const w of waiting.filter((x) => x.match(event))) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve();
      }
    }
  });
  return {
    child,
    until: (match) => (seen.some(match) ? Promise.resolve() : new Promise((resolve) => waiting.push({ match, resolve }))),
  };
}

/** The rollout's words as a batch starts (after its fence). */
const batchStart = (n: number) => (event: Record<string, unknown>) => typeof event.text === 'string' && event.text.startsWith(`cluster main, batch ${n} of 3 (`);
/** node01's service restarted by the first batch: its health gate is under way. */
const firstRestarted = (event: Record<string, unknown>) => event.host === 'node01' && /: restart app(\.service)?$/.test(String(event.task)) && event.status === 'changed';

/** host → when its app service last entered `active` (µs of the monotonic clock the containers share). */
async function startedAt(): Promise<Record<string, number>> {
  const answers = await onHosts(conf, 'systemctl show -p ActiveEnterTimestampMonotonic --value app');
  return Object.fromEntries(Object.entries(answers).map(([host, value]) => [host, Number(value)]));
}

async function until(check: () => Promise<boolean>, seconds = 30): Promise<void> {
  const end = Date.now() + seconds * 1000;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
const lockFree = async (cwd = conf) => (await deployer(['lock', 'status'], { cwd })).exitCode === 0;

describe('a rollout whose lock and journal are in etcd', () => {
  it('goes on when the etcd leader is killed during a batch, then a follower (the leader back meanwhile)', async () => {
    usePrefix();
    const before = await startedAt();
    const run = watched(['restart', 'app']);
    await run.until(batchStart(1));
    const leader = await cluster.leader();
    await cluster.kill(leader);
    await run.until(batchStart(2));
    await cluster.restart(leader);
    const now = await cluster.leader();
    await cluster.kill(cluster.members.find((m) => m !== now && m.pid !== undefined)!);
    expectExit(await run.child, 0);
    const after = await startedAt();
    expect(HOSTS.filter((h) => after[h] !== before[h])).toEqual(HOSTS);
    const history = await deployer(['history', '--json'], { cwd: conf });
    expect(String(history.stdout).trim().split('\n').map((l) => (JSON.parse(l) as { result: string }).result)).toEqual(['ok']);
  }, 180_000);

  it('stops before its next batch when two of three members are gone: exit 3, lost lock, every host on the release its record names', async () => {
    usePrefix();
    editSetting(conf, ['components', 'app', 'version'], '1.1.0');
    const run = watched(['deploy']);
    await run.until(batchStart(1));
    await cluster.kill(cluster.members[0]);
    await cluster.kill(cluster.members[1]);
    const result = await run.child;
    expectExit(result, 3);
    expect(String(result.stderr)).toContain('[ERROR]: lost the deploy lock');
    // etcd could not take them: the run's end and its record are in the configuration folder
    expect(readAudit(conf).filter((l) => l.event === 'end').map((l) => l.result)).toEqual(['lost lock']);
    const record = readJournal(conf).records.at(-1)!;
    expect(record.result).toBe('lost lock');
    // the record names each host's release, and the hosts' units say the same
    const units = await onHosts(conf, "sed -n 's/^# X-Deployer-Release=//p' /opt/platform/.deployer/app/start");
    expect(Object.fromEntries(HOSTS.map((h) => [h, record.components.app[h].after]))).toEqual(units);
    expect(units.node01).toBe('app-1.1.0');

    // etcd back: the lock outlives the dead run until its lease ends, or --break-lock takes it
    for (const member of cluster.members.slice(0, 2)) await cluster.restart(member);
    expectExit(await deployer(['deploy', '--yes', '--no-progress', '--break-lock'], { cwd: conf }), 0);
    const status = JSON.parse(String((await deployer(['status', '--json'], { cwd: conf })).stdout)) as { rows: { running: string; state: string }[] };
    expect(status.rows.map((r) => [r.running, r.state])).toEqual(HOSTS.map(() => ['1.1.0', 'ok']));
  }, 240_000);

  it('a controller killed mid-rollout lets the lock go after about a lease; history says it did not finish; the next deploy converges', async () => {
    usePrefix();
    editSetting(conf, ['components', 'app', 'version'], '1.0.0');
    const run = watched(['deploy']);
    await run.until(batchStart(2));
    run.child.kill('SIGKILL');
    await run.child;
    const killed = Date.now();
    // read from etcd itself, every 100 ms (a deployer command per read would blur the measure)
    const store = await openStore({ confDir: conf, state: { url: currentUrl, leaseTtl: LEASE, lockWait: 0, tls: {} } }, { env: {} });
    try {
      while ((await store.readLock()) !== undefined) await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await store.close();
    }
    // etcd ends a lease within its TTL and a second or two (its leader checks expiries every half second)
    expect((Date.now() - killed) / 1000).toBeLessThan(LEASE + 3);
    expect(String((await deployer(['history'], { cwd: conf })).stdout)).toMatch(/DID NOT FINISH/);
    expectExit(await deployer(['deploy', '--yes', '--no-progress'], { cwd: conf }), 0);
    // the deploy's own records, read back with no host asked, say what a live status says
    type Rows = { rows: { host: string; running: string; state: string; process: { pid: number } | null }[] };
    const rows = async (...args: string[]) => (JSON.parse(String((await deployer(['status', '--json', ...args], { cwd: conf })).stdout)) as Rows).rows.map((r) => [r.host, r.running, r.state, r.process?.pid]);
    const recorded = await rows('--from-state');
    expect(recorded).toEqual(HOSTS.map((h) => [h, '1.0.0', 'ok', expect.any(Number)]));
    expect(recorded).toEqual(await rows());
  }, 240_000);

  it.each([
    ['by the lock check in etcd', {}, 3],
    ['by the hosts\' fence files when that check is off', { DEPLOYER_TEST_NO_FENCE_CHECK: '1' }, 2],
  ])('a controller paused past its lease while another restarts the hosts is refused at its next batch: %s', async (_, env, code) => {
    usePrefix();
    const other = secondController();
    const paused = watched(['restart', 'app'], { env });
    // paused while the first batch's host is restarted and its health gate runs: the next step is a batch's fence
    await paused.until(firstRestarted);
    process.kill(paused.child.pid!, 'SIGSTOP');
    try {
      await until(() => lockFree(other), LEASE + 10);
      expectExit(await deployer(['restart', 'app', '--yes', '--no-progress'], { cwd: other }), 0);
    } finally {
      process.kill(paused.child.pid!, 'SIGCONT');
    }
    const byOther = await startedAt();
    const result = await paused.child;
    expectExit(result, code);
    if (code === 3) expect(String(result.stderr)).toContain('[ERROR]: lost the deploy lock');
    else expect(String(result.stdout)).toMatch(/node02: fenced: this run's deploy lock token \d+ is older than \d+/);
    // nothing restarted after the second controller's run
    expect(await startedAt()).toEqual(byOther);
  }, 240_000);
});
