/**
 * Where a platform's shared state lives: the deploy lock, the audit trail, the journal and the
 * fleet records. Two stores keep them: files in the configuration folder (the default, one
 * controller) and etcd (several controllers, one truth). Every record is masked (redact.ts) by
 * the store as it writes it and as it reads it.
 */
import type { AuditLine } from './audit.js';
import type { FleetRecords, FleetUpdate } from './fleet.js';
import type { JournalRecord } from './journal.js';
import type { LockDetails } from './lock.js';

/** The lock as `deployer lock status` shows it. */
export interface LockView {
  details: LockDetails;
  /** Why the holder is gone (a stale lock), or undefined while it may be at work. */
  stale?: string;
  /** etcd: whether the lock's lease is alive, and the seconds left of it. */
  lease?: { alive: boolean; secondsLeft: number; ttl: number };
}

export interface AcquireOptions {
  command: string[];
  /** The run's id, also in its audit lines and journal record. */
  run: string;
  /** Take over a stale lock (its holder is gone); never a live one. */
  breakLock?: boolean;
  /** Seconds to wait for a live holder to let the lock go (0: refuse at once). */
  waitSeconds?: number;
  /** Told once, when the lock is held and the run waits for it. */
  onWait?(holder: LockDetails): void;
}

export interface HeldLock {
  details: LockDetails;
  /** The stale lock that was broken to take this one, if any. */
  broke?: LockDetails;
  /** A number that grows with every taking of the lock (etcd: the revision of the write that took it); the file store has none. */
  token?: number;
  /** True once the store knows the lock is no longer this run's (its lease ran out, it was broken). */
  lost(): boolean;
  release(): Promise<void>;
}

export interface StateStore {
  /** Where the records are, for messages: a folder, or `etcd://…/prefix`. */
  readonly where: string;
  /** The lock's name in messages (a file, or an etcd key). */
  readonly lockName: string;
  acquireLock(options: AcquireOptions): Promise<HeldLock>;
  readLock(): Promise<LockView | undefined>;
  /** Removes the lock whoever holds it (`deployer lock release`); a live holder on this machine needs `force`. */
  releaseLock(options: { force?: boolean }): Promise<LockDetails | undefined>;
  appendAudit(line: AuditLine): Promise<void>;
  /**
   * Before a batch: checks that the lock is still this run's and writes the batch's audit line,
   * in one step where the store allows it (etcd: one transaction). False: the lock is lost, the
   * line is not written, and no batch may start.
   */
  fence(lock: HeldLock, line: AuditLine): Promise<boolean>;
  readAudit(): Promise<AuditLine[]>;
  /** Appends the run's record; returns where it went (a file, or a key). */
  appendRecord(record: JournalRecord): Promise<string>;
  readJournal(): Promise<{ records: JournalRecord[]; unreadable: number }>;
  writeFleet(update: FleetUpdate): Promise<void>;
  readFleet(): Promise<FleetRecords>;
  close(): Promise<void>;
}
