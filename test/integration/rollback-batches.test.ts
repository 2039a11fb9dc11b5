/**
 * `deployer rollback` and `rollback --patch` on real systemd hosts (5 systemd-nspawn containers)
 * restart under the cluster's bound, exactly as a deploy does: every unit pointed back first
 * (nothing restarted), then the hosts restarted in batches, each healthy before the next. When
 * each host went down and came back is read from systemd on the hosts (the monotonic clock every
 * container shares with this machine), so the count of hosts down at once does not depend on a
 * sampler catching a short restart. The same rollback without a bound shows every host down at
 * once: the measure can fail.
 */
import fs from 'node:fs';
import path from 'node:path';
import { deployer, repo } from '../support/fleet.js';
import { editSetting, expectExit, onHosts, startAppFleet } from '../support/platform.js';
import { stopSystemdFleet, type SystemdFleetState } from '../../src/fleet/systemd-fleet.js';
import { readJournal } from '../../src/state/journal.js';

let fleet: SystemdFleetState;
let dir: string;
let conf: string;
const FIVE = ['node01', 'node02', 'node03', 'node04', 'node05'];
/** The example's min_healthy_time: a restarted host counts as down until it has been healthy this long. */
const MIN_HEALTHY = 1;

beforeAll(async () => {
  ({ fleet, dir, conf } = await startAppFleet({ prefix: 'deployer-rollback-', hosts: 5, network: 59, versions: ['1.0.0', '1.1.0'] }));
  await upgradeFast('1.0.0');
}, 600_000);
afterAll(async () => {
  if (dir) await stopSystemdFleet(dir);
}, 60_000);

function setting(keys: (string | number)[], value: unknown) {
  editSetting(conf, keys, value);
}
const run = (...args: string[]) => deployer([...args, '--yes', '--no-progress'], { cwd: conf });
const addressOf = (host: string) => fleet.hosts.find((h) => h.name === host)!.address;

/** Every host to `version` with no bound (quick): the state each test starts from. */
async function upgradeFast(version: string): Promise<void> {
  setting(['components', 'app', 'rollout'], { max_unavailable: '100%' });
  setting(['components', 'app', 'version'], version);
  expectExit(await run('deploy'), 0);
  setting(['components', 'app', 'rollout'], undefined);
}

async function version(host: string): Promise<string> {
  try {
    return (await (await fetch(`http://${addressOf(host)}:8080/version`, { signal: AbortSignal.timeout(3000) })).text()).trim();
  } catch {
    return 'down';
  }
}
const versions = async () => Object.fromEntries(await Promise.all(FIVE.map(async (h) => [h, await version(h)])));
const every = (value: string) => Object.fromEntries(FIVE.map((h) => [h, value]));

/** host → when its service last left `active` and last entered it, in seconds of the shared monotonic clock. */
async function activeTimes(): Promise<Record<string, { left: number; entered: number }>> {
  const answers = await onHosts(conf, 'echo $(systemctl show -p ActiveExitTimestampMonotonic -p ActiveEnterTimestampMonotonic --value app)');
  return Object.fromEntries(
    Object.entries(answers).map(([host, line]) => {
      const [entered, left] = line.split(' ').map((us) => Number(us) / 1e6);
      return [host, { left, entered }];
    }),
  );
}

/**
 * Runs `work`, then reads on each host when its service went down and came back; returns the most
 * hosts down at once, a host counting as down from leaving `active` until it had been back for
 * MIN_HEALTHY seconds (what its health gate waits for before the next batch).
 */
async function mostDownDuring<T>(work: () => Promise<T>): Promise<{ result: T; mostDown: number; restarted: string[] }> {
  const before = await activeTimes();
  const result = await work();
  const after = await activeTimes();
  const restarted = FIVE.filter((h) => after[h].left !== before[h].left);
  const edges = restarted.flatMap((h) => [
    { at: after[h].left, down: 1 },
    { at: after[h].entered + MIN_HEALTHY, down: -1 },
  ]);
  // at one instant a host coming back is counted before one going down
  edges.sort((a, b) => a.at - b.at || a.down - b.down);
  let down = 0;
  let mostDown = 0;
  for (const edge of edges) mostDown = Math.max(mostDown, (down += edge.down));
  return { result, mostDown, restarted };
}

const batchLines = (stdout: unknown) => [...String(stdout).matchAll(/^-- app: cluster main, batch (\d) of (\d) \(([^)]*\)?)\): (.*)$/gm)].map((m) => `${m[1]}/${m[2]} ${m[4]}`);

describe('deployer rollback restarts under the rollout bound', () => {
  it('one host at a time by default: every unit pointed back first, then five batches, never two hosts down', async () => {
    await upgradeFast('1.1.0');
    const { result, mostDown, restarted } = await mostDownDuring(() => run('rollback', 'app'));
    expectExit(result, 0);
    expect(restarted).toEqual(FIVE);
    expect(mostDown).toBe(1);
    expect(await versions()).toEqual(every('1.0.0'));
    const out = String(result.stdout);
    expect(out).toContain('-- app: point the units back on 5 hosts (nothing restarted yet)');
    expect(batchLines(out)).toEqual(FIVE.map((h, i) => `${i + 1}/5 ${h} 1.1.0 → 1.0.0`));
    const last = readJournal(conf).records.at(-1)!;
    expect(last.action).toBe('rollback');
    expect(Object.fromEntries(Object.entries(last.components.app).map(([h, r]) => [h, `${r.before} → ${r.after}`]))).toEqual(every('app-1.1.0 → app-1.0.0'));
  }, 240_000);

  it('quorum: majority of five: two at a time, never three down', async () => {
    await upgradeFast('1.1.0');
    setting(['components', 'app', 'rollout'], { quorum: 'majority' });
    const { result, mostDown } = await mostDownDuring(() => run('rollback', 'app'));
    expectExit(result, 0);
    expect(mostDown).toBe(2);
    expect(batchLines(result.stdout)).toEqual(['1/3 node01 1.1.0 → 1.0.0, node02 1.1.0 → 1.0.0', '2/3 node03 1.1.0 → 1.0.0, node04 1.1.0 → 1.0.0', '3/3 node05 1.1.0 → 1.0.0']);
    expect(await versions()).toEqual(every('1.0.0'));
  }, 240_000);

  it('with the bound removed (max_unavailable: 100%) the same measure sees every host down at once', async () => {
    await upgradeFast('1.1.0');
    setting(['components', 'app', 'rollout'], { max_unavailable: '100%' });
    const { result, mostDown } = await mostDownDuring(() => run('rollback', 'app'));
    expectExit(result, 0);
    expect(mostDown).toBe(5);
    expect(await versions()).toEqual(every('1.0.0'));
  }, 240_000);

  it('a host that fails its gate on the release it went back to returns to the one it ran; the hosts after it are left as they run, on known releases', async () => {
    await upgradeFast('1.1.0');
    // node02's copy of 1.0.0 no longer starts
    await onHosts(conf, 'sed -i s/fail_at_start=false/fail_at_start=true/ /opt/platform/app-1.0.0/conf/app.conf', 'node02');
    const result = await run('rollback', 'app');
    expectExit(result, 2);
    expect(await versions()).toEqual({ node01: '1.0.0', node02: '1.1.0', node03: '1.1.0', node04: '1.1.0', node05: '1.1.0' });
    const out = String(result.stdout);
    expect(out).toContain('-- app: node02 failed the health gate: node02 rolled back to the release it ran; the rollout of app stops');
    expect(out).toContain('-- app: units of node03, node04, node05 put back on the release they run (not restarted)');
    // every unit starts what runs: nothing is left pending
    const status = JSON.parse(String((await deployer(['status', '--json'], { cwd: conf })).stdout)) as { rows: { host: string; state: string; running: string; configured: string }[] };
    expect(Object.fromEntries(status.rows.map((r) => [r.host, `${r.running}/${r.configured}`]))).toEqual({ node01: '1.0.0/1.0.0', node02: '1.1.0/1.1.0', node03: '1.1.0/1.1.0', node04: '1.1.0/1.1.0', node05: '1.1.0/1.1.0' });
    expect(status.rows.every((r) => r.state !== 'restart pending')).toBe(true);
    const last = readJournal(conf).records.at(-1)!;
    expect(Object.fromEntries(Object.entries(last.components.app).map(([h, r]) => [h, r.after]))).toEqual({ node01: 'app-1.0.0', node02: 'app-1.1.0', node03: 'app-1.1.0', node04: 'app-1.1.0', node05: 'app-1.1.0' });
    await onHosts(conf, 'sed -i s/fail_at_start=true/fail_at_start=false/ /opt/platform/app-1.0.0/conf/app.conf', 'node02');
  }, 240_000);

  it('rollout.leader: the host whose command says it leads restarts last, in a deploy and in a rollback, read before each batch', async () => {
    await upgradeFast('1.0.0');
    await onHosts(conf, 'touch /run/app-leads', 'node01');
    setting(['components', 'app', 'rollout'], { leader: 'test -e /run/app-leads' });
    setting(['components', 'app', 'version'], '1.1.0');
    const plan = await run('deploy', '--plan');
    expectExit(plan, 0);
    expect(String(plan.stdout)).toContain('     leader (restarted last; read again before each batch): node01\n     batch 1: node02 1.0.0 → 1.1.0\n');
    expect(String(plan.stdout)).toContain('     batch 5: node01 1.0.0 → 1.1.0\n');
    const deployed = await run('deploy');
    expectExit(deployed, 0);
    expect(String(deployed.stdout)).toContain('-- app: cluster main: node01 leads: restarted last');
    expect(batchLines(deployed.stdout).map((l) => l.split(' ')[1])).toEqual(['node02', 'node03', 'node04', 'node05', 'node01']);
    // leadership moves to node03: the rollback reads it
    await onHosts(conf, 'rm /run/app-leads', 'node01');
    await onHosts(conf, 'touch /run/app-leads', 'node03');
    const back = await run('rollback', 'app');
    expectExit(back, 0);
    expect(batchLines(back.stdout).map((l) => l.split(' ')[1])).toEqual(['node01', 'node02', 'node04', 'node05', 'node03']);
    await onHosts(conf, 'rm -f /run/app-leads');
    setting(['components', 'app', 'rollout'], undefined);
  }, 240_000);

  it('rollback --patch: every patch folder removed first, then the patched hosts restarted one at a time', async () => {
    await upgradeFast('1.1.0');
    fs.mkdirSync(path.join(conf, 'patches', 'app'), { recursive: true });
    fs.copyFileSync(path.join(repo, 'examples/local-fleet/patch-example/hotfix-1.jar'), path.join(conf, 'patches', 'app', 'hotfix-1.jar'));
    // the patch goes on every host at once (setup, quick); the rollback below keeps the default bound
    setting(['components', 'app', 'rollout'], { max_unavailable: '100%' });
    expectExit(await run('deploy', '-t', 'patch'), 0);
    setting(['components', 'app', 'rollout'], undefined);
    expect(await onHosts(conf, 'ls /opt/platform/platform-1/patch')).toEqual(every('hotfix-1.jar'));
    const { result, mostDown, restarted } = await mostDownDuring(() => run('rollback', '--patch'));
    expectExit(result, 0);
    expect(restarted).toEqual(FIVE);
    expect(mostDown).toBe(1);
    expect(batchLines(result.stdout)).toHaveLength(5);
    expect(await onHosts(conf, 'test -e /opt/platform/platform-1/patch && echo present || echo gone')).toEqual(every('gone'));
    expect(await versions()).toEqual(every('1.1.0'));
  }, 240_000);
});
