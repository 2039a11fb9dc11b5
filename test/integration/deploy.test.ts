/**
 * deploy, patch, restart and rollback on real systemd hosts (systemd-nspawn containers): the
 * example platform's `app` daemon installed from its release archives, real units, real
 * restarts, real processes answering on their own addresses. The tests follow one platform's
 * life, in order: first install, a second run that changes nothing, an update, a deferred
 * update and its restart, pruning, rollbacks, a patch and its rollback, then what goes wrong.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { parseDocument } from 'yaml';
import { deployer, repo, tempDir } from '../support/fleet.js';
import { editSetting, expectExit, onHosts as onHostsOf } from '../support/platform.js';
import { FLEET_PASSWORD_USER } from '../../src/fleet/fleet.js';
import { writeFleetSettings } from '../../src/fleet/fleet-settings.js';
import { startSystemdFleet, stopSystemdFleet, type SystemdFleetState } from '../../src/fleet/systemd-fleet.js';
import { readJournal } from '../../src/state/journal.js';

let fleet: SystemdFleetState;
let dir: string;
let conf: string;
const HOSTS = ['node01', 'node02', 'node03'];

beforeAll(async () => {
  dir = tempDir('deployer-deploy-');
  fleet = await startSystemdFleet({ dir, hosts: 3, network: 52 });
  conf = path.join(dir, 'conf');
  writeFleetSettings(fleet, path.join(repo, 'examples/local-fleet'), conf);
  // every host restarted at once: no test here reads the batches or the bound (rollout.test.ts and
  // rollback-batches.test.ts do), and one host at a time makes each restart three times longer
  editSetting(conf, ['components', 'app', 'rollout'], { max_unavailable: '100%' });
  await execa('bash', [path.join(repo, 'bin/build-archives.sh'), path.join(conf, 'archives'), 'app:1.0.0', 'app:1.1.0', 'app:2.0.0']);
}, 600_000);
afterAll(async () => {
  if (dir) await stopSystemdFleet(dir);
}, 60_000);

const setting = (keys: (string | number)[], value: unknown) => editSetting(conf, keys, value);

const run = (...args: string[]) => deployer([...args, '--no-progress'], { cwd: conf });
const addressOf = (host: string) => fleet.hosts.find((h) => h.name === host)!.address;

async function answer(host: string, what: string): Promise<string> {
  try {
    const response = await fetch(`http://${addressOf(host)}:8080/${what}`);
    return (await response.text()).trim();
  } catch {
    return 'no answer';
  }
}
const versions = async () => Object.fromEntries(await Promise.all(HOSTS.map(async (h) => [h, await answer(h, 'version')])));

const onHosts = (command: string) => onHostsOf(conf, command);
/** What the unit starts: the release (and its previous one) its start script names. */
const unitField = (field: string) => onHosts(`sed -n 's/^# X-Deployer-${field}=//p' /opt/platform/.deployer/app/start`);
/** The unit file's content and time, and whether systemd holds an older copy of it. */
const unitFile = () => onHosts('echo $(md5sum < /etc/systemd/system/app.service) $(stat -c %Y /etc/systemd/system/app.service) $(systemctl show -p NeedDaemonReload --value app)');
const mainPids = () => onHosts('systemctl show -p MainPID --value app');
const releasesOnHosts = () => onHosts('echo $(ls /opt/platform | grep ^app-)');
const recapChanged = (stdout: string) => [...String(stdout).matchAll(/^(node\d+)\s+: ok=\d+\s+changed=(\d+)/gm)].map((m) => `${m[1]}:${m[2]}`).sort();
/** How many health checks run on a host: the script module runs health_check.sh from a temporary file. */
const HEALTH_CHECKS = "ps -eo args | grep -c '^/bin/bash .* --unit app --timeout' || true";
const every = (value: string) => Object.fromEntries(HOSTS.map((h) => [h, value]));

describe('deployer deploy on systemd hosts', () => {
  it('installs the first release: release folder, configuration, a unit that runs it, a healthy process', async () => {
    const result = await run('deploy');
    expectExit(result, 0);
    // what the hosts run and hold, read at once
    const [running, release, processes, greeting, header] = await Promise.all([
      versions(),
      unitField('Release'),
      onHosts('ps -o user=,args= -p $(systemctl show -p MainPID --value app)'),
      onHosts('grep greeting /opt/platform/app-1.0.0/conf/app.conf'),
      onHosts('head -n 1 /opt/platform/app-1.0.0/conf/app.conf'),
    ]);
    expect(running).toEqual(every('1.0.0'));
    expect(release).toEqual(every('app-1.0.0'));
    // the process runs from the release folder, as the platform user, with the rendered configuration
    expect(processes).toEqual(
      Object.fromEntries(HOSTS.map((h) => [h, `platform python3 /opt/platform/app-1.0.0/bin/app --listen ${addressOf(h)}:8080 --patches /opt/platform/platform-1/patch`])),
    );
    expect(greeting).toEqual(every('greeting=hello'));
    // a configuration template may use the names a settings value may use
    expect(header).toEqual(
      Object.fromEntries(HOSTS.map((h) => [h, `# app 1.0.0 (app-1.0.0 in /opt/platform/app-1.0.0, cluster main) on ${h} (rendered by deployer)`])),
    );
    expect(String(result.stdout)).toMatch(/deploy summary:\n {2}app\n {4}node01 {2}\(none\) → app-1\.0\.0 {2}changed/);
  }, 120_000);

  it('changes nothing when run again (changed=0), and restarts nothing', async () => {
    const pids = await mainPids();
    const result = await run('--deploy');
    expectExit(result, 0);
    expect(recapChanged(result.stdout)).toEqual(HOSTS.map((h) => `${h}:0`));
    expect(await mainPids()).toEqual(pids);
  }, 120_000);

  it('updates to a new version: unpacked beside the old one, unit re-pointed, restarted, previous recorded', async () => {
    setting(['components', 'app', 'version'], '1.1.0');
    const [pids, unit] = await Promise.all([mainPids(), unitFile()]);
    const result = await run('deploy');
    expectExit(result, 0);
    const [running, previous, unitAfter, releases, after] = await Promise.all([versions(), unitField('Previous'), unitFile(), releasesOnHosts(), mainPids()]);
    expect(running).toEqual(every('1.1.0'));
    expect(previous).toEqual(every('app-1.0.0'));
    // the start script names the release: the unit is the same file, systemd had nothing to reload
    expect(unitAfter).toEqual(unit);
    expect(releases).toEqual(every('app-1.0.0 app-1.1.0'));
    for (const host of HOSTS) expect(after[host]).not.toBe(pids[host]);
  }, 120_000);

  it('a configuration change alone re-renders the files and restarts (-t config)', async () => {
    setting(['components', 'app', 'clusters', 'main', 'vars', 'app_greeting'], 'bonjour');
    const pids = await mainPids();
    const result = await run('deploy', '-t', 'app,config');
    expectExit(result, 0);
    const [greeting, after, logged] = await Promise.all([onHosts('grep greeting /opt/platform/app-1.1.0/conf/app.conf'), mainPids(), onHosts('journalctl -u app -o cat -n 1 --no-pager')]);
    expect(greeting).toEqual(every('greeting=bonjour'));
    for (const host of HOSTS) expect(after[host]).not.toBe(pids[host]);
    expect(logged).toEqual(Object.fromEntries(HOSTS.map((h) => [h, `app 1.1.0 started on ${addressOf(h)}:8080 (bonjour)`])));
  }, 120_000);

  it('restart: deferred prepares every host and restarts none; deployer restart restarts later, host by host', async () => {
    setting(['components', 'app', 'restart'], 'deferred');
    setting(['components', 'app', 'version'], '2.0.0');
    const result = await run('deploy');
    expectExit(result, 0);
    const [release, running] = await Promise.all([unitField('Release'), versions()]);
    expect(release).toEqual(every('app-2.0.0'));
    expect(running).toEqual(every('1.1.0'));
    const restarted = await run('restart', 'app', '-l', 'node01');
    expectExit(restarted, 0);
    expect(await versions()).toEqual({ node01: '2.0.0', node02: '1.1.0', node03: '1.1.0' });
    setting(['components', 'app', 'restart'], undefined);
  }, 120_000);

  it('keeps keep_releases releases, never the running, the configured or the previous one', async () => {
    // node02 and node03 still run 1.1.0 (the previous one too), node01 runs 2.0.0
    setting(['platform', 'keep_releases'], 2);
    const result = await run('deploy', '-t', 'deploy');
    expectExit(result, 0);
    expect(await releasesOnHosts()).toEqual(every('app-1.1.0 app-2.0.0'));
    setting(['platform', 'keep_releases'], 3);
  }, 120_000);

  it('rolls back to the previous release recorded in the unit, in seconds, nothing transferred', async () => {
    await run('restart', 'app');
    const [restarted, unit] = await Promise.all([versions(), unitFile()]);
    expect(restarted).toEqual(every('2.0.0'));
    const result = await run('rollback', 'app');
    expectExit(result, 0);
    const [running, release, unitAfter] = await Promise.all([versions(), unitField('Release'), unitFile()]);
    expect(running).toEqual(every('1.1.0'));
    expect(release).toEqual(every('app-1.1.0'));
    expect(unitAfter).toEqual(unit);
    expect(String(result.stdout)).toContain('node02  app-2.0.0 → app-1.1.0  changed');
    // rolling back a release removed by keep_releases says so on each host
    const gone = await run('rollback', 'app', '--to', '1.0.0', '-l', 'node01');
    expectExit(gone, 2);
    expect(String(gone.stdout)).toContain('app app-1.0.0 is not on node01 any more (removed by keep_releases?)');
    expect(await versions()).toEqual(every('1.1.0'));
    const forward = await run('rollback', 'app', '--to', '2.0.0', '-l', 'node03');
    expectExit(forward, 0);
    expect(await versions()).toEqual({ node01: '1.1.0', node02: '1.1.0', node03: '2.0.0' });
  }, 120_000);

  it('applies a patch with a loud warning, idempotently, and rolls it back', async () => {
    fs.mkdirSync(path.join(conf, 'patches/app'), { recursive: true });
    fs.copyFileSync(path.join(repo, 'examples/local-fleet/patch-example/hotfix-1.jar'), path.join(conf, 'patches/app/hotfix-1.jar'));
    const patched = await run('--deploy', '-t', 'patch');
    expectExit(patched, 0);
    expect(String(patched.stdout)).toContain('WARNING: a binary patch is configured: app: hotfix-1.jar → /opt/platform/platform-1/patch');
    expect(Object.fromEntries(await Promise.all(HOSTS.map(async (h) => [h, await answer(h, 'patches')])))).toEqual(every('hotfix-1.jar'));
    const again = await run('--deploy', '-t', 'patch');
    expect(recapChanged(again.stdout)).toEqual(HOSTS.map((h) => `${h}:0`));
    const removed = await run('rollback', '--patch', '-l', 'node01,node02');
    expectExit(removed, 0);
    expect(Object.fromEntries(await Promise.all(HOSTS.map(async (h) => [h, await answer(h, 'patches')])))).toEqual({ node01: '', node02: '', node03: 'hotfix-1.jar' });
    // the seed's ad-hoc form still works
    const adhoc = await deployer(['--ssh', 'app_servers', 'sudo rm -rf {{install_root}}/{{binaries_version}}/patch', '--conf-dir', conf], { cwd: conf });
    expectExit(adhoc, 0);
    expect(await onHosts('ls /opt/platform/platform-1/patch 2>&1 | head -1')).toEqual(every('ls: cannot access \'/opt/platform/platform-1/patch\': No such file or directory'));
    fs.rmSync(path.join(conf, 'patches'), { recursive: true });
  }, 120_000);

  it('refuses patches for a component that is not patchable, before anything runs', async () => {
    setting(['components', 'app', 'patchable'], false);
    fs.mkdirSync(path.join(conf, 'patches/app'), { recursive: true });
    fs.writeFileSync(path.join(conf, 'patches/app/fix.jar'), 'x');
    const journalBefore = readJournal(conf).records.length;
    const result = await run('deploy', '-t', 'patch');
    expectExit(result, 1);
    expect(String(result.stderr)).toContain('app is not patchable (components.app.patchable is false) but patches/app/ holds fix.jar');
    expect(String(result.stderr)).not.toMatch(/\n\s+at /);
    expect(readJournal(conf).records.length).toBe(journalBefore);
    fs.rmSync(path.join(conf, 'patches'), { recursive: true });
    setting(['components', 'app', 'patchable'], true);
  }, 60_000);

  it('a missing archive is an error naming the settings field, before anything runs', async () => {
    setting(['components', 'app', 'version'], '9.9.9');
    const result = await run('deploy');
    expectExit(result, 1);
    expect(String(result.stderr)).toContain('components.app.archive: archives/app-9.9.9.tar.gz not found');
    expect(await versions()).toEqual({ node01: '1.1.0', node02: '1.1.0', node03: '2.0.0' });
  }, 60_000);

  it('an archive without the expected top folder fails each host clearly and leaves it on its release', async () => {
    const work = tempDir('deployer-bad-archive-');
    fs.mkdirSync(path.join(work, 'something-else/bin'), { recursive: true });
    fs.writeFileSync(path.join(work, 'something-else/bin/app'), '#!/bin/sh\n');
    await execa('tar', ['-czf', path.join(conf, 'archives/app-9.9.9.tar.gz'), '-C', work, 'something-else']);
    const result = await run('deploy');
    expectExit(result, 2);
    for (const host of HOSTS) expect(String(result.stdout)).toContain(`${host}: app: app-9.9.9.tar.gz must hold one top folder app-9.9.9/ (the package name), but it holds 'something-else/'`);
    expect(await versions()).toEqual({ node01: '1.1.0', node02: '1.1.0', node03: '2.0.0' });
    expect(fs.readFileSync(path.join(conf, 'deploy.retry'), 'utf8').trim().split('\n').sort()).toEqual(HOSTS);
    fs.rmSync(path.join(conf, 'archives/app-9.9.9.tar.gz'));
  }, 120_000);

  it('a release that fails to start is reported per host with its log, rolled back, and the run says which release each host is on', async () => {
    setting(['components', 'app', 'version'], '2.0.0');
    setting(['components', 'app', 'clusters', 'main', 'vars', 'app_fail_at_start'], true);
    try {
      const result = await run('deploy', '-l', 'node01');
      expectExit(result, 2);
      expect(String(result.stdout)).toMatch(/app (failed|is activating)|not healthy within 20 s/);
      expect(String(result.stdout)).toContain('app 2.0.0: configured to fail at start');
      // back on the release it ran, and healthy
      expect(String(result.stdout)).toContain('node01  app-1.1.0  failed');
      expect(String(result.stdout)).toMatch(/^ {2}node01: app: rolled back to the release it ran: app on node01: /m);
      expect(await answer('node01', 'version')).toBe('1.1.0');
    } finally {
      setting(['components', 'app', 'clusters', 'main', 'vars', 'app_fail_at_start'], undefined);
    }
    expectExit(await run('deploy', '-l', 'node01'), 0);
    expect(await answer('node01', 'version')).toBe('2.0.0');
  }, 120_000);

  it('records every run in the journal, shown by deployer history', async () => {
    const { records } = readJournal(conf);
    expect(records.map((r) => `${r.action}:${r.result}`)).toEqual([
      'deploy:ok', 'deploy:ok', 'deploy:ok', 'deploy:ok', 'deploy:ok', 'restart:ok', 'deploy:ok', 'restart:ok', 'rollback:ok',
      'rollback:failed', 'rollback:ok', 'deploy:ok', 'deploy:ok', 'rollback-patch:ok', 'deploy:failed', 'deploy:failed', 'deploy:ok',
    ]);
    const update = records[2];
    expect(update.components.app).toEqual(Object.fromEntries(HOSTS.map((h) => [h, { before: 'app-1.0.0', after: 'app-1.1.0', outcome: 'changed' }])));
    expect(update.who).toMatch(/^\S+@\S+$/);
    expect(update.settings.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(update.command).toEqual(['deploy', '--no-progress']);
    const [history, json] = await Promise.all([deployer(['history', '-n', '2', '--conf-dir', conf], { cwd: conf }), deployer(['history', '--json', '--conf-dir', conf], { cwd: conf })]);
    expect(String(history.stdout).split('\n').filter((l) => /^\d{4}-/.test(l))).toHaveLength(2);
    expect(String(history.stdout)).toContain('deploy  failed  1 hosts (0 changed, 1 failed, 0 interrupted)');
    expect(String(json.stdout).trim().split('\n').map((l) => JSON.parse(l).action)).toHaveLength(records.length);
  }, 60_000);

  it('an interrupted deploy (Ctrl-C) ends its commands and says, on the terminal and in the journal, which release each host is on', async () => {
    // a release whose health check never passes (nothing listens on port 9) keeps the run in its
    // check until it is interrupted
    setting(['components', 'app', 'version'], '1.1.0');
    setting(['components', 'app', 'service', 'startup_timeout'], 60);
    setting(['components', 'app', 'service', 'health'], { tcp: 9 });
    try {
      const child = execa('node', [path.join(repo, 'bin/deployer.js'), 'deploy', '--no-progress'], { cwd: conf, env: { NO_COLOR: '1', CI: 'true', ANSIBLE_CONFIG: '' }, reject: false });
      let seen = '';
      await new Promise<void>((resolve) => {
        child.stdout!.on('data', (chunk: Buffer) => {
          seen += chunk.toString();
          if (seen.includes('TASK [release : app : healthy within')) resolve();
        });
      });
      // Ctrl-C while every host runs its check: the checks deployer ends must not count as failures
      while (Object.values(await onHosts(HEALTH_CHECKS)).some((n) => n === '0')) await new Promise((r) => setTimeout(r, 200));
      child.kill('SIGINT');
      const result = await child;
      expect(result.exitCode).toBe(99);
      expect(result.stdout).toContain('INTERRUPTED: every host is on the release shown');
      // a host already on 1.1.0 shows it once, the others before → after
      for (const host of HOSTS) expect(result.stdout).toMatch(new RegExp(`${host}  (app-[\\d.]+ → )?app-1\\.1\\.0  interrupted`));
      expect(result.stderr).toContain('[ERROR]: User interrupted execution');
      const last = readJournal(conf).records.at(-1)!;
      expect(last.result).toBe('interrupted');
      expect(Object.values(last.components.app).map((r) => r.after)).toEqual(['app-1.1.0', 'app-1.1.0', 'app-1.1.0']);
      // what the journal says is what the units say; and no health check is left running on the hosts
      const [release, checks] = await Promise.all([unitField('Release'), onHosts(HEALTH_CHECKS)]);
      expect(release).toEqual(every('app-1.1.0'));
      expect(checks).toEqual(every('0'));
    } finally {
      // the tests that follow start from a healthy settings file, whatever happened here
      setting(['components', 'app', 'service', 'health'], { http: 'http://{{ ansible_host }}:{{ app_port }}/health' });
      setting(['components', 'app', 'service', 'startup_timeout'], 20);
    }
    expectExit(await run('deploy'), 0);
    expect(await versions()).toEqual(every('1.1.0'));
  }, 120_000);

  it('a host deployed by an earlier deployer (its unit names the release): the next release moves it to a start script, a rollback restores the unit it had', async () => {
    setting(['components', 'app', 'version'], '1.1.0');
    expectExit(await run('deploy'), 0);
    // the unit and its record as an earlier deployer wrote them, for the release every host runs
    const earlier = [
      's=/opt/platform/.deployer/app; x=$(sed -n "s/^exec //p" $s/start)',
      `printf '[Unit]\\nDescription=app 1.1.0 (app-1.1.0)\\nX-Deployer-Component=app\\nX-Deployer-Release=app-1.1.0\\nX-Deployer-Previous=app-2.0.0\\n\\n[Service]\\nUser=platform\\nWorkingDirectory=/opt/platform/app-1.1.0\\nExecStart=%s\\nRestart=on-failure\\n\\n[Install]\\nWantedBy=multi-user.target\\n' "$x" > /etc/systemd/system/app.service`,
      'cp /etc/systemd/system/app.service $s/app-1.1.0.service && rm -f $s/start $s/*.start && systemctl daemon-reload && systemctl restart app && echo done',
    ].join('; ');
    expect(await onHosts(earlier)).toEqual(every('done'));
    const runsScript = () => onHosts('grep -c "^ExecStart=/opt/platform/.deployer/app/start$" /etc/systemd/system/app.service || true');
    const status = async () => JSON.parse(String((await deployer(['status', '--json'], { cwd: conf })).stdout)).rows.map((r: { host: string; configured: string; running: string; state: string }) => `${r.host} ${r.configured} ${r.running} ${r.state}`);
    const [scriptBefore, statusBefore] = await Promise.all([runsScript(), status()]);
    expect(scriptBefore).toEqual(every('0'));
    expect(statusBefore).toEqual(HOSTS.map((h) => `${h} 1.1.0 1.1.0 ok`));

    setting(['components', 'app', 'version'], '2.0.0');
    expectExit(await run('deploy'), 0);
    const [moved, script, previous] = await Promise.all([versions(), runsScript(), unitField('Previous')]);
    expect(moved).toEqual(every('2.0.0'));
    expect(script).toEqual(every('1'));
    expect(previous).toEqual(every('app-1.1.0'));

    // back to the release of the earlier deployer: its own unit, which names it (not the start script left beside it)
    expectExit(await run('rollback', 'app'), 0);
    const [back, scriptBack, unitBack, statusBack] = await Promise.all([
      versions(),
      runsScript(),
      onHosts("sed -n 's/^X-Deployer-Release=//p' /etc/systemd/system/app.service; systemctl show -p NeedDaemonReload --value app"),
      status(),
    ]);
    expect(back).toEqual(every('1.1.0'));
    expect(scriptBack).toEqual(every('0'));
    expect(unitBack).toEqual(every('app-1.1.0\\nno'));
    expect(statusBack).toEqual(HOSTS.map((h) => `${h} 1.1.0 1.1.0 drift`));

    // and again: to the previous release that unit records, one of this deployer's
    const again = await run('rollback', 'app');
    expectExit(again, 0);
    expect(String(again.stdout)).toContain('node02  app-1.1.0 → app-2.0.0  changed');
    const [forward, scriptForward, statusForward] = await Promise.all([versions(), runsScript(), status()]);
    expect(forward).toEqual(every('2.0.0'));
    expect(scriptForward).toEqual(every('1'));
    expect(statusForward).toEqual(HOSTS.map((h) => `${h} 2.0.0 2.0.0 ok`));

    setting(['components', 'app', 'version'], '1.1.0');
    expectExit(await run('deploy'), 0);
    const [last, scriptLast, statusLast] = await Promise.all([versions(), runsScript(), status()]);
    expect(last).toEqual(every('1.1.0'));
    expect(scriptLast).toEqual(every('1'));
    expect(statusLast).toEqual(HOSTS.map((h) => `${h} 1.1.0 1.1.0 ok`));
  }, 180_000);

  it('a host without systemd, or without sudo, gets a clear message from the pre-flight, and nothing is changed anywhere', async () => {
    // deployer's own sshd fleet: real hosts over ssh, no systemd
    const { testFleet } = await import('../support/fleet.js');
    const plain = await testFleet(1);
    try {
      const other = path.join(dir, 'conf-nosystemd');
      fs.cpSync(conf, other, { recursive: true });
      fs.rmSync(path.join(other, 'journal'), { recursive: true, force: true });
      const document = parseDocument(fs.readFileSync(path.join(other, 'deployment.yml'), 'utf8'));
      const sshdHost = fs.readFileSync(plain.inventory, 'utf8');
      const port = Number(/ansible_port=(\d+)/.exec(sshdHost)![1]);
      const address = /ansible_host=(\S+)/.exec(sshdHost)![1];
      const plainVars = { ansible_host: address, ansible_port: port, ansible_user: /ansible_user=(\S+)/.exec(sshdHost)![1], ansible_ssh_private_key_file: /ansible_ssh_private_key_file=(\S+)/.exec(sshdHost)![1], ansible_ssh_common_args: /ansible_ssh_common_args='([^']*)'/.exec(sshdHost)![1] };
      document.setIn(['hosts', 'plain01'], document.createNode(plainVars));
      // the same sshd host as a user who may only sudo with a password, and none is given
      document.setIn(['hosts', 'nosudo01'], document.createNode({ ...plainVars, ansible_user: FLEET_PASSWORD_USER }));
      document.setIn(['components', 'app', 'clusters', 'main', 'hosts'], document.createNode(['node01', 'plain01', 'nosudo01'], { flow: true }));
      fs.writeFileSync(path.join(other, 'deployment.yml'), document.toString());
      const result = await deployer(['deploy', '--no-progress', '--conf-dir', other], { cwd: other });
      expectExit(result, 2);
      expect(String(result.stdout)).toMatch(/^ {2}- plain01: systemd does not run this host \(systemd \d+.*, but \/run\/systemd\/system is missing\): app needs it$/m);
      expect(String(result.stdout)).toContain('  - nosudo01: sudo does not work (the deploy runs as root): Missing sudo password');
      expect(String(result.stdout)).toMatch(/^ {2}node01 +ok {2}systemd \d+/m);
      expect(String(result.stderr)).toContain('[ERROR]: pre-flight failed: nothing was changed');
      // refused before the first change: no playbook ran, on any host
      expect(String(result.stdout)).not.toContain('TASK [');
    } finally {
      await plain.stop();
    }
  }, 120_000);
});
