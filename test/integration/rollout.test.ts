/**
 * Rolling deploys on real systemd hosts (5 systemd-nspawn containers): every host prepared at
 * once, restarts in batches under the cluster's bound (sampled from outside while the rollout
 * runs), a host that fails its health gate rolled back at once and the rollout stopped, hosts
 * that were down before the run counted against the bound, the run's failure policy, the plan
 * and its confirmation on a terminal, and the pre-flight that refuses a full install root.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { parseDocument } from 'yaml';
import { deployer, repo } from '../support/fleet.js';
import { editSetting, expectExit, onHosts, startAppFleet } from '../support/platform.js';
import { stopSystemdFleet, type SystemdFleetState } from '../../src/fleet/systemd-fleet.js';
import { readJournal } from '../../src/state/journal.js';

let fleet: SystemdFleetState;
let dir: string;
let conf: string;
const FIVE = ['node01', 'node02', 'node03', 'node04', 'node05'];

beforeAll(async () => {
  ({ fleet, dir, conf } = await startAppFleet({ prefix: 'deployer-rollout-', hosts: 5, network: 56, versions: ['1.0.0', '1.1.0', '1.2.0', '1.3.0'] }));
  expectExit(await converge(), 0);
}, 600_000);
afterAll(async () => {
  if (dir) await stopSystemdFleet(dir);
}, 60_000);

function setting(keys: (string | number)[], value: unknown) {
  editSetting(conf, keys, value);
}
const deploy = (...args: string[]) => deployer(['deploy', '--no-progress', ...args], { cwd: conf });
const addressOf = (host: string) => fleet.hosts.find((h) => h.name === host)!.address;

/**
 * A deploy that only brings the hosts back to a known state: every host at once (no bound, so
 * quick), then the app's rollout as it was. The rollouts the tests measure keep their bound.
 */
async function converge(...args: string[]): Promise<Awaited<ReturnType<typeof deploy>>> {
  const keys = ['components', 'app', 'rollout'];
  const was = (parseDocument(fs.readFileSync(path.join(conf, 'deployment.yml'), 'utf8')).toJS() as { components: { app: { rollout?: unknown } } }).components.app.rollout;
  setting(keys, { max_unavailable: '100%' });
  try {
    return await deploy(...args);
  } finally {
    setting(keys, was);
  }
}

/** A command inside a host's container, straight from this machine (no ssh: at once, and works when its sshd does not). */
async function inContainer(host: string, ...command: string[]): Promise<void> {
  const pid = fleet.hosts.find((h) => h.name === host)!.pid;
  const systemd = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/)[0];
  await execa('nsenter', ['--target', systemd!, '--all', ...command]);
}

/** What a host's app answers; 'down' when nothing listens (refused), 'slow' when it does not answer in time (a busy machine, not a down service). */
async function version(host: string): Promise<string> {
  try {
    const answer = await fetch(`http://${addressOf(host)}:8080/version`, { signal: AbortSignal.timeout(3000) });
    return (await answer.text()).trim();
  } catch (error) {
    return ((error as Error & { cause?: { code?: string } }).cause?.code ?? '') === 'ECONNREFUSED' ? 'down' : 'slow';
  }
}
const versions = async (hosts = FIVE) => Object.fromEntries(await Promise.all(hosts.map(async (h) => [h, await version(h)])));
const mainPids = () => onHosts(conf, 'systemctl show -p MainPID --value app');

/** Resolves once a running command's output matches `pattern`; fails if it ends first. */
function printed(run: ReturnType<typeof deploy>, pattern: RegExp): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let seen = '';
    run.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (pattern.test(seen)) resolve();
    });
    run.then(() => reject(new Error(`the command ended before printing ${pattern}:\n${seen}`)), reject);
  });
}

/** Samples every host's health every 250 ms while `work` runs; returns the most hosts down at once. */
async function mostDownWhile<T>(work: Promise<T>, hosts = FIVE): Promise<{ result: T; mostDown: number; samples: number }> {
  let done = false;
  let mostDown = 0;
  let samples = 0;
  const sampler = (async () => {
    while (!done) {
      const started = Date.now();
      const answers = await Promise.all(hosts.map((h) => version(h)));
      mostDown = Math.max(mostDown, answers.filter((a) => a === 'down').length);
      samples++;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 250 - (Date.now() - started))));
    }
  })();
  const result = await work.finally(() => {
    done = true;
  });
  await sampler;
  return { result, mostDown, samples };
}

describe('rolling deploys on systemd hosts', () => {
  it('one host at a time by default: never two of five down, each restarted host healthy before the next', async () => {
    setting(['components', 'app', 'version'], '1.1.0');
    const { result, mostDown, samples } = await mostDownWhile(deploy());
    expectExit(result, 0);
    expect(samples).toBeGreaterThan(5);
    expect(mostDown).toBeLessThanOrEqual(1);
    expect(await versions()).toEqual(Object.fromEntries(FIVE.map((h) => [h, '1.1.0'])));
    const batches = [...String(result.stdout).matchAll(/^-- app: cluster main, batch (\d) of 5 \(one host at a time/gm)];
    expect(batches.map((m) => m[1])).toEqual(['1', '2', '3', '4', '5']);
  }, 180_000);

  it('quorum: majority of five: two at a time, never three down', async () => {
    setting(['components', 'app', 'rollout'], { quorum: 'majority' });
    setting(['components', 'app', 'version'], '1.2.0');
    const { result, mostDown } = await mostDownWhile(deploy());
    expectExit(result, 0);
    expect(mostDown).toBeLessThanOrEqual(2);
    expect(String(result.stdout)).toContain('-- app: cluster main, batch 1 of 3 (quorum: majority (2 of 5 down at most)): node01 1.1.0 → 1.2.0, node02 1.1.0 → 1.2.0');
    expect(await versions()).toEqual(Object.fromEntries(FIVE.map((h) => [h, '1.2.0'])));
  }, 180_000);

  it('quorum: majority of three: one at a time, never two of the three down', async () => {
    const three = ['node01', 'node02', 'node03'];
    setting(['components', 'app', 'rollout'], { quorum: 'majority' });
    setting(['components', 'app', 'clusters', 'main', 'hosts'], three);
    setting(['components', 'app', 'version'], '1.3.0');
    const { result, mostDown, samples } = await mostDownWhile(deploy(), three);
    expectExit(result, 0);
    expect(samples).toBeGreaterThan(5);
    expect(mostDown).toBeLessThanOrEqual(1);
    const batches = [...String(result.stdout).matchAll(/^-- app: cluster main, batch (\d) of 3 \(quorum: majority \(1 of 3 down at most\)\): (\S+) 1\.2\.0 → 1\.3\.0$/gm)];
    expect(batches.map((m) => `${m[1]} ${m[2]}`)).toEqual(['1 node01', '2 node02', '3 node03']);
    expect(await versions(three)).toEqual({ node01: '1.3.0', node02: '1.3.0', node03: '1.3.0' });
    // back to five hosts on 1.2.0 for the tests below
    setting(['components', 'app', 'clusters', 'main', 'hosts'], FIVE);
    setting(['components', 'app', 'version'], '1.2.0');
    expectExit(await converge(), 0);
    expect(await versions()).toEqual(Object.fromEntries(FIVE.map((h) => [h, '1.2.0'])));
  }, 180_000);

  it('before each later batch the cluster is read again: a host that went down meanwhile counts, and the rollout stops before breaking the quorum', async () => {
    // the first batch lasts at least 4 s (its gate): room for the stop below (nsenter, no ssh) on a busy machine
    setting(['components', 'app', 'rollout'], { quorum: 'majority', min_healthy_time: 4 });
    setting(['components', 'app', 'version'], '1.3.0');
    const run = deploy();
    // while the first batch (node01, node02) restarts, node05's service stops
    await printed(run, /^-- app: cluster main, batch 1 of 3 \(/m);
    await inContainer('node05', 'systemctl', 'stop', 'app');
    const result = await run;
    expectExit(result, 2);
    expect(String(result.stdout)).toContain('-- app: cluster main: node05 is down now, and taking node03, node04 down too would break quorum: majority (2 of 5 down at most): the rollout stops before it');
    expect(await versions()).toEqual({ node01: '1.3.0', node02: '1.3.0', node03: '1.2.0', node04: '1.2.0', node05: 'down' });
    await inContainer('node05', 'systemctl', 'start', 'app');
    setting(['components', 'app', 'rollout'], undefined);
    setting(['components', 'app', 'version'], '1.2.0');
    expectExit(await converge(), 0);
    expect(await versions()).toEqual(Object.fromEntries(FIVE.map((h) => [h, '1.2.0'])));
  }, 180_000);

  it('a host that fails its health gate is rolled back at once; no host after it is touched; exit 2; journal and status agree', async () => {
    setting(['components', 'app', 'rollout'], undefined);
    setting(['hosts', 'node02', 'app_fail_at_start'], true);
    setting(['components', 'app', 'version'], '1.3.0');
    const before = await mainPids();
    const result = await deploy();
    expectExit(result, 2);
    const after = await mainPids();
    // node01 upgraded; node02 failed, back on 1.2.0 and healthy; node03-05 never restarted
    expect(await versions()).toEqual({ node01: '1.3.0', node02: '1.2.0', node03: '1.2.0', node04: '1.2.0', node05: '1.2.0' });
    for (const host of ['node03', 'node04', 'node05']) expect(after[host]).toBe(before[host]);
    expect(String(result.stdout)).toMatch(/^ {2}node02: app: rolled back to the release it ran: app on node02: /m);
    expect(String(result.stdout)).toMatch(/^ {2}node03: app: not restarted: the rollout stopped after node02 failed$/m);
    const last = readJournal(conf).records.at(-1)!;
    expect(Object.fromEntries(Object.entries(last.components.app).map(([h, r]) => [h, r.after]))).toEqual({ node01: 'app-1.3.0', node02: 'app-1.2.0', node03: 'app-1.2.0', node04: 'app-1.2.0', node05: 'app-1.2.0' });
    // each host's outcome named for what it is: node03-05 were never restarted, they did not fail
    expect(String(result.stdout)).toMatch(/^ {4}node03 {2}app-1\.2\.0 {2}not restarted$/m);
    expect(Object.fromEntries(Object.entries(last.hosts).map(([h, r]) => [h, r.outcome]))).toEqual({ node01: 'changed', node02: 'failed', node03: 'not restarted', node04: 'not restarted', node05: 'not restarted' });
    // history and status read, take no lock: asked at once
    const [historyRun, statusRun] = await Promise.all([deployer(['history', '-n', '1'], { cwd: conf }), deployer(['status', '--json'], { cwd: conf })]);
    const history = String(historyRun.stdout);
    expect(history).toContain('5 hosts (1 changed, 1 failed, 0 interrupted, 3 not restarted)');
    expect(history).toContain('    app: app-1.2.0 → app-1.3.0 on node01; app-1.2.0 kept on node02 (failed); app-1.2.0 kept on node03, node04, node05 (not restarted)');
    // status: the upgraded host ok, the others on the release they run (units put back), drift from the settings
    const status = JSON.parse(String(statusRun.stdout)) as { rows: { host: string; state: string; running: string }[] };
    expect(Object.fromEntries(status.rows.map((r) => [r.host, `${r.running} ${r.state}`]))).toEqual({ node01: '1.3.0 ok', node02: '1.2.0 drift', node03: '1.2.0 drift', node04: '1.2.0 drift', node05: '1.2.0 drift' });
    // fixed, the next deploy converges
    setting(['hosts', 'node02', 'app_fail_at_start'], undefined);
    expectExit(await converge(), 0);
    expect(await versions()).toEqual(Object.fromEntries(FIVE.map((h) => [h, '1.3.0'])));
  }, 240_000);

  it('min_healthy_time: a release that answers, then dies, fails its gate; on_failure: rollback_component takes the upgraded hosts back too', async () => {
    setting(['components', 'app', 'rollout'], { min_healthy_time: 3, on_failure: 'rollback_component' });
    setting(['hosts', 'node03', 'app_exit_after'], 2);
    setting(['components', 'app', 'version'], '1.1.0');
    const result = await deploy();
    expectExit(result, 2);
    const out = String(result.stdout);
    // node01 and node02 passed (healthy for 3 s); node03 answered, then died within those 3 s
    expect(out).toMatch(/^ {2}node03: app: rolled back to the release it ran: app on node03: healthy after [\d.]+ s, then not within min_healthy_time \(3 s\): /m);
    expect(out).toContain('-- app: on_failure: rollback_component: cluster main, node02 back to the release it ran');
    expect(out).toContain('-- app: on_failure: rollback_component: cluster main, node01 back to the release it ran');
    expect(out).toMatch(/^ {2}node01: app: rolled back with the component \(on_failure: rollback_component\)$/m);
    expect(await versions()).toEqual(Object.fromEntries(FIVE.map((h) => [h, '1.3.0'])));
    const last = readJournal(conf).records.at(-1)!;
    expect(Object.values(last.components.app).map((r) => r.after)).toEqual(FIVE.map(() => 'app-1.3.0'));
    setting(['hosts', 'node03', 'app_exit_after'], undefined);
    setting(['components', 'app', 'rollout'], undefined);
    setting(['components', 'app', 'version'], '1.3.0');
  }, 240_000);

  it("max_fail_percentage: a preparation failing on too many hosts stops the run before any restart, every unit back on what runs", async () => {
    setting(['rollout', 'max_fail_percentage'], 0);
    setting(['hosts', 'node04', 'app_greeting'], '{{ no_such_variable }}');
    setting(['components', 'app', 'version'], '1.2.0');
    const before = await mainPids();
    const result = await deploy();
    expectExit(result, 2);
    expect(String(result.stdout)).toContain('-- app: the run stops before any restart: max_fail_percentage: 0: node04 failed (1 of 5, 20%)');
    expect(await mainPids()).toEqual(before);
    const status = JSON.parse(String((await deployer(['status', '--json'], { cwd: conf })).stdout)) as { rows: { host: string; configured: string; running: string }[] };
    expect(Object.fromEntries(status.rows.map((r) => [r.host, `${r.configured} ${r.running}`]))).toEqual(Object.fromEntries(FIVE.map((h) => [h, '1.3.0 1.3.0'])));
    setting(['rollout', 'max_fail_percentage'], undefined);
    setting(['hosts', 'node04', 'app_greeting'], undefined);
    setting(['components', 'app', 'version'], '1.3.0');
  }, 240_000);

  it('--plan shows the batches from what each host runs, and changes nothing; on a terminal the plan is confirmed first, and "no" changes nothing', async () => {
    setting(['components', 'app', 'version'], '1.2.0');
    const before = await mainPids();
    const plan = await deploy('--plan');
    expectExit(plan, 0);
    const out = String(plan.stdout);
    expect(out).toMatch(/^1\. app 1\.2\.0$/m);
    expect(out).toMatch(/^ {3}health gate: http http:\/\/127\.0\.56\.\d+:8080\/health, within 20 s, then healthy for 1 s; on_failure: stop$/m);
    expect(out).toContain('   cluster main (5 hosts, one host at a time (no rollout policy: 1 of 5 down at most))');
    expect([...out.matchAll(/^ {5}batch (\d): (\S+) 1\.3\.0 → 1\.2\.0$/gm)].map((m) => `${m[1]} ${m[2]}`)).toEqual(FIVE.map((h, i) => `${i + 1} ${h}`));
    expect(out).not.toContain('TASK');

    // a real terminal (script gives deployer a pty): the plan, then the question; "n" answers it
    const answeredNo = async (args: string, question: string) => {
      const terminal = execa('script', ['-q', '-e', '-c', `node ${path.join(repo, 'bin/deployer.js')} ${args}`, '/dev/null'], {
        cwd: conf,
        env: { CI: '', NO_COLOR: '1', ANSIBLE_CONFIG: '' },
        reject: false,
      });
      let seen = '';
      terminal.stdout!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes(question) && !seen.includes('\u0000asked')) {
          seen += '\u0000asked';
          terminal.stdin!.write('n\n');
        }
      });
      return { exitCode: (await terminal).exitCode, seen };
    };
    const answered = await answeredNo('deploy --no-progress', 'Restart services as planned?');
    expect(answered.exitCode).toBe(1);
    expect(answered.seen).toMatch(/batch 5: node05 1\.3\.0 → 1\.2\.0/);
    expect(answered.seen).toContain('not confirmed: nothing was changed');
    // restart and rollback restart services too: the hosts shown, then the same question
    const restart = await answeredNo('restart app --no-progress', 'Restart these services?');
    expect(restart.exitCode).toBe(1);
    expect(restart.seen).toContain(`  app: ${FIVE.join(', ')}`);
    expect(restart.seen).toContain('not confirmed: nothing was changed');
    const rollback = await answeredNo('rollback app -l node01 --no-progress', 'Roll back and restart these services?');
    expect(rollback.exitCode).toBe(1);
    expect(rollback.seen).toContain('  app: node01\r\n');
    expect(await mainPids()).toEqual(before);
    expect(await versions()).toEqual(Object.fromEntries(FIVE.map((h) => [h, '1.3.0'])));

    // --yes on a terminal: no question, and the live view (listr2) draws each batch and each host's step
    const live = await execa('script', ['-qfec', `stty cols 160 rows 40; exec node ${path.join(repo, 'bin/deployer.js')} deploy --progress --yes -l node01`, '/dev/null'], {
      cwd: conf,
      env: { CI: '', NO_COLOR: '', ANSIBLE_CONFIG: '' },
      reject: false,
    });
    expect(live.exitCode).toBe(0);
    const shown = String(live.stdout).replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '').split(/\r|\n/);
    expect(shown).not.toContain('Restart services as planned?');
    expect(shown).toContain('✔ app: cluster main, batch 1 of 1 (one host at a time (no rollout policy: 1 of 5 down at most))');
    expect(shown.some((l) => /node01 {2}1\.3\.0 → 1\.2\.0: checking health$/.test(l))).toBe(true);
    expect(shown).toContain('  ✔ node01  1.3.0 → 1.2.0: healthy on 1.2.0');
    expect(await versions(['node01'])).toEqual({ node01: '1.2.0' });
    setting(['components', 'app', 'version'], '1.3.0');
    expectExit(await deploy('-l', 'node01'), 0);
  }, 120_000);

  it('pre-flight: a host whose install_root is full (a small tmpfs) stops the deploy before any change, on every host', async () => {
    await onHosts(conf, 'mkdir -p /opt/small && mount -t tmpfs -o size=4m tmpfs /opt/small && dd if=/dev/zero of=/opt/small/filler bs=1M count=3 2>/dev/null', 'node02');
    try {
      setting(['platform', 'install_root'], '/opt/small');
      setting(['components', 'app', 'version'], '1.2.0');
      const before = await mainPids();
      const alone = await deployer(['preflight'], { cwd: conf });
      expectExit(alone, 2);
      const result = await deploy();
      expectExit(result, 2);
      for (const out of [String(alone.stdout), String(result.stdout)]) {
        expect(out).toMatch(/^ {2}node02 {2}FAILED {2}\/opt\/small has 1\.0M free \(\/opt\/small\), the deploy needs 10M: app 1\.2\.0 unpacked with its archive, \d+K, and a margin of 10% \(at least 10M\)$/m);
        expect(out).toMatch(/^ {2}node01 {2}ok {2}systemd \d+/m);
      }
      expect(String(result.stderr)).toContain('[ERROR]: pre-flight failed: nothing was changed');
      expect(String(result.stdout)).not.toContain('TASK');
      expect(await mainPids()).toEqual(before);
      expect(await onHosts(conf, 'ls /opt/small 2>/dev/null | tr "\\n" " "; echo .')).toEqual({ node01: '.', node02: 'filler .', node03: '.', node04: '.', node05: '.' });
    } finally {
      setting(['platform', 'install_root'], '/opt/platform');
      setting(['components', 'app', 'version'], '1.3.0');
      await onHosts(conf, 'umount /opt/small', 'node02');
    }
  }, 120_000);

  it('kill -9 of deployer in the middle of a batch: the lock is stale, history and status say where every host is, and a new run converges', async () => {
    setting(['components', 'app', 'version'], '1.1.0');
    const run = deploy();
    await printed(run, /^-- app: cluster main, batch 2 of 5 \(/m);
    process.kill(run.pid!, 'SIGKILL');
    await run;

    // lock status, history and status only read: asked at once
    const [lock, historyRun, statusRun] = await Promise.all([deployer(['lock', 'status'], { cwd: conf }), deployer(['history'], { cwd: conf }), deployer(['status', '--json'], { cwd: conf })]);
    expectExit(lock, 2);
    expect(String(lock.stdout)).toMatch(/stale/);
    const history = String(historyRun.stdout);
    expect(history).toMatch(/deploy {2}DID NOT FINISH .*\n {4}last: \S+ {2}app: cluster main, batch 2 of 5 \(one host at a time .*\): node02 1\.3\.0 → 1\.1\.0\n/);
    const status = JSON.parse(String(statusRun.stdout)) as { rows: { host: string; state: string; running: string }[] };
    const rows = Object.fromEntries(status.rows.map((r) => [r.host, `${r.running} ${r.state}`]));
    expect(rows.node01).toBe('1.1.0 ok');
    expect(['1.1.0 ok', '1.3.0 restart pending']).toContain(rows.node02);
    for (const host of ['node03', 'node04', 'node05']) expect(rows[host]).toBe('1.3.0 restart pending');

    const refused = await deploy();
    expectExit(refused, 1);
    expect(String(refused.stderr)).toMatch(/stale.*--break-lock/s);
    const converged = await converge('--break-lock');
    expectExit(converged, 0);
    expect(await versions()).toEqual(Object.fromEntries(FIVE.map((h) => [h, '1.1.0'])));
    expect(String((await deployer(['status'], { cwd: conf })).exitCode)).toBe('0');
  }, 240_000);

  it('a host down before the run counts: majority of five proceeds one at a time and reports it; majority of three refuses; back, the retry file converges it', async () => {
    setting(['components', 'app', 'rollout'], { quorum: 'majority' });
    await onHosts(conf, 'systemctl stop ssh', 'node05');
    setting(['components', 'app', 'version'], '1.2.0');
    const five = await deploy();
    expectExit(five, 4);
    expect(String(five.stdout)).toContain('-- app: cluster main, batch 1 of 4 (quorum: majority (2 of 5 down at most)): node01 1.1.0 → 1.2.0');
    expect(String(five.stdout)).toMatch(/^ {4}node05 .* unreachable$/m);
    expect(await versions(['node01', 'node02', 'node03', 'node04'])).toEqual({ node01: '1.2.0', node02: '1.2.0', node03: '1.2.0', node04: '1.2.0' });
    // a cluster of three with one host unreachable: taking another down would lose the majority
    setting(['components', 'app', 'clusters', 'main', 'hosts'], ['node03', 'node04', 'node05']);
    setting(['components', 'app', 'version'], '1.3.0');
    const three = await deploy();
    expect(three.exitCode).not.toBe(0);
    expect(String(three.stdout)).toContain('cluster main: node05 is down already, and quorum: majority (1 of 3 down at most) leaves no room to take another down');
    expect(String(three.stdout)).toMatch(/^ {4}node03 .* refused$/m);
    expect(await versions(['node03', 'node04'])).toEqual({ node03: '1.2.0', node04: '1.2.0' });
    // deployer restart follows the same bound: no restart that would lose the majority
    const pids = await mainPids();
    const restart = await deployer(['restart', 'app', '--no-progress'], { cwd: conf });
    expectExit(restart, 2);
    expect(String(restart.stdout)).toContain('-- app: cluster main: node05 is down already, and quorum: majority (1 of 3 down at most) leaves no room to take another down');
    expect(await mainPids()).toEqual(pids);

    // node05 comes back (its sshd started from this machine, inside the container): the retry
    // file converges it to the release the others run
    expect(fs.readFileSync(path.join(conf, 'deploy.retry'), 'utf8').split('\n')).toContain('node05');
    setting(['components', 'app', 'clusters', 'main', 'hosts'], FIVE);
    setting(['components', 'app', 'version'], '1.2.0');
    await inContainer('node05', 'systemctl', 'start', 'ssh');
    const retried = await deploy('-l', '@deploy.retry');
    expectExit(retried, 0);
    expect(await versions()).toEqual(Object.fromEntries(FIVE.map((h) => [h, '1.2.0'])));
  }, 240_000);
});
