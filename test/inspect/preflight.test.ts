/**
 * Pre-flight: the probe's parser on output captured on Debian and on the systemd fleet
 * (test/fixtures/preflight/README.md), the verdict on each host, and the archive facts read
 * on the controller from real archives.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { archiveFacts, type ArchiveFacts } from '../../src/engine/preflight/archives.js';
import { judgeHost } from '../../src/engine/preflight/check.js';
import { parsePreflight, preflightCommand } from '../../src/inspect/preflight-probe.js';
import type { HostComponent } from '../../src/settings/render.js';
import { repo, tempDir } from '../support/fleet.js';

const fixture = (name: string) => fs.readFileSync(path.join(repo, 'test/fixtures/preflight', name), 'utf8');

describe('parsePreflight', () => {
  it.each([
    ['debian-no-systemd.txt', { uid: 0, systemctl: 'systemd 252 (252.39-1~deb12u2)', systemdRunning: false, diskPath: '/opt', presentReleases: [], availableKb: 83180944, mountedOn: '/' }],
    ['systemd-first-install.txt', { uid: 0, systemctl: 'systemd 252 (252.39-1~deb12u2)', systemdRunning: true, diskPath: '/opt', presentReleases: [], availableKb: 83172744, mountedOn: '/' }],
    ['systemd-release-present.txt', { uid: 0, systemctl: 'systemd 252 (252.39-1~deb12u2)', systemdRunning: true, diskPath: '/opt/platform', presentReleases: ['/opt/platform/app-1.0.0'], availableKb: 83164328, mountedOn: '/' }],
    ['systemd-tmpfs-full.txt', { uid: 0, systemctl: 'systemd 252 (252.39-1~deb12u2)', systemdRunning: true, diskPath: '/opt/small', presentReleases: [], availableKb: 1024, mountedOn: '/opt/small' }],
  ])('%s', (name, expected) => {
    const { disk, ...facts } = parsePreflight(fixture(name));
    const { availableKb, mountedOn, ...rest } = expected;
    expect(facts).toEqual(rest);
    expect(disk).toMatchObject({ availableKb, mountedOn });
  });

  it('ignores what a login prints before the marker', () => {
    expect(parsePreflight(`uid=1000\nWelcome!\n${fixture('systemd-first-install.txt')}`).uid).toBe(0);
  });

  it('runs for real: here, as this user, before a first install', async () => {
    const root = path.join(tempDir(), 'not', 'yet');
    const run = await execa('sh', ['-c', preflightCommand({ installRoot: root, releaseDirs: [`${root}/app-1.0.0`] })]);
    const facts = parsePreflight(run.stdout);
    expect(facts.uid).toBe(process.getuid!());
    expect(facts.diskPath).toBe(path.dirname(path.dirname(root)));
    expect(facts.disk!.availableKb).toBeGreaterThan(0);
  });
});

describe('judgeHost', () => {
  const app = (version: string, installRoot = '/opt/platform'): HostComponent => ({
    host: 'node01', component: 'app', cluster: 'main', version, package: `app-${version}`, installDir: `${installRoot}/app-${version}`,
    archive: `archives/app-${version}.tar.gz`, restart: 'now', patchable: false, patchDir: '', config: {},
    service: { unit: 'app', execStart: 'x', startupTimeout: 20, minHealthyTime: 3 },
  });
  const archives = new Map<string, ArchiveFacts>([
    ['archives/app-1.0.0.tar.gz', { file: 'app-1.0.0.tar.gz', sha256: 'a', bytes: 2048, unpackedBytes: 20480 }],
    ['archives/app-1.1.0.tar.gz', { file: 'app-1.1.0.tar.gz', sha256: 'b', bytes: 2048, unpackedBytes: 20480 }],
  ]);
  const answer = (name: string) => ({ host: 'node01', status: 'changed' as const, stdout: fixture(name), stderr: '' });

  it('a systemd host with room: ok, and what it needs is the release, its archive and the 10 MiB margin', () => {
    const verdict = judgeHost(answer('systemd-first-install.txt'), [app('1.0.0')], archives, true);
    expect(verdict).toMatchObject({ status: 'ok', problems: [], neededBytes: 22528 + 10 * 1024 * 1024 });
  });

  it('a release already there needs no room', () => {
    expect(judgeHost(answer('systemd-release-present.txt'), [app('1.0.0')], archives, true)).toMatchObject({ status: 'ok', neededBytes: 0 });
  });

  it('a full install root is refused, with what is free and what is needed', () => {
    const verdict = judgeHost(answer('systemd-tmpfs-full.txt'), [app('1.1.0', '/opt/small')], archives, true);
    expect(verdict.status).toBe('failed');
    expect(verdict.problems).toEqual(['/opt/small has 1.0M free (/opt/small), the deploy needs 10M: app 1.1.0 unpacked with its archive, 22K, and a margin of 10% (at least 10M)']);
  });

  it('a host without systemd cannot run a service', () => {
    expect(judgeHost(answer('debian-no-systemd.txt'), [app('1.0.0')], archives, true).problems).toEqual([
      'systemd does not run this host (systemd 252 (252.39-1~deb12u2), but /run/systemd/system is missing): app needs it',
    ]);
  });

  it('sudo that fails, and sudo that does not make root', () => {
    const failed = judgeHost({ host: 'node01', status: 'failed', stdout: '', stderr: '', msg: 'Missing sudo password' }, [app('1.0.0')], archives, true);
    expect(failed.problems).toEqual(['sudo does not work (the deploy runs as root): Missing sudo password']);
    const notRoot = judgeHost({ ...answer('systemd-first-install.txt'), stdout: fixture('systemd-first-install.txt').replace('uid=0', 'uid=1001') }, [app('1.0.0')], archives, true);
    expect(notRoot.problems).toEqual(['sudo does not make the deploy root (it runs as uid 1001)']);
  });

  it('an unreachable host is not a problem by itself', () => {
    expect(judgeHost({ host: 'node01', status: 'unreachable', stdout: '', stderr: '', msg: 'timed out' }, [app('1.0.0')], archives, true)).toMatchObject({ status: 'unreachable', problems: [] });
  });
});

describe('archiveFacts', () => {
  it('reads the checksum, the size and the unpacked size of a real archive', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'app-1.0.0'));
    fs.writeFileSync(path.join(dir, 'app-1.0.0', 'data'), Buffer.alloc(100_000, 7));
    await execa('tar', ['-czf', 'app.tar.gz', 'app-1.0.0'], { cwd: dir });
    const file = path.join(dir, 'app.tar.gz');
    const facts = await archiveFacts(file);
    const sha = (await execa('sha256sum', [file])).stdout.split(' ')[0];
    expect(facts).toMatchObject({ sha256: sha, bytes: fs.statSync(file).size });
    // the tar stream: the file, its header and the folder's, padded to 10 KiB records
    expect(facts.unpackedBytes).toBe(Number((await execa('sh', ['-c', `gzip -dc ${file} | wc -c`])).stdout));
    expect(facts.unpackedBytes).toBeGreaterThan(100_000);
    expect(facts.problem).toBeUndefined();
  });

  it('refuses an archive whose .sha256 disagrees, and a file that is not gzip', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'app.tar.gz');
    await execa('tar', ['-czf', file, '-C', repo, 'package.json']);
    fs.writeFileSync(`${file}.sha256`, `${'0'.repeat(64)}  app.tar.gz\n`);
    expect((await archiveFacts(file)).problem).toMatch(/^its checksum is [0-9a-f]{64}, but .*app\.tar\.gz\.sha256 says 0{64}$/);
    fs.writeFileSync(path.join(dir, 'plain.tar.gz'), 'not gzip');
    expect((await archiveFacts(path.join(dir, 'plain.tar.gz'))).problem).toMatch(/^not a gzip archive, or truncated/);
  });
});
