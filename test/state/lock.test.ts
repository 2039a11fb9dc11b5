/**
 * The deploy lock: taken atomically, refused to a second run with who holds it, stale when its
 * holder's process is gone or its lease ran out (a clock is passed in: no test waits), broken
 * only when asked, released however the run ends — and left stale by a SIGKILL.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import { acquireLock, LEASE_SECONDS, lockFile, LockHeldError, readLock, releaseLock, staleReason, type LockDetails } from '../../src/state/lock.js';
import { repo, tempDir } from '../support/fleet.js';

const fixed = (iso: string) => ({ now: () => new Date(iso) });

/** A lock as another run would have written it. */
function writeLock(conf: string, lock: Partial<LockDetails>): LockDetails {
  const details: LockDetails = { who: 'ops@elsewhere', machine: os.hostname(), pid: process.pid, command: ['deploy'], since: '2026-03-04T10:00:00.000Z', renewed: '2026-03-04T10:00:00.000Z', leaseSeconds: LEASE_SECONDS, ...lock };
  fs.writeFileSync(lockFile(conf), JSON.stringify(details));
  return details;
}

/** A PID that is surely gone: a process that ran and was reaped. */
async function deadPid(): Promise<number> {
  const child = execa('true');
  await child;
  return child.pid!;
}

describe('the deploy lock', () => {
  it('is taken with who, PID, command and since, and released', () => {
    const conf = tempDir('deployer-lock-');
    const lock = acquireLock(conf, { command: ['deploy', '-t', 'app'], clock: fixed('2026-03-04T10:00:00Z') });
    expect(readLock(conf)).toEqual({ who: expect.stringMatching(/^.+@.+$/), machine: os.hostname(), pid: process.pid, command: ['deploy', '-t', 'app'], since: '2026-03-04T10:00:00.000Z', renewed: '2026-03-04T10:00:00.000Z', leaseSeconds: LEASE_SECONDS });
    lock.release();
    expect(fs.existsSync(lockFile(conf))).toBe(false);
    // and nothing else is left in the folder (the details are linked in, their own file removed)
    expect(fs.readdirSync(conf)).toEqual([]);
  });

  it('refuses a second run, saying who holds it and since when', () => {
    const conf = tempDir('deployer-lock-');
    const first = acquireLock(conf, { command: ['deploy'] });
    try {
      expect(() => acquireLock(conf, { command: ['rollback', 'app'], breakLock: true })).toThrow(LockHeldError);
      expect(() => acquireLock(conf, { command: ['rollback', 'app'] })).toThrow(new RegExp(`Another rollout holds the deploy lock .*deployer\\.lock: .+@.+, pid ${process.pid}, since .*: deployer deploy`));
    } finally {
      first.release();
    }
  });

  it('of a dead process on this machine is stale; the next run names it and takes over only with --break-lock', async () => {
    const conf = tempDir('deployer-lock-');
    const gone = writeLock(conf, { pid: await deadPid() });
    expect(staleReason(gone)).toBe(`its process ${gone.pid} is gone`);
    expect(() => acquireLock(conf, { command: ['deploy'] })).toThrow(/is stale \(its process \d+ is gone\); it was held by ops@elsewhere.*Run again with --break-lock/s);
    const lock = acquireLock(conf, { command: ['deploy'], breakLock: true });
    expect(lock.broke).toEqual(gone);
    expect(readLock(conf)!.pid).toBe(process.pid);
    lock.release();
  });

  it.each([
    ['renewed just now', '2026-03-04T10:04:00Z', undefined],
    ['renewed within the lease', '2026-03-04T10:04:59Z', undefined],
    ['not renewed within the lease', '2026-03-04T10:05:01Z', 'not renewed for 301 s (lease 300 s)'],
  ])('held on another machine, %s', (_what, now, reason) => {
    const lock = { ...writeLock(tempDir('deployer-lock-'), {}), machine: 'other-controller', pid: 1, renewed: '2026-03-04T10:00:00.000Z' };
    expect(staleReason(lock, fixed(now))).toBe(reason);
  });

  it('a lock file that is not one is an error naming it, not a crash', () => {
    const conf = tempDir('deployer-lock-');
    fs.writeFileSync(lockFile(conf), 'garbage');
    expect(() => acquireLock(conf, { command: ['deploy'] })).toThrow(/deployer\.lock is not a deploy lock deployer wrote/);
  });

  it('deployer lock release refuses a live holder on this machine unless forced', async () => {
    const conf = tempDir('deployer-lock-');
    const sleeper = execa('sleep', ['30']);
    try {
      writeLock(conf, { pid: sleeper.pid! });
      expect(() => releaseLock(conf)).toThrow(/held by a running deployer .*use --force/);
      expect(releaseLock(conf, { force: true })!.pid).toBe(sleeper.pid);
      expect(readLock(conf)).toBeUndefined();
    } finally {
      sleeper.kill('SIGKILL');
      await sleeper.catch(() => undefined);
    }
  });

  it('is released when the run ends by process.exit, and left (stale) by SIGKILL', async () => {
    const conf = tempDir('deployer-lock-');
    const script = (end: string) => `import { acquireLock } from ${JSON.stringify(path.join(repo, 'dist/state/lock.js'))};\nacquireLock(${JSON.stringify(conf)}, { command: ['deploy'] });\nconsole.log('held');\n${end}`;
    await execa('node', ['--input-type=module', '-e', script('process.exit(130);')], { reject: false });
    expect(readLock(conf)).toBeUndefined();
    const killed = execa('node', ['--input-type=module', '-e', script('setTimeout(() => {}, 60000);')], { reject: false });
    await new Promise<void>((resolve) => killed.stdout!.on('data', () => resolve()));
    killed.kill('SIGKILL');
    await killed;
    const left = readLock(conf)!;
    expect(left.pid).toBe(killed.pid);
    expect(staleReason(left)).toBe(`its process ${killed.pid} is gone`);
  });
});
