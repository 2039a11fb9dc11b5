/**
 * A status row from what the settings want and what a host said: the probe output captured on
 * real hosts (test/fixtures/status), read against the example platform's settings.
 */
import fs from 'node:fs';
import path from 'node:path';
import { hostRows, type StatusRow } from '../../src/engine/status/rows.js';
import { statusExitCode, summarize } from '../../src/engine/status/summary.js';
import { compareVersions } from '../../src/engine/status/versions.js';
import { parseProbe, type HostProbe } from '../../src/inspect/status-probe.js';
import { parseSettings } from '../../src/settings/load.js';
import { repo } from '../support/fleet.js';

const EXAMPLE = fs.readFileSync(path.join(repo, 'examples/local-fleet/deployment.yml'), 'utf8');
const fixture = (name: string) => parseProbe(fs.readFileSync(path.join(repo, 'test/fixtures/status', name), 'utf8'));

/** The example settings, with the app at `version` (and any other change a user would make). */
function settings(version: string, edit: (text: string) => string = (t) => t) {
  const text = edit(EXAMPLE.replace('version: 1.0.0', `version: ${version}`));
  return parseSettings(Buffer.from(text), { file: '/conf/deployment.yml', confDir: '/conf', name: 'deployment.yml' });
}

/** The row of `host` from a probe (a fixture, as captured or changed), settings at `version`. */
function rowOf(probe: HostProbe, version: string, host = 'node01'): StatusRow {
  const loaded = settings(version);
  const [only] = hostRows({ host, probe }, loaded.hosts.filter((h) => h.host === host), loaded.settings.platform.installRoot);
  return only;
}
const row = (fixtureName: string, version: string, host = 'node01') => rowOf(fixture(fixtureName), version, host);

describe('a row from a host probe', () => {
  it.each([
    // fixture, desired version → configured, running, state, reason
    ['systemd-running.txt', '1.1.0', '1.1.0', '1.1.0', 'ok', undefined],
    ['systemd-running.txt', '2.0.0', '1.1.0', '1.1.0', 'drift', 'runs app-1.1.0 (pid 895); the settings want app-2.0.0'],
    ['systemd-restart-pending.txt', '1.1.0', '1.1.0', '1.0.0', 'restart pending', 'runs app-1.0.0 (pid 550); app.service starts app-1.1.0'],
    ['systemd-stopped.txt', '1.1.0', '1.1.0', null, 'not running', 'app.service is inactive (dead)'],
    ['systemd-killed.txt', '1.1.0', '1.1.0', null, 'not running', 'app.service is failed (failed)'],
    ['systemd-by-hand.txt', '1.1.0', '1.1.0', '1.0.0', 'restart pending', 'runs app-1.0.0 (pid 891, outside app.service); app.service starts app-1.1.0'],
    ['systemd-patch-added.txt', '1.1.0', '1.1.0', '1.1.0', 'restart pending', 'patch hotfix-1.jar added after the process started'],
    // units of this deployer: the unit runs a start script, which names the release
    ['systemd-start-script-running.txt', '1.1.0', '1.1.0', '1.1.0', 'ok', undefined],
    ['systemd-start-script-running.txt', '1.2.0', '1.1.0', '1.1.0', 'drift', 'runs app-1.1.0 (pid 4484); the settings want app-1.2.0'],
    ['systemd-start-script-pending.txt', '1.1.0', '1.1.0', '1.0.0', 'restart pending', 'runs app-1.0.0 (pid 2331); app.service starts app-1.1.0'],
  ])('%s, settings at %s: configured %s, running %s, %s', (name, desired, configured, running, state, reason) => {
    const result = row(name, desired);
    expect({ desired: result.desired, configured: result.configured, running: result.running, state: result.state, reason: result.reason }).toEqual({ desired, configured, running, state, reason });
  });

  it('names the process, its start and whether it is the unit’s', () => {
    const result = row('systemd-running.txt', '1.1.0');
    expect(result.process).toMatchObject({ pid: 895, release: 'app-1.1.0', version: '1.1.0', managed: true });
    expect(result.process!.started).toMatch(/^2026-12-02T02:10:\d\d\.\d{3}Z$/);
    expect(result.unit).toMatchObject({ name: 'app.service', activeState: 'active', mainPid: 895, file: '/etc/systemd/system/app.service', needsDaemonReload: false });
    expect(result.patch).toEqual({ dir: '/opt/platform/platform-1/patch', present: false, files: [], changed: null, afterStart: null });
  });

  it('a process started by hand is the service, not the sudo that started it', () => {
    const result = row('systemd-by-hand.txt', '1.1.0', 'node03');
    expect(result.process).toMatchObject({ pid: 891, managed: false, release: 'app-1.0.0' });
    expect(result.others).toEqual([]);
  });

  it('a patch folder that is older than the process is in use, not pending', () => {
    const probe = fixture('systemd-patch-added.txt');
    const started = probe.processes[0].started!;
    probe.patches[0].changed = started - 60;
    const result = rowOf(probe, '1.1.0');
    expect(result.state).toBe('ok');
    expect(result.patch).toMatchObject({ present: true, files: ['hotfix-1.jar'], afterStart: false });
  });

  it('a unit file rewritten after the start, same release (e.g. a new ExecStart option), is a restart pending', () => {
    const probe = fixture('systemd-running.txt');
    probe.files.set('/etc/systemd/system/app.service', probe.processes[0].started! + 30);
    const result = rowOf(probe, '1.1.0');
    expect([result.state, result.reason]).toEqual(['restart pending', 'app.service changed after the process started']);
  });

  it('a start script rewritten after the start, same release (e.g. a new exec_start option), is a restart pending', () => {
    const probe = fixture('systemd-start-script-running.txt');
    const main = probe.processes.find((p) => p.pid === 4484)!;
    probe.files.set('/opt/platform/.deployer/app/start', main.started! + 30);
    const result = rowOf(probe, '1.1.0');
    expect([result.state, result.reason]).toEqual(['restart pending', 'the start script of app.service (/opt/platform/.deployer/app/start) changed after the process started']);
  });

  it('the processes of other components on the host are not the component’s', () => {
    const result = row('systemd-start-script-running.txt', '1.1.0');
    expect(result.process).toMatchObject({ pid: 4484, release: 'app-1.1.0', managed: true });
    expect(result.others).toEqual([]);
  });

  it('a configuration file re-rendered after the start is a restart pending', () => {
    const probe = fixture('systemd-running.txt');
    probe.files.set('/opt/platform/app-1.1.0/conf/app.conf', probe.processes[0].started! + 30);
    const result = rowOf(probe, '1.1.0');
    expect([result.state, result.reason]).toEqual(['restart pending', 'conf/app.conf changed after the process started']);
  });

  it('unreachable and failed probes are rows too', () => {
    const loaded = settings('1.1.0');
    const mine = loaded.hosts.filter((h) => h.host === 'node02');
    expect(hostRows({ host: 'node02', unreachable: 'connect ECONNREFUSED 127.0.50.2:2222' }, mine, '/opt/platform')[0]).toMatchObject({ state: 'unreachable', reason: 'connect ECONNREFUSED 127.0.50.2:2222', configured: null, running: null });
    expect(hostRows({ host: 'node02', failed: 'Missing sudo password' }, mine, '/opt/platform')[0]).toMatchObject({ state: 'unknown', reason: 'Missing sudo password' });
  });

  it('a component never deployed on a host is unknown', () => {
    const probe = fixture('systemd-running.txt');
    probe.processes = [];
    if ('units' in probe.systemd) probe.systemd.units = probe.systemd.units.filter((u) => u.id !== 'app.service');
    const result = rowOf(probe, '1.1.0');
    expect([result.state, result.reason]).toEqual(['unknown', 'no unit app.service, and no process runs a release of app']);
  });
});

describe('the seed’s ZooKeeper, on a Debian host without systemd', () => {
  const ZOOKEEPER = `platform: { name: punch, install_root: /data/opt }
hosts: { zk1: { ansible_host: 127.0.0.1 } }
components:
  zookeeper:
    version: 3.5.5
    package: "apache-zookeeper-{{ version }}-bin"
    clusters: { zkm: { hosts: [zk1] } }
    service: { unit: zookeeper-zkm, exec_start: "{{ install_dir }}/bin/zkServer.sh start-foreground" }
  operator:
    version: 6.4.5
    package: "punch-operator-{{ version }}"
    clusters: { main: { hosts: [zk1] } }
`;
  const loaded = parseSettings(Buffer.from(ZOOKEEPER), { file: '/conf/deployment.yml', confDir: '/conf', name: 'deployment.yml' });
  const probe = fixture('debian-no-systemd-java.txt');
  const [zookeeper, operator] = hostRows({ host: 'zk1', probe }, loaded.hosts, '/data/opt');

  it('reads the running version from the java command line (bin/.. class path), and says there is no unit', () => {
    expect(zookeeper).toMatchObject({ desired: '3.5.5', configured: null, running: '3.5.5', state: 'ok', runningRelease: 'apache-zookeeper-3.5.5-bin' });
    expect(zookeeper.reason).toBe("runs outside systemd: no systemd on the host (System has not been booted with systemd as init system (PID 1). Can't operate.)");
    expect(zookeeper.process).toMatchObject({ managed: false, version: '3.5.5' });
  });

  it('a component without a service is judged by the releases installed', () => {
    // the fixture host has apache-zookeeper-3.5.5-bin only: no operator release
    expect(operator).toMatchObject({ configured: null, running: null, state: 'unknown', reason: 'no release of operator under /data/opt' });
    const withRelease = { ...probe, releases: [...probe.releases, 'punch-operator-6.4.4', 'punch-operator-6.4.10'] };
    expect(hostRows({ host: 'zk1', probe: withRelease }, loaded.hosts, '/data/opt')[1]).toMatchObject({ configured: '6.4.10', state: 'drift', reason: 'punch-operator-6.4.10 is installed; the settings want punch-operator-6.4.5' });
    const desired = { ...probe, releases: [...withRelease.releases, 'punch-operator-6.4.5'] };
    expect(hostRows({ host: 'zk1', probe: desired }, loaded.hosts, '/data/opt')[1]).toMatchObject({ configured: '6.4.5', state: 'ok' });
  });
});

describe('per component: majority and stragglers; the exit code', () => {
  const base = (host: string, running: string | null, state: StatusRow['state']) => ({ ...row('systemd-running.txt', '1.1.0'), host, running, state });

  it('names the version most hosts run and the hosts that differ', () => {
    const rows = [base('node01', '1.1.0', 'ok'), base('node02', '1.0.0', 'restart pending'), base('node03', '1.0.0', 'restart pending'), base('node04', null, 'unreachable')];
    expect(summarize(rows)).toEqual([
      {
        component: 'app',
        majority: '1.0.0',
        majorityHosts: ['node02', 'node03'],
        stragglers: [{ host: 'node01', running: '1.1.0' }],
        withoutVersion: [{ host: 'node04', state: 'unreachable' }],
        states: { ok: 1, 'restart pending': 2, unreachable: 1 },
      },
    ]);
  });

  it('a tie goes to the desired version, then to the newest', () => {
    expect(summarize([base('a', '1.0.0', 'drift'), base('b', '1.1.0', 'ok')])[0].majority).toBe('1.1.0');
    const noDesired = [base('a', '1.9.0', 'drift'), base('b', '1.10.0', 'drift')];
    expect(summarize(noDesired)[0].majority).toBe('1.10.0');
  });

  it.each([
    [['ok', 'ok'], 0],
    [['ok', 'restart pending'], 1],
    [['drift', 'ok'], 1],
    [['unknown', 'drift'], 3],
    [['not running', 'unknown'], 2],
    [['ok', 'unreachable'], 2],
  ] as const)('%j → %i', (states, code) => {
    expect(statusExitCode(states.map((s, i) => base(`h${i}`, null, s)))).toBe(code);
  });

  it.each([
    ['1.9.2', '1.10.0', -1],
    ['2.8.1', '2.8.1', 0],
    ['3.5.5', '3.5.5-1', -1],
    ['7.10.2', '7.9.11', 1],
  ])('compareVersions(%s, %s) has the sign of %i', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
  });
});
