/** What `deployer lock status` and `deployer lock release` print. */
import type { SettingsOptions } from '../../settings/locate.js';
import { describeLock } from '../../state/lock.js';
import { openStore } from '../../state/open.js';
import type { LockView, StateStore } from '../../state/store.js';
import { processEnvironment, type Environment } from '../context.js';
import { placeName } from '../display.js';
import { requireSettings } from './settings-run.js';

async function withStore<T>(options: SettingsOptions, environment: Environment, work: (store: StateStore) => Promise<T>): Promise<T> {
  const store = await openStore(requireSettings(options, environment).settings);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** Seconds as a person reads an age: `42 s`, `3 min 5 s`, `2 h 10 min`. */
function age(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

function leaseLine(view: LockView): string {
  if (!view.lease) return `  renewed ${view.details.renewed}, lease ${view.details.leaseSeconds} s`;
  return view.lease.alive ? `  lease alive: ${view.lease.secondsLeft} s left of ${view.lease.ttl} s (renewed by its holder every ${Math.max(1, Math.round(view.lease.ttl / 3))} s)` : '  lease expired: the lock is about to go';
}

export function runLockStatus(options: SettingsOptions, environment: Environment = processEnvironment()): Promise<number> {
  return withStore(options, environment, async (store) => {
    const name = placeName(store.lockName, environment.cwd);
    const view = await store.readLock();
    if (!view) {
      process.stdout.write(`no deploy lock (${name} does not exist)\n`);
      return 0;
    }
    const held = (Date.now() - Date.parse(view.details.since)) / 1000;
    process.stdout.write(`${name}: held by ${describeLock(view.details)}${view.lease ? ` (for ${age(held)})` : ''}\n${leaseLine(view)}\n`);
    if (view.stale) process.stdout.write(`  stale: ${view.stale} (the next run takes it over with --break-lock, or: deployer lock release)\n`);
    return view.stale ? 2 : 1;
  });
}

export function runLockRelease(options: SettingsOptions & { force?: boolean }, environment: Environment = processEnvironment()): Promise<void> {
  return withStore(options, environment, async (store) => {
    const lock = await store.releaseLock({ force: options.force });
    const name = placeName(store.lockName, environment.cwd);
    process.stdout.write(lock ? `${name} released (it was held by ${describeLock(lock)})\n` : `no deploy lock (${name} does not exist)\n`);
  });
}
