/**
 * The state store of one controller: files in the configuration folder, as deployer always kept
 * them (deployer.lock, journal/deployer-journal.jsonl, journal/deployer-audit.jsonl) and the fleet
 * records beside them (journal/deployer-fleet.json).
 */
import fs from 'node:fs';
import path from 'node:path';
import { appendAudit, readAudit, type AuditLine } from './audit.js';
import { readFleetFile, writeFleetFile } from './fleet-file.js';
import type { FleetRecords, FleetUpdate } from './fleet.js';
import { appendRecord, readJournal, type JournalRecord } from './journal.js';
import { acquireLock, LockHeldError, lockFile, readLock, releaseLock, staleReason, type LockDetails } from './lock.js';
import type { AcquireOptions, HeldLock, LockView, StateStore } from './store.js';

/** While waiting for a lock, how often its holder's liveness is looked at again (the lock file is watched meanwhile). */
const STALE_CHECK_MS = 1000;

export class FileStore implements StateStore {
  readonly where: string;
  readonly lockName: string;

  constructor(private readonly confDir: string) {
    this.where = path.join(confDir, 'journal');
    this.lockName = lockFile(confDir);
  }

  async acquireLock(options: AcquireOptions): Promise<HeldLock> {
    const deadline = Date.now() + (options.waitSeconds ?? 0) * 1000;
    let told = false;
    for (;;) {
      try {
        const held = acquireLock(this.confDir, { command: options.command, run: options.run, breakLock: options.breakLock });
        const ours = (lock: LockDetails | undefined) => lock?.pid === held.details.pid && lock.since === held.details.since && lock.machine === held.details.machine;
        return {
          details: held.details,
          ...(held.broke ? { broke: held.broke } : {}),
          lost: () => !ours(safeRead(this.confDir)),
          release: async () => held.release(),
        };
      } catch (error) {
        // a stale lock is never waited for: its holder will not let it go
        if (!(error instanceof LockHeldError) || error.stale || Date.now() >= deadline) throw error;
        if (!told) options.onWait?.(error.lock);
        told = true;
        await lockFileChange(this.confDir, deadline - Date.now());
      }
    }
  }

  async readLock(): Promise<LockView | undefined> {
    const details = readLock(this.confDir);
    return details && { details, ...(staleReason(details) ? { stale: staleReason(details) } : {}) };
  }

  async releaseLock(options: { force?: boolean }): Promise<LockDetails | undefined> {
    return releaseLock(this.confDir, options);
  }

  async appendAudit(line: AuditLine): Promise<void> {
    appendAudit(this.confDir, line);
  }

  async fence(lock: HeldLock, line: AuditLine): Promise<boolean> {
    if (lock.lost()) return false;
    appendAudit(this.confDir, line);
    return true;
  }

  async readAudit(): Promise<AuditLine[]> {
    return readAudit(this.confDir);
  }

  async appendRecord(record: JournalRecord): Promise<string> {
    return appendRecord(this.confDir, record);
  }

  async readJournal(): Promise<{ records: JournalRecord[]; unreadable: number }> {
    return readJournal(this.confDir);
  }

  async writeFleet(update: FleetUpdate): Promise<void> {
    writeFleetFile(this.confDir, update);
  }

  async readFleet(): Promise<FleetRecords> {
    return readFleetFile(this.confDir);
  }

  async close(): Promise<void> {}
}

function safeRead(confDir: string): LockDetails | undefined {
  try {
    return readLock(confDir);
  } catch {
    return undefined;
  }
}

/** Resolves when the lock file changes (its holder let it go), after a while to look at the holder again, or at the deadline. */
function lockFileChange(confDir: string, leftMs: number): Promise<void> {
  return new Promise((resolve) => {
    const watcher = fs.watch(confDir, (_event, name) => {
      if (name === 'deployer.lock') done();
    });
    const timer = setTimeout(done, Math.max(0, Math.min(leftMs, STALE_CHECK_MS)));
    function done() {
      watcher.close();
      clearTimeout(timer);
      resolve();
    }
  });
}
