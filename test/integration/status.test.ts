/**
 * `deployer status` on real systemd hosts (systemd-nspawn): each test drives the hosts into a
 * situation an operator meets (a unit rewritten and not restarted, a rolling restart half done,
 * a stopped or killed service, a release started by hand, a patch added, settings ahead of the
 * hosts, a host whose sshd is down) and reads what status says of it. In order: one platform's life.
 */
import path from 'node:path';
import { execa } from 'execa';
import { deployer, repo, tempDir } from '../support/fleet.js';
import { editSetting, expectExit, onHosts } from '../support/platform.js';
import { writeFleetSettings } from '../../src/fleet/fleet-settings.js';
import { startSystemdFleet, stopSystemdFleet, type SystemdFleetState } from '../../src/fleet/systemd-fleet.js';
import type { StatusRow } from '../../src/engine/status/rows.js';

let fleet: SystemdFleetState;
let dir: string;
let conf: string;

beforeAll(async () => {
  dir = tempDir('deployer-status-');
  fleet = await startSystemdFleet({ dir, hosts: 3, network: 55 });
  conf = path.join(dir, 'conf');
  writeFleetSettings(fleet, path.join(repo, 'examples/local-fleet'), conf);
  await execa('bash', [path.join(repo, 'bin/build-archives.sh'), path.join(conf, 'archives'), 'app:1.0.0', 'app:1.1.0']);
  expectExit(await deployer(['deploy', '--no-progress'], { cwd: conf }), 0);
}, 600_000);
afterAll(async () => {
  if (dir) await stopSystemdFleet(dir);
}, 60_000);

const setting = (keys: (string | number)[], value: unknown) => editSetting(conf, keys, value);
const root = (command: string, pattern = 'all') => onHosts(conf, command, pattern);
const status = (...args: string[]) => deployer(['status', ...args], { cwd: conf });

interface StatusDocument {
  rows: StatusRow[];
  components: { component: string; majority: string | null; majorityHosts: string[]; stragglers: { host: string; running: string }[] }[];
  exitCode: number;
}
async function statusJson(...args: string[]): Promise<StatusDocument & { code: number }> {
  const result = await status('--json', ...args);
  return { ...(JSON.parse(String(result.stdout)) as StatusDocument), code: result.exitCode ?? -1 };
}
/** host → "configured running state" */
const summaryOf = (rows: StatusRow[]) => Object.fromEntries(rows.map((r) => [r.host, `${r.configured ?? '-'} ${r.running ?? '-'} ${r.state}`]));

describe('deployer status on systemd hosts', () => {
  it('after a fresh deploy every row is ok, and status exits 0', async () => {
    const result = await status();
    expectExit(result, 0);
    const table = String(result.stdout);
    expect(table).toMatch(/^app\n {2}HOST {4}DESIRED {2}CONFIGURED {2}RUNNING {2}STATE {2}PID {2}STARTED {15}DETAIL\n/);
    for (const host of ['node01', 'node02', 'node03']) expect(table).toMatch(new RegExp(`^  ${host}  1\\.0\\.0 {4}1\\.0\\.0 {7}1\\.0\\.0 {4}ok +\\d+  \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$`, 'm'));
    expect(table).toContain('  majority: 1.0.0 on 3 of 3 hosts (node01, node02, node03)\n');
    expect(table).toContain('3 rows: 3 ok\n');
    // the JSON names every field, and the PID is the unit's main process
    const json = await statusJson();
    const pids = await root('systemctl show -p MainPID --value app');
    for (const row of json.rows) {
      expect(row).toMatchObject({ component: 'app', desired: '1.0.0', configured: '1.0.0', running: '1.0.0', state: 'ok', runningRelease: 'app-1.0.0', configuredRelease: 'app-1.0.0' });
      expect(row.process).toMatchObject({ pid: Number(pids[row.host]), managed: true, user: 'platform' });
      expect(row.unit).toMatchObject({ name: 'app.service', activeState: 'active', subState: 'running', file: '/etc/systemd/system/app.service' });
    }
    // the alias, a host pattern and -c
    const one = await deployer(['versions', 'node02', '-c', 'app', '--json'], { cwd: conf });
    expect((JSON.parse(String(one.stdout)) as StatusDocument).rows.map((r) => r.host)).toEqual(['node02']);
  }, 60_000);

  it('a unit rewritten to a new release and not restarted: restart pending, running the old release', async () => {
    setting(['components', 'app', 'version'], '1.1.0');
    setting(['components', 'app', 'restart'], 'deferred');
    expectExit(await deployer(['deploy', '--no-progress'], { cwd: conf }), 0);
    const json = await statusJson();
    expect(json.code).toBe(1);
    expect(summaryOf(json.rows)).toEqual({ node01: '1.1.0 1.0.0 restart pending', node02: '1.1.0 1.0.0 restart pending', node03: '1.1.0 1.0.0 restart pending' });
    expect(json.rows[0].reason).toMatch(/^runs app-1\.0\.0 \(pid \d+\); app\.service starts app-1\.1\.0$/);
  }, 60_000);

  it('a rolling restart half done: the restarted host ok, the others pending; the summary names the majority and the stragglers', async () => {
    expectExit(await deployer(['restart', 'app', '-l', 'node01', '--no-progress'], { cwd: conf }), 0);
    const result = await status();
    expectExit(result, 1);
    const json = await statusJson();
    expect(summaryOf(json.rows)).toEqual({ node01: '1.1.0 1.1.0 ok', node02: '1.1.0 1.0.0 restart pending', node03: '1.1.0 1.0.0 restart pending' });
    expect(json.components).toEqual([expect.objectContaining({ component: 'app', majority: '1.0.0', majorityHosts: ['node02', 'node03'], stragglers: [{ host: 'node01', running: '1.1.0' }] })]);
    expect(String(result.stdout)).toContain('  majority: 1.0.0 on 2 of 3 hosts (node02, node03); stragglers: node01 runs 1.1.0\n');
    // the rest of the restart clears it
    expectExit(await deployer(['restart', 'app', '--no-progress'], { cwd: conf }), 0);
    expect(summaryOf((await statusJson()).rows)).toEqual({ node01: '1.1.0 1.1.0 ok', node02: '1.1.0 1.1.0 ok', node03: '1.1.0 1.1.0 ok' });
    setting(['components', 'app', 'restart'], undefined);
  }, 90_000);

  it('a stopped service, and one killed with kill -9 and not restarted: not running (exit 2)', async () => {
    await root('systemctl stop app', 'node02');
    // Restart=on-failure would bring a killed process back: an operator's drop-in turns it off
    await root("mkdir -p /etc/systemd/system/app.service.d && printf '[Service]\\nRestart=no\\n' > /etc/systemd/system/app.service.d/no-restart.conf && systemctl daemon-reload && kill -9 $(systemctl show -p MainPID --value app) && sleep 0.5", 'node03');
    const json = await statusJson();
    expect(json.code).toBe(2);
    expect(summaryOf(json.rows)).toEqual({ node01: '1.1.0 1.1.0 ok', node02: '1.1.0 - not running', node03: '1.1.0 - not running' });
    expect(json.rows.map((r) => r.reason)).toEqual([undefined, 'app.service is inactive (dead)', 'app.service is failed (failed)']);
    await root('rm -rf /etc/systemd/system/app.service.d && systemctl daemon-reload && systemctl reset-failed app; systemctl start app', 'node02:node03');
    expect((await statusJson()).code).toBe(0);
  }, 60_000);

  it('an old release started by hand outside the unit: running says what really runs', async () => {
    await root('systemctl stop app && cd / && (setsid sudo -u platform /opt/platform/app-1.0.0/bin/app --listen 127.0.55.2:8080 --conf /opt/platform/app-1.0.0/conf/app.conf </dev/null >/dev/null 2>&1 &) && sleep 1', 'node02');
    const json = await statusJson();
    const node02 = json.rows.find((r) => r.host === 'node02')!;
    expect(node02).toMatchObject({ configured: '1.1.0', running: '1.0.0', state: 'restart pending', runningRelease: 'app-1.0.0' });
    expect(node02.process).toMatchObject({ managed: false, args: expect.stringMatching(/^python3 \/opt\/platform\/app-1\.0\.0\/bin\/app /) });
    // the process status names is the app itself, the one answering on the port
    const answer = await (await fetch('http://127.0.55.2:8080/version')).text();
    expect(answer.trim()).toBe('1.0.0');
    await root(`kill ${node02.process!.pid} && sleep 0.5 && systemctl start app`, 'node02');
    expect(summaryOf((await statusJson()).rows).node02).toBe('1.1.0 1.1.0 ok');
  }, 60_000);

  it('a patch folder added without a restart: restart pending, naming the patch', async () => {
    await root('mkdir -p /opt/platform/platform-1/patch && echo fix > /opt/platform/platform-1/patch/hotfix-1.jar', 'node01');
    const json = await statusJson();
    const node01 = json.rows.find((r) => r.host === 'node01')!;
    expect(node01).toMatchObject({ state: 'restart pending', reason: 'patch hotfix-1.jar added after the process started' });
    expect(node01.patch).toMatchObject({ dir: '/opt/platform/platform-1/patch', present: true, files: ['hotfix-1.jar'], afterStart: true });
    // a restart takes the patch in: ok, and the patch is shown as in use
    expectExit(await deployer(['restart', 'app', '-l', 'node01', '--no-progress'], { cwd: conf }), 0);
    const after = await status('node01');
    expectExit(after, 0);
    expect(String(after.stdout)).toMatch(/node01 .* ok .* patch: hotfix-1\.jar in \/opt\/platform\/platform-1\/patch$/m);
    await root('rm -rf /opt/platform/platform-1/patch', 'node01');
  }, 60_000);

  it('settings bumped to a new version without a deploy: drift', async () => {
    setting(['components', 'app', 'version'], '1.2.0');
    const json = await statusJson();
    expect(json.code).toBe(1);
    expect(summaryOf(json.rows)).toEqual({ node01: '1.1.0 1.1.0 drift', node02: '1.1.0 1.1.0 drift', node03: '1.1.0 1.1.0 drift' });
    expect(json.rows.every((r) => r.desired === '1.2.0' && /the settings want app-1\.2\.0$/.test(r.reason ?? ''))).toBe(true);
    setting(['components', 'app', 'version'], '1.1.0');
  }, 60_000);

  it('a host whose sshd is stopped: unreachable, the others still reported (exit 2)', async () => {
    await root('systemctl stop ssh', 'node03');
    const result = await status();
    expectExit(result, 2);
    expect(String(result.stdout)).toMatch(/^ {2}node03 {2}1\.1\.0 {4}- {11}- {8}unreachable +- +- +\S/m);
    const json = await statusJson();
    expect(summaryOf(json.rows)).toEqual({ node01: '1.1.0 1.1.0 ok', node02: '1.1.0 1.1.0 ok', node03: '- - unreachable' });
    expect(json.rows[2].reason).toMatch(/ECONNREFUSED|refused/i);
  }, 60_000);
});
