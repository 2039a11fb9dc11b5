/** What `deployer lock status` and `deployer lock release` print. */
import { displayName, type SettingsOptions } from '../../settings/locate.js';
import { describeLock, lockFile, readLock, releaseLock, staleReason } from '../../state/lock.js';
import { processEnvironment, type Environment } from '../context.js';
import { requireSettings } from './settings-run.js';

export function runLockStatus(options: SettingsOptions, environment: Environment = processEnvironment()): number {
  const { settings } = requireSettings(options, environment);
  const name = displayName(lockFile(settings.confDir), environment.cwd);
  const lock = readLock(settings.confDir);
  if (!lock) {
    process.stdout.write(`no deploy lock (${name} does not exist)\n`);
    return 0;
  }
  const stale = staleReason(lock);
  process.stdout.write(`${name}: held by ${describeLock(lock)}\n  renewed ${lock.renewed}, lease ${lock.leaseSeconds} s\n`);
  if (stale) process.stdout.write(`  stale: ${stale} (the next run takes it over with --break-lock, or: deployer lock release)\n`);
  return stale ? 2 : 1;
}

export function runLockRelease(options: SettingsOptions & { force?: boolean }, environment: Environment = processEnvironment()): void {
  const { settings } = requireSettings(options, environment);
  const lock = releaseLock(settings.confDir, { force: options.force });
  const name = displayName(lockFile(settings.confDir), environment.cwd);
  process.stdout.write(lock ? `${name} released (it was held by ${describeLock(lock)})\n` : `no deploy lock (${name} does not exist)\n`);
}
