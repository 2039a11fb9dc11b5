/**
 * The status probe: its command run for real (here, on a process this test starts), and its
 * parsers on output captured on the systemd fleet and on Debian (see
 * test/fixtures/status/README.md for how each file was made).
 */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { lstartToIso } from '../../src/inspect/ps.js';
import { releaseFoldersIn } from '../../src/inspect/release-folders.js';
import { parseProbe, probeCommand } from '../../src/inspect/status-probe.js';
import { parseExecStart, parseSystemctlShow } from '../../src/inspect/systemd.js';
import { repo, tempDir } from '../support/fleet.js';

/** The clock line and the process's start ticks in systemd-running.txt. */
const [NOW, UPTIME, TICKS] = [1796177442.915787254, 23588.29, 2357894];
const fixture = (name: string) => fs.readFileSync(path.join(repo, 'test/fixtures/status', name), 'utf8');
const unitsOf = (name: string) => {
  const probe = parseProbe(fixture(name));
  if (!('units' in probe.systemd)) throw new Error(probe.systemd.error);
  return probe.systemd.units;
};

/** The seed's ZooKeeper process (Punchplatform training, "view the running version of a service"). */
const ZOOKEEPER =
  'java -Dzookeeper.log.dir=/var/log/punchplatform/zookeeper -Dzookeeper.log.file=zookeeper--server-localhost.localdomain.log -Dzookeeper.root.logger=INFO,CONSOLE -XX:+HeapDumpOnOutOfMemoryError -XX:OnOutOfMemoryError=kill -9 %p -cp /data/opt/apache-zookeeper-3.5.5-bin/bin/../zookeeper-server/target/classes:/data/opt/apache-zookeeper-3.5.5-bin/bin/../build/classes:/data/opt/apache-zookeeper-3.5.5-bin/bin/../lib/zookeeper-3.5.5.jar org.apache.zookeeper.server.quorum.QuorumPeerMain /data/opt/apache-zookeeper-3.5.5-bin/bin/../conf/zoo.cfg';

describe('releaseFoldersIn', () => {
  it.each([
    ['a java class path through bin/..', [ZOOKEEPER], '/data/opt', ['apache-zookeeper-3.5.5-bin']],
    ['the install root with a trailing slash', [ZOOKEEPER], '/data/opt/', ['apache-zookeeper-3.5.5-bin']],
    ['an executable in the release', ['/opt/platform/app-1.1.0/bin/app --listen 127.0.50.1:8080'], '/opt/platform', ['app-1.1.0']],
    ['every release named, in order', ['/opt/platform/app-1.1.0/bin/app --patches /opt/platform/platform-1/patch'], '/opt/platform', ['app-1.1.0', 'platform-1']],
    ['an option with =', ['kafka-server-start.sh --override log.dirs=/data/kafka --config=/data/opt/kafka_2.12-2.8.1/config/server.properties'], '/data/opt', ['kafka_2.12-2.8.1']],
    ['a -D option', ['java -Dkafka.logs.dir=/data/opt/kafka_2.12-2.8.1/bin/../logs kafka.Kafka'], '/data/opt', ['kafka_2.12-2.8.1']],
    ['a path that climbs out of the root', ['/data/opt/kafka/../../etc/passwd'], '/data/opt', []],
    ['a path beside the root (same prefix)', ['/data/optional/app-1/bin/app'], '/data/opt', []],
    ['relative paths', ['./bin/app ../lib/x.jar'], '/data/opt', []],
    ['a working directory', ['/opt/platform/app-1.0.0'], '/opt/platform', ['app-1.0.0']],
  ])('%s', (_what, lines, root, expected) => {
    expect(releaseFoldersIn(lines, root)).toEqual(expected);
  });
});

describe('parseExecStart', () => {
  it.each([
    ['one command', '{ path=/opt/platform/app-1.0.0/bin/app ; argv[]=/opt/platform/app-1.0.0/bin/app --listen 127.0.50.1:8080 ; ignore_errors=no ; start_time=[n/a] ; stop_time=[n/a] ; pid=0 ; code=(null) ; status=0/0 }', ['/opt/platform/app-1.0.0/bin/app', '--listen', '127.0.50.1:8080']],
    ['an unexpanded variable', '{ path=/usr/sbin/sshd ; argv[]=/usr/sbin/sshd -D $SSHD_OPTS ; ignore_errors=no ; start_time=[n/a] ; stop_time=[n/a] ; pid=0 ; code=(null) ; status=0/0 }', ['/usr/sbin/sshd', '-D', '$SSHD_OPTS']],
    ['several commands: the first', '{ path=/bin/a ; argv[]=/bin/a 1 ; ignore_errors=no ; start_time=[n/a] ; stop_time=[n/a] ; pid=0 ; code=(null) ; status=0/0 } ; { path=/bin/b ; argv[]=/bin/b 2 ; ignore_errors=no ; start_time=[n/a] ; stop_time=[n/a] ; pid=0 ; code=(null) ; status=0/0 }', ['/bin/a', '1']],
    ['none (a unit that does not exist)', '', []],
  ])('%s', (_what, value, expected) => {
    expect(parseExecStart(value)).toEqual(expected);
  });
});

describe('systemctl show, as captured', () => {
  it.each([
    ['systemd-running.txt', { id: 'app.service', loadState: 'loaded', activeState: 'active', subState: 'running', mainPid: 895 }, 'app-1.1.0'],
    ['systemd-restart-pending.txt', { id: 'app.service', activeState: 'active', mainPid: 550 }, 'app-1.1.0'],
    ['systemd-stopped.txt', { id: 'app.service', activeState: 'inactive', subState: 'dead', mainPid: 0 }, 'app-1.1.0'],
    ['systemd-killed.txt', { id: 'app.service', activeState: 'failed', subState: 'failed', mainPid: 0, dropInPaths: ['/etc/systemd/system/app.service.d/no-restart.conf'] }, 'app-1.1.0'],
  ])('%s', (name, expected, release) => {
    const [app, zookeeper] = unitsOf(name);
    expect(app).toMatchObject({ ...expected, fragmentPath: '/etc/systemd/system/app.service', workingDirectory: `/opt/platform/${release}`, needDaemonReload: false });
    // a unit that does not exist is an answer, not an error
    expect(zookeeper).toMatchObject({ id: 'zookeeper.service', loadState: 'not-found', activeState: 'inactive', mainPid: 0, execStart: [], dropInPaths: [] });
  });

  it('reads the unit whose file changed after its process started (restart pending)', () => {
    const probe = parseProbe(fixture('systemd-restart-pending.txt'));
    const [app] = unitsOf('systemd-restart-pending.txt');
    const main = probe.processes.find((p) => p.pid === app.mainPid)!;
    expect(app.execStart[0]).toBe('/opt/platform/app-1.1.0/bin/app');
    expect(main.args).toMatch(/^python3 \/opt\/platform\/app-1\.0\.0\/bin\/app /);
    expect(probe.files.get('/etc/systemd/system/app.service')!).toBeGreaterThan(main.started!);
  });

  it('reads the start script a deployer unit runs: its cd and exec lines, and its time', () => {
    const probe = parseProbe(fixture('systemd-start-script-pending.txt'));
    const [app] = unitsOf('systemd-start-script-pending.txt');
    expect(app).toMatchObject({ id: 'app.service', execStart: ['/opt/platform/.deployer/app/start'], mainPid: 2331 });
    expect(probe.startScripts).toEqual(
      new Map([['/opt/platform/.deployer/app/start', ['cd /opt/platform/app-1.1.0 || exit 200', 'exec /opt/platform/app-1.1.0/bin/app --listen 127.0.50.2:8080 --patches /opt/platform/platform-1/patch']]]),
    );
    expect(probe.files.get('/opt/platform/.deployer/app/start')).toBe(1796415078.488508006);
    // the unit's main process was started before the start script changed: what runs is the older release
    const main = probe.processes.find((p) => p.pid === app.mainPid)!;
    expect(main).toMatchObject({ args: 'python3 /opt/platform/app-1.0.0/bin/app --listen 127.0.50.2:8080 --patches /opt/platform/platform-1/patch', cwd: '/opt/platform/app-1.0.0' });
  });

  it('a host without systemd says why', () => {
    expect(parseProbe(fixture('debian-no-systemd-java.txt')).systemd).toEqual({ error: 'System has not been booted with systemd as init system (PID 1). Can\'t operate.' });
  });
});

describe('parseProbe', () => {
  it('reads processes with their user, arguments, start time (from the host clock and ticks) and working directory', () => {
    const probe = parseProbe(fixture('systemd-running.txt'));
    expect(probe.processes).toHaveLength(1);
    const [app] = probe.processes;
    expect(app).toMatchObject({ pid: 895, ppid: 1, user: 'platform', cwd: '/opt/platform/app-1.1.0', args: 'python3 /opt/platform/app-1.1.0/bin/app --listen 127.0.50.1:8080 --patches /opt/platform/platform-1/patch' });
    // now - uptime + start ticks / CLK_TCK, with the fixture's own numbers
    expect(app.started).toBeCloseTo(NOW - UPTIME + TICKS / 100, 6);
  });

  it('reads a long java command line whole, and the files asked for', () => {
    const probe = parseProbe(fixture('debian-no-systemd-java.txt'));
    const [java] = probe.processes;
    expect(java.args).toMatch(/^java -Dzookeeper\.log\.dir=\/var\/log\/punchplatform\/zookeeper .* -cp \/data\/opt\/apache-zookeeper-3\.5\.5-bin\/bin\/\.\.\/conf:/);
    expect(java.args).toMatch(/org\.apache\.zookeeper\.server\.quorum\.QuorumPeerMain \/data\/opt\/apache-zookeeper-3\.5\.5-bin\/bin\/\.\.\/conf\/zoo\.cfg$/);
    expect(releaseFoldersIn([java.args], '/data/opt')).toEqual(['apache-zookeeper-3.5.5-bin']);
    expect([...probe.files.keys()]).toEqual(['/data/opt/apache-zookeeper-3.5.5-bin/conf/zoo.cfg']);
  });

  it('reads the clock in the locale bash writes it in ($EPOCHREALTIME with a decimal comma, de_DE)', () => {
    const line = (now: string) => `__deployer_status__ now ${now} 100.50\n__deployer_status__ proc 7 2000 1 root sleep 60`;
    const [comma, point] = [parseProbe(line('1796177442,915787')), parseProbe(line('1796177442.915787'))];
    expect(comma.processes[0].started).toBeCloseTo(1796177442.915787 - 100.5 + 20, 6);
    expect(comma.processes[0].started).toBe(point.processes[0].started);
  });

  it('reads a patch folder and its files, with the newest change', () => {
    const probe = parseProbe(fixture('systemd-patch-added.txt'));
    expect(probe.patches).toEqual([{ dir: '/opt/platform/platform-1/patch', files: ['hotfix-1.jar'], changed: 1796177463.647523367 }]);
    expect(parseProbe(fixture('systemd-running.txt')).patches).toEqual([]);
  });

  it('reads a process started by hand and the sudo that started it', () => {
    const probe = parseProbe(fixture('systemd-by-hand.txt'));
    expect(probe.processes.map((p) => `${p.pid}<${p.ppid} ${p.user}`)).toEqual(['889<1 root', '891<889 platform']);
  });
});

describe('the probe on a real process table', () => {
  // bash reads the clock itself ($EPOCHREALTIME), dash asks date
  it.each(['sh', 'bash'])('finds the processes that point into the install root, never itself, with their start time (%s)', async (shell) => {
    const root = tempDir('deployer-probe-');
    const release = path.join(root, 'app-1.0.0', 'bin', 'app');
    fs.mkdirSync(path.dirname(release), { recursive: true });
    fs.mkdirSync(path.join(root, 'app-1.0.0', 'conf'));
    fs.writeFileSync(path.join(root, 'app-1.0.0', 'conf', 'app.conf'), 'x\n');
    fs.mkdirSync(path.join(root, 'patch'));
    fs.writeFileSync(path.join(root, 'patch', 'fix.jar'), 'x\n');
    // one process whose command line names the release, as a service's would
    const child = execa('python3', ['-c', 'import time; time.sleep(60)', release], { reject: false, stdio: 'ignore' });
    try {
      // on a busy machine the child may not have become python3 yet: wait until its command line names the release
      const cmdline = () => {
        try {
          return fs.readFileSync(`/proc/${child.pid}/cmdline`, 'utf8');
        } catch {
          return '';
        }
      };
      for (const deadline = Date.now() + 10_000; !cmdline().includes(release) && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 20));
      const command = probeCommand({ installRoot: root, units: [], patchDirs: [path.join(root, 'patch'), path.join(root, 'absent')], releaseFiles: ['conf/app.conf'] });
      // the command is a finished shell script: it must not need templating or a particular shell
      const { stdout } = await execa(shell, ['-c', command]);
      const probe = parseProbe(stdout);
      expect(probe.processes.map((p) => p.pid)).toEqual([child.pid]);
      const [found] = probe.processes;
      expect(releaseFoldersIn([found.args], root)).toEqual(['app-1.0.0']);
      // its start, read from /proc, is the one ps reports to the second
      const { stdout: lstart } = await execa('ps', ['-o', 'lstart=', '-p', String(child.pid)], { env: { LC_ALL: 'C', TZ: 'UTC0' } });
      expect(Math.abs(found.started! * 1000 - Date.parse(lstartToIso(lstart)!))).toBeLessThan(2000);
      expect([...probe.files.keys()]).toEqual([path.join(root, 'app-1.0.0', 'conf', 'app.conf')]);
      expect(probe.patches.map((p) => [p.dir, p.files])).toEqual([[path.join(root, 'patch'), ['fix.jar']]]);
      expect(probe.releases).toEqual(['app-1.0.0', 'patch']);
    } finally {
      child.kill('SIGKILL');
      await child;
    }
  });
});
