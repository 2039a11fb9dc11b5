/**
 * Dependency order on real systemd hosts: a chain a -> b -> c (b depends on a, c on b), each on
 * both hosts. A deploy of new versions restarts b only once a is healthy on its new version on
 * every host (and has stayed so for its min_healthy_time), and c only after b: read from the
 * hosts' own record of when each service's process started (systemd's monotonic timestamps:
 * every container shares this machine's kernel clock).
 */
import path from 'node:path';
import { execa } from 'execa';
import { deployer, repo, tempDir } from '../support/fleet.js';
import { editSetting, expectExit, onHosts } from '../support/platform.js';
import { writeFleetSettings } from '../../src/fleet/fleet-settings.js';
import { startSystemdFleet, stopSystemdFleet, type SystemdFleetState } from '../../src/fleet/systemd-fleet.js';

let dir: string;
let conf: string;
let fleet: SystemdFleetState;
const MIN_HEALTHY = 2;

const component = (port: number, dependsOn: string[], version: string) => ({
  version,
  ...(dependsOn.length ? { depends_on: dependsOn } : {}),
  clusters: { main: { hosts: ['node01', 'node02'] } },
  service: {
    exec_start: `{{ install_dir }}/bin/app --listen {{ ansible_host }}:${port}`,
    health: { http: `http://{{ ansible_host }}:${port}/health` },
    startup_timeout: 20,
  },
  rollout: { min_healthy_time: MIN_HEALTHY },
});
const chain = (version: string) => ({ a: component(8081, [], version), b: component(8082, ['a'], version), c: component(8083, ['b'], version) });
/** The same components with every host of each restarted at once: for the deploys that only set up a starting point (quick). */
const allAtOnce = (components: Record<string, ReturnType<typeof component>>) =>
  Object.fromEntries(Object.entries(components).map(([name, c]) => [name, { ...c, rollout: { ...c.rollout, max_unavailable: '100%' } }]));

beforeAll(async () => {
  dir = tempDir('deployer-order-');
  fleet = await startSystemdFleet({ dir, hosts: 2, network: 57 });
  conf = path.join(dir, 'conf');
  writeFleetSettings(fleet, path.join(repo, 'examples/local-fleet'), conf);
  editSetting(conf, ['components'], allAtOnce(chain('1.0.0')));
  await execa('bash', [path.join(repo, 'bin/build-archives.sh'), path.join(conf, 'archives'), ...['a', 'b', 'c'].flatMap((c) => [`${c}:1.0.0:app`, `${c}:1.1.0:app`])]);
  expectExit(await deployer(['deploy', '--no-progress'], { cwd: conf }), 0);
}, 600_000);
afterAll(async () => {
  if (dir) await stopSystemdFleet(dir);
}, 60_000);

/** host → when the service's main process started, in seconds of the shared monotonic clock. */
async function startTimes(unit: string): Promise<number[]> {
  const answers = await onHosts(conf, `systemctl show -p ExecMainStartTimestampMonotonic --value ${unit}`);
  return Object.values(answers).map((us) => Number(us) / 1e6);
}

it('b restarts only once a is healthy on its new version everywhere, and c only after b', async () => {
  editSetting(conf, ['components'], chain('1.1.0'));
  const result = await deployer(['deploy', '--no-progress'], { cwd: conf });
  expectExit(result, 0);
  // the order the run took, as it says it
  expect([...String(result.stdout).matchAll(/^== (\w+): deploy on 2 hosts$/gm)].map((m) => m[1])).toEqual(['a', 'b', 'c']);
  const [a, b, c] = await Promise.all([startTimes('a'), startTimes('b'), startTimes('c')]);
  for (const times of [a, b, c]) expect(times).toHaveLength(2);
  // each of b's processes started after a's last one had been healthy for min_healthy_time
  expect(Math.min(...b)).toBeGreaterThanOrEqual(Math.max(...a) + MIN_HEALTHY);
  expect(Math.min(...c)).toBeGreaterThanOrEqual(Math.max(...b) + MIN_HEALTHY);
  for (const host of fleet.hosts) {
    for (const port of [8081, 8082, 8083]) expect((await (await fetch(`http://${host.address}:${port}/version`)).text()).trim()).toBe('1.1.0');
  }
}, 240_000);

it('--json: events for machines, one object per line: the pre-flight, each component in order, each host result, the journal record', async () => {
  const result = await deployer(['deploy', '--json'], { cwd: conf });
  expectExit(result, 0);
  const events = String(result.stdout).trim().split('\n').map((line) => JSON.parse(line) as { event: string; component?: string; host?: string; status?: string; record?: { result: string; components: Record<string, unknown> } });
  expect(events[0]!.event).toBe('preflight');
  expect(events.filter((e) => e.event === 'component').map((e) => e.component)).toEqual(['a', 'b', 'c']);
  expect(events.filter((e) => e.event === 'component-end').map((e) => e.component)).toEqual(['a', 'b', 'c']);
  const tasks = events.filter((e) => e.event === 'task');
  expect(new Set(tasks.map((e) => e.host))).toEqual(new Set(['node01', 'node02']));
  expect(tasks.every((e) => ['ok', 'skipped'].includes(e.status!))).toBe(true);
  const last = events.at(-1)!;
  expect(last.event).toBe('record');
  expect(last.record!.result).toBe('ok');
  expect(Object.keys(last.record!.components)).toEqual(['a', 'b', 'c']);

  const plan = await deployer(['deploy', '--plan', '--json'], { cwd: conf });
  expectExit(plan, 0);
  const [only, ...more] = String(plan.stdout).trim().split('\n').map((line) => JSON.parse(line) as { event: string; components: { component: string }[] });
  expect(more).toEqual([]);
  expect(only!.event).toBe('plan');
  expect(only!.components.map((c) => c.component)).toEqual(['a', 'b', 'c']);
}, 120_000);

/** host → when the service last left `active` and last entered it, in seconds of the shared monotonic clock. */
async function activeWindows(unit: string): Promise<{ left: number; entered: number }[]> {
  const answers = await onHosts(conf, `echo $(systemctl show -p ActiveExitTimestampMonotonic -p ActiveEnterTimestampMonotonic --value ${unit})`);
  return Object.values(answers).map((line) => {
    const [entered, left] = line.split(' ').map((us) => Number(us) / 1e6);
    return { left, entered };
  });
}

describe('independent components at the same time', () => {
  // a and x depend on nothing; c on both
  const diamond = (version: string) => ({ a: component(8081, [], version), x: component(8084, [], version), c: component(8083, ['a', 'x'], version) });

  it('a and x roll at the same time, each under its own bound; c starts only once both are healthy; a failed x stops c, not a', async () => {
    // the starting point: every host of a component at once (quick); the deploy measured below keeps the default bound
    editSetting(conf, ['components'], allAtOnce(diamond('1.0.0')));
    await execa('bash', [path.join(repo, 'bin/build-archives.sh'), path.join(conf, 'archives'), 'x:1.0.0:app', 'x:1.1.0:app']);
    expectExit(await deployer(['deploy', '--no-progress'], { cwd: conf }), 0);
    editSetting(conf, ['components'], diamond('1.1.0'));
    const result = await deployer(['deploy', '--json'], { cwd: conf });
    expectExit(result, 0);
    const events = String(result.stdout).trim().split('\n').map((line) => JSON.parse(line) as { event: string; components?: string[] });
    expect(events.filter((e) => e.event === 'layer').map((e) => e.components)).toEqual([['a', 'x'], ['c']]);
    const [a, x, c] = await Promise.all([activeWindows('a'), activeWindows('x'), activeWindows('c')]);
    // one host at a time within each component, but a's and x's restarts overlap in time
    const span = (windows: { left: number; entered: number }[]) => ({ from: Math.min(...windows.map((w) => w.left)), to: Math.max(...windows.map((w) => w.entered)) + MIN_HEALTHY });
    const [spanA, spanX] = [span(a), span(x)];
    expect(spanA.from).toBeLessThan(spanX.to);
    expect(spanX.from).toBeLessThan(spanA.to);
    // c went down only after the last of a and x had been healthy for min_healthy_time
    expect(Math.min(...c.map((w) => w.left))).toBeGreaterThanOrEqual(Math.max(spanA.to, spanX.to));

    // x fails its gate on its next release: c (depends on x) does not start; a finishes
    editSetting(conf, ['components'], { ...diamond('1.0.0'), x: { ...component(8084, [], '1.0.0'), service: { ...component(8084, [], '1.0.0').service, health: { tcp: '{{ ansible_host }}:9' }, startup_timeout: 3 } } });
    const failed = await deployer(['deploy', '--no-progress'], { cwd: conf });
    expectExit(failed, 2);
    expect(String(failed.stdout)).toContain('  c: not started: it depends on x, which failed');
    for (const host of fleet.hosts) expect((await (await fetch(`http://${host.address}:8081/version`)).text()).trim()).toBe('1.0.0');
    for (const host of fleet.hosts) expect((await (await fetch(`http://${host.address}:8083/version`)).text()).trim()).toBe('1.1.0');
    const history = String((await deployer(['history', '-n', '1'], { cwd: conf })).stdout);
    expect(history).toContain('    c: not started: it depends on x, which failed');
  }, 300_000);
});
