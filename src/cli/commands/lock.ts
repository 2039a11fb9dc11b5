/** `deployer lock status` and `deployer lock release`: the platform's deploy lock, by hand. */
import { Command } from 'commander';
import { addSettingsOptions } from '../settings-options.js';
import type { SettingsOptions } from '../../settings/locate.js';

const EXIT_CODES = '\nExit codes of lock status: 0 no lock, 1 held by a rollout, 2 stale (its holder is gone).';

export function lockCommand(): Command {
  const lock = new Command('lock').description('the deploy lock: one rollout at a time per platform (held by deploy, restart and rollback)');
  lock.addCommand(
    addSettingsOptions(new Command('status').description('who holds the deploy lock, since when, and whether it is stale'))
      .addHelpText('after', EXIT_CODES)
      .action(async (options: SettingsOptions) => {
        const { runLockStatus } = await import('./lock-run.js');
        process.exitCode = await runLockStatus(options);
      }),
  );
  lock.addCommand(
    addSettingsOptions(new Command('release').description('remove the deploy lock (after a run that was killed); a live holder on this machine needs --force'))
      .option('--force', 'remove it even while its deployer runs on this machine')
      .action(async (options: SettingsOptions & { force?: boolean }) => {
        const { runLockRelease } = await import('./lock-run.js');
        await runLockRelease(options);
      }),
  );
  return lock;
}
