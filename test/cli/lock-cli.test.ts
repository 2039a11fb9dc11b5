/**
 * The deploy lock as users meet it: a second deploy refused while a rollout holds the lock,
 * `deployer lock status` and `release`, a stale lock named and taken over only with
 * `--break-lock` (and the journal saying whose it was). The hosts are loopback addresses where
 * nothing listens: what matters here is what happens before and around them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa, execaSync } from 'execa';
import { lockFile, readLock } from '../../src/state/lock.js';
import { readJournal } from '../../src/state/journal.js';
import { deployer, tempDir } from '../support/fleet.js';

const SETTINGS = `platform: { name: shop, install_root: /opt/shop }
vars: { ansible_port: 1, ansible_user: nobody }
hosts:
  web1: { ansible_host: 127.0.9.1 }
components:
  web:
    version: 2.1.0
    clusters: { front: { hosts: [web1] } }
    service: { exec_start: "{{ install_dir }}/bin/web" }
`;

function conf(): string {
  const dir = tempDir('deployer-lock-cli-');
  fs.writeFileSync(path.join(dir, 'deployment.yml'), SETTINGS);
  // a real release archive (the pre-flight reads it): one top folder named like the package
  fs.mkdirSync(path.join(dir, 'archives', 'web-2.1.0', 'bin'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'archives', 'web-2.1.0', 'bin', 'web'), '#!/bin/sh\n');
  execaSync('tar', ['-czf', 'web-2.1.0.tar.gz', 'web-2.1.0'], { cwd: path.join(dir, 'archives') });
  fs.rmSync(path.join(dir, 'archives', 'web-2.1.0'), { recursive: true });
  return dir;
}

/** The lock another deployer run holds: its PID is a live process of this test. */
function holdLock(dir: string, pid: number): void {
  const lock = { who: 'ops@controller', machine: os.hostname(), pid, command: ['deploy', '-t', 'web'], since: '2026-03-04T10:00:00.000Z', renewed: new Date().toISOString(), leaseSeconds: 300 };
  fs.writeFileSync(lockFile(dir), JSON.stringify(lock));
}

describe('the deploy lock, from the command line', () => {
  it('a second rollout is refused with who holds the lock; lock status and release say and do the same', async () => {
    const dir = conf();
    const holder = execa('sleep', ['60']);
    try {
      holdLock(dir, holder.pid!);
      for (const command of [['deploy'], ['rollback', 'web'], ['restart', 'web']]) {
        const refused = await deployer([...command, '--no-progress'], { cwd: dir });
        expect(refused.exitCode).toBe(1);
        expect(String(refused.stderr)).toContain(`Another rollout holds the deploy lock ${lockFile(dir)}: ops@controller, pid ${holder.pid}, since 2026-03-04T10:00:00.000Z: deployer deploy -t web`);
        expect(String(refused.stdout)).not.toContain('PLAY');
      }
      // a dry run changes nothing: it goes on
      expect(String((await deployer(['deploy', '--check', '--no-progress'], { cwd: dir })).stdout)).toContain('PLAY [deploy');
      const status = await deployer(['lock', 'status'], { cwd: dir });
      expect(status.exitCode).toBe(1);
      expect(String(status.stdout)).toContain(`deployer.lock: held by ops@controller, pid ${holder.pid}, since 2026-03-04T10:00:00.000Z: deployer deploy -t web`);
      const release = await deployer(['lock', 'release'], { cwd: dir });
      expect(release.exitCode).toBe(1);
      expect(String(release.stderr)).toContain('held by a running deployer');
    } finally {
      holder.kill('SIGKILL');
      await holder.catch(() => undefined);
    }
    // its holder gone, the lock is stale
    const stale = await deployer(['lock', 'status'], { cwd: dir });
    expect(stale.exitCode).toBe(2);
    expect(String(stale.stdout)).toContain(`stale: its process ${holder.pid} is gone`);
    const release = await deployer(['lock', 'release'], { cwd: dir });
    expect(release.exitCode).toBe(0);
    expect(String(release.stdout)).toContain('deployer.lock released (it was held by ops@controller');
    expect((await deployer(['lock', 'status'], { cwd: dir })).exitCode).toBe(0);
  }, 60_000);

  it('a stale lock is named and kept; --break-lock takes it over, the journal says whose it was, and the run lets it go', async () => {
    const dir = conf();
    const gone = execa('true');
    await gone;
    holdLock(dir, gone.pid!);
    const refused = await deployer(['deploy', '--no-progress'], { cwd: dir });
    expect(refused.exitCode).toBe(1);
    expect(String(refused.stderr)).toMatch(/The deploy lock \S+\/deployer\.lock is stale \(its process \d+ is gone\); it was held by ops@controller.*\n.*deployer status shows each host's release.*--break-lock/);
    expect(readLock(dir)!.pid).toBe(gone.pid);

    const taken = await deployer(['deploy', '--no-progress', '--break-lock'], { cwd: dir });
    // the run itself goes on to the host, which does not answer
    expect(taken.exitCode).toBe(4);
    expect(String(taken.stderr)).toContain(`[WARNING]: took over the stale deploy lock of ops@controller, pid ${gone.pid}`);
    expect(readJournal(dir).records.at(-1)!.brokeLock).toMatchObject({ who: 'ops@controller', pid: gone.pid, command: ['deploy', '-t', 'web'] });
    expect(fs.existsSync(lockFile(dir))).toBe(false);
  }, 60_000);
});
