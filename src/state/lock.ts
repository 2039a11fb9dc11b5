/**
 * One rollout at a time: the deploy lock of a platform, `<conf dir>/deployer.lock`, held for a
 * whole deploy, restart or rollback. It says who holds it (user@machine, PID, the command with
 * no secret in it: redact.ts) and since when, and is renewed while the run lasts; it is 0600.
 * Taking it is atomic (the details are written to a file of their own, then hard-linked to the
 * lock's name, which fails if a lock is there), so two runs never both believe they hold it, and
 * a reader never sees half a lock.
 *
 * A lock is stale when its holder is gone: on this machine, its PID is dead; anywhere, it was not
 * renewed within its lease. A stale lock is never taken over silently: the next run names it and
 * takes over only when asked (`--break-lock`).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DeployerError } from '../errors.js';
import { whoAmI } from './journal.js';
import { PRIVATE_FILE } from './private-files.js';
import { redactRecord } from './redact.js';

export interface LockDetails {
  /** user@machine */
  who: string;
  machine: string;
  pid: number;
  command: string[];
  /** ISO 8601 UTC: when the lock was taken, and last renewed. */
  since: string;
  renewed: string;
  /** Seconds after `renewed` when the lock is stale, whoever holds it. */
  leaseSeconds: number;
  /** The run's id, as its audit lines and journal record name it. */
  run?: string;
}

/** Renewed every minute; five missed renewals make a lock stale. */
export const LEASE_SECONDS = 300;
const RENEW_EVERY_MS = 60_000;

export const lockFile = (confDir: string) => path.join(confDir, 'deployer.lock');

export interface Clock {
  now(): Date;
}
const systemClock: Clock = { now: () => new Date() };

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The details of a lock this process takes now (either store). */
export function ownLockDetails(command: string[], run: string | undefined, leaseSeconds: number, now: string): LockDetails {
  return { who: whoAmI(), machine: os.hostname(), pid: process.pid, command, since: now, renewed: now, leaseSeconds, ...(run ? { run } : {}) };
}

/** On this machine, a holder whose process is gone: why its lock is stale, whatever its lease says. */
export const holderGone = (lock: LockDetails): string | undefined => (lock.machine === os.hostname() && !alive(lock.pid) ? `its process ${lock.pid} is gone` : undefined);

/** Why a lock is stale, or undefined while its holder may still be at work. */
export function staleReason(lock: LockDetails, clock: Clock = systemClock): string | undefined {
  const gone = holderGone(lock);
  if (gone) return gone;
  const age = (clock.now().getTime() - Date.parse(lock.renewed)) / 1000;
  if (age > lock.leaseSeconds) return `not renewed for ${Math.round(age)} s (lease ${lock.leaseSeconds} s)`;
  return undefined;
}

export function describeLock(lock: LockDetails): string {
  return `${lock.who}, pid ${lock.pid}, since ${lock.since}: deployer ${lock.command.join(' ')}`;
}

export class LockHeldError extends DeployerError {
  constructor(
    readonly lock: LockDetails,
    readonly stale: string | undefined,
    file: string,
  ) {
    super(
      stale
        ? `The deploy lock ${file} is stale (${stale}); it was held by ${describeLock(lock)}.\n` +
            `That run may have left hosts between releases: deployer status shows each host's release, deployer history the last record. Run again with --break-lock to take the lock over.`
        : `Another rollout holds the deploy lock ${file}: ${describeLock(lock)}.\nWait for it to end (deployer lock status), or, if it is gone, deployer lock release.`,
    );
  }
}

/** The lock, or undefined; a lock file that cannot be read as one is an error naming it. */
export function readLock(confDir: string): LockDetails | undefined {
  const file = lockFile(confDir);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DeployerError(`Cannot read the deploy lock ${file}: ${(error as NodeJS.ErrnoException).code}`);
  }
  try {
    const lock = JSON.parse(text) as LockDetails;
    if (typeof lock.pid !== 'number' || typeof lock.renewed !== 'string') throw new Error('fields');
    return redactRecord(lock);
  } catch {
    throw new DeployerError(`${file} is not a deploy lock deployer wrote (not its JSON): remove it if no rollout runs`);
  }
}

export interface HeldLock {
  details: LockDetails;
  /** The stale lock that was broken to take this one, if any. */
  broke?: LockDetails;
  release(): void;
}

/** Takes the lock, or throws LockHeldError; `breakLock` takes over a stale lock (never a live one). */
export function acquireLock(confDir: string, options: { command: string[]; run?: string; breakLock?: boolean; clock?: Clock }): HeldLock {
  const clock = options.clock ?? systemClock;
  const file = lockFile(confDir);
  const now = clock.now().toISOString();
  const details = ownLockDetails(options.command, options.run, LEASE_SECONDS, now);
  let broke: LockDetails | undefined;
  for (let attempt = 0; ; attempt++) {
    if (link(file, details)) break;
    const current = readLock(confDir);
    if (!current) continue; // released meanwhile: try again
    const stale = staleReason(current, clock);
    if (!stale || !options.breakLock || attempt > 0) throw new LockHeldError(current, stale, file);
    fs.rmSync(file, { force: true });
    broke = current;
  }
  const ours = (lock: LockDetails | undefined) => lock !== undefined && lock.pid === details.pid && lock.since === details.since && lock.machine === details.machine;
  const renew = setInterval(() => {
    // a lock broken meanwhile (ours went stale) belongs to its new holder: leave it alone
    if (!ours(safeRead(confDir))) return;
    details.renewed = clock.now().toISOString();
    writeDetails(file, details);
  }, RENEW_EVERY_MS);
  renew.unref();
  // a run that ends by process.exit (a second Ctrl-C) still lets the lock go
  const onExit = () => release();
  process.once('exit', onExit);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    clearInterval(renew);
    process.off('exit', onExit);
    if (ours(safeRead(confDir))) fs.rmSync(file, { force: true });
  };
  return { details, ...(broke ? { broke } : {}), release };
}

/** Removes the lock, whoever holds it (`deployer lock release`); refuses a live holder on this machine unless forced. */
export function releaseLock(confDir: string, options: { force?: boolean } = {}): LockDetails | undefined {
  const lock = readLock(confDir);
  if (!lock) return undefined;
  if (!options.force && lock.machine === os.hostname() && alive(lock.pid) && lock.pid !== process.pid) {
    throw new DeployerError(`The deploy lock is held by a running deployer (${describeLock(lock)}): stop that run, or use --force`);
  }
  fs.rmSync(lockFile(confDir), { force: true });
  return lock;
}

function safeRead(confDir: string): LockDetails | undefined {
  try {
    return readLock(confDir);
  } catch {
    return undefined;
  }
}

/** What a lock file holds: its details, masked (no secret), readable by its owner only. */
const lockText = (details: LockDetails) => `${JSON.stringify(redactRecord(details), null, 2)}\n`;

/** Writes the details beside the lock and links them in: false when a lock is already there. */
function link(file: string, details: LockDetails): boolean {
  const temporary = `${file}.${process.pid}.${Date.now()}`;
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(temporary, lockText(details), { mode: PRIVATE_FILE });
    fs.linkSync(temporary, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw new DeployerError(`Cannot take the deploy lock ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  } finally {
    fs.rmSync(temporary, { force: true });
  }
}

/** Renewal: the new details replace the old at once (rename), never a half-written lock. */
function writeDetails(file: string, details: LockDetails): void {
  const temporary = `${file}.${process.pid}.renew`;
  try {
    fs.writeFileSync(temporary, lockText(details), { mode: PRIVATE_FILE });
    fs.renameSync(temporary, file);
  } catch {
    // a renewal that fails leaves the previous one: the lease gives five minutes to the next
  }
}
