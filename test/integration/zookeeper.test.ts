/**
 * A real quorum service rolled without losing a write: a 3-server ZooKeeper ensemble (Debian's
 * own builds, 3.8.0-11+deb12u1 and +deb12u2) on systemd hosts, upgraded and rolled back by
 * deployer with `quorum: majority` and the leader last while a client on this machine writes
 * every 50 ms and a sampler asks every server `srvr` every 200 ms. Every acknowledged write is
 * still there, the longest time without a write is bounded, never two servers are down at once,
 * and the quorum is short only during the one election the leader's own restart costs. The same
 * upgrade without a bound (max_unavailable: 100%) shows the outage: the measure can fail.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { deployer, repo, tempDir } from '../support/fleet.js';
import { editSetting, expectExit } from '../support/platform.js';
import { quorumGaps, sampleEnsemble, startWriter } from '../../src/fleet/zookeeper-load.js';
import { writeFleetSettings } from '../../src/fleet/fleet-settings.js';
import { startSystemdFleet, stopSystemdFleet, type SystemdFleetState } from '../../src/fleet/systemd-fleet.js';

let fleet: SystemdFleetState;
let dir: string;
let conf: string;
const PORT = 2181;
/** The longest a client may go without an acknowledged write while one server at a time restarts (measured 1.5 s on a busy 2-core machine). */
const LONGEST_GAP_MS = 5000;

beforeAll(async () => {
  dir = tempDir('deployer-zookeeper-');
  fleet = await startSystemdFleet({ dir, hosts: 3, network: 60, java: true });
  conf = path.join(dir, 'conf');
  writeFleetSettings(fleet, path.join(repo, 'examples/zookeeper'), conf);
  await execa('bash', [path.join(repo, 'bin/build-zookeeper-archives.sh'), path.join(conf, 'archives')]);
  expectExit(await run('deploy'), 0);
}, 900_000);
afterAll(async () => {
  if (dir) await stopSystemdFleet(dir);
}, 60_000);

const run = (...args: string[]) => deployer([...args, '--yes', '--no-progress'], { cwd: conf });
const servers = () => fleet.hosts.map((h) => ({ address: h.address, port: PORT }));
const connectString = () => servers().map((s) => `${s.address}:${s.port}`).join(',');

/** Runs `work` under the writer and the sampler; what they saw. */
async function underLoad<T>(work: () => Promise<T>) {
  const writer = await startWriter(connectString());
  const sampler = sampleEnsemble(servers());
  // a second of writes before, a second after: the gaps measured are the rollout's
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const result = await work();
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const samples = await sampler.stop();
  const written = await writer.stop();
  const stored = await writer.readBack();
  writer.close();
  const lost = written.acknowledged.filter((n) => !stored.has(n));
  const mostDown = Math.max(...samples.map((s) => s.modes.filter((m) => m === 'down').length));
  return { result, written, lost, mostDown, elections: quorumGaps(samples, 2), samples: samples.length };
}

const runningVersions = async () => {
  const status = JSON.parse(String((await deployer(['status', '--json'], { cwd: conf })).stdout)) as { rows: { host: string; running: string; state: string }[] };
  return Object.fromEntries(status.rows.map((r) => [r.host, `${r.running} ${r.state}`]));
};
const every = (value: string) => Object.fromEntries(fleet.hosts.map((h) => [h.name, value]));

type Seen = Awaited<ReturnType<typeof underLoad>>;

/** What the writer and the sampler saw during a bounded roll: printed, then every write kept, the gap bounded, at most one server down, at most one election. */
function expectNoOutage(what: string, seen: Seen): void {
  process.stdout.write(`zookeeper ${what}: ${seen.written.acknowledged.length} of ${seen.written.attempts} writes acknowledged, longest gap ${seen.written.longestGapMs} ms, elections ${JSON.stringify(seen.elections.map((g) => g.to - g.from))}\n`);
  expect(seen.written.acknowledged.length).toBeGreaterThan(100);
  expect(seen.lost).toEqual([]);
  expect(seen.written.longestGapMs).toBeLessThan(LONGEST_GAP_MS);
  expect(seen.mostDown).toBeLessThanOrEqual(1);
  expect(seen.elections.length).toBeLessThanOrEqual(1);
}

describe('a ZooKeeper ensemble rolled under a live writer', () => {
  it('upgrade deb12u1 → deb12u2, quorum: majority, leader last: no acknowledged write lost, one election, never two servers down', async () => {
    expect(await runningVersions()).toEqual(every('3.8.0-deb12u1 ok'));
    editSetting(conf, ['components', 'zookeeper', 'version'], '3.8.0-deb12u2');
    const seen = await underLoad(() => run('deploy'));
    expectExit(seen.result, 0);
    expect(seen.samples).toBeGreaterThan(20);
    expectNoOutage('upgrade', seen);
    // the leader went last: its restart is the last batch
    const out = String(seen.result.stdout);
    const leader = /-- zookeeper: cluster main: (node\d+) leads: restarted last/.exec(out)?.[1];
    expect(leader).toBeDefined();
    const batches = [...out.matchAll(/^-- zookeeper: cluster main, batch (\d) of 3 \([^)]*\)\): (node\d+) /gm)].map((m) => m[2]);
    expect(batches).toHaveLength(3);
    expect(batches.at(-1)).toBe(leader);
    expect(await runningVersions()).toEqual(every('3.8.0-deb12u2 ok'));
  }, 600_000);

  it('deployer rollback zookeeper: the same bound, the same guarantees', async () => {
    const seen = await underLoad(() => run('rollback', 'zookeeper'));
    expectExit(seen.result, 0);
    expectNoOutage('rollback', seen);
    expect([...String(seen.result.stdout).matchAll(/^-- zookeeper: cluster main, batch \d of 3 /gm)]).toHaveLength(3);
    // the settings still want deb12u2: the hosts run deb12u1, as the rollback asked
    expect(await runningVersions()).toEqual(every('3.8.0-deb12u1 drift'));
  }, 600_000);

  it('a binary patch, then rollback --patch: the patched servers restarted under the same bound and guarantees', async () => {
    // a jar of no classes: first on every server's class path once deployed
    const patches = path.join(conf, 'patches', 'zookeeper');
    fs.mkdirSync(patches, { recursive: true });
    await execa('python3', ['-c', 'import sys, zipfile; zipfile.ZipFile(sys.argv[1], "w").writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\\n")', path.join(patches, 'hotfix-1.jar')]);
    const patched = await underLoad(() => run('deploy', '-t', 'patch'));
    expectExit(patched.result, 0);
    expect(patched.lost).toEqual([]);
    expect(patched.mostDown).toBeLessThanOrEqual(1);
    fs.rmSync(patches, { recursive: true });
    const seen = await underLoad(() => run('rollback', '--patch'));
    expectExit(seen.result, 0);
    expectNoOutage('rollback --patch', seen);
    expect([...String(seen.result.stdout).matchAll(/^-- zookeeper: cluster main, batch \d of 3 /gm)]).toHaveLength(3);
  }, 600_000);

  it('with the bound removed (max_unavailable: 100%) the same measure sees the quorum lost', async () => {
    editSetting(conf, ['components', 'zookeeper', 'rollout', 'quorum'], undefined);
    editSetting(conf, ['components', 'zookeeper', 'rollout', 'max_unavailable'], '100%');
    const seen = await underLoad(() => run('deploy'));
    expectExit(seen.result, 0);
    expect(seen.written.acknowledged.length).toBeGreaterThan(20);
    expect(seen.lost).toEqual([]);
    // every server restarted at once: none serving for a while
    expect(seen.mostDown + seen.elections.length).toBeGreaterThan(1);
    expect(seen.elections.length).toBeGreaterThanOrEqual(1);
    expect(await runningVersions()).toEqual(every('3.8.0-deb12u2 ok'));
  }, 600_000);
});
