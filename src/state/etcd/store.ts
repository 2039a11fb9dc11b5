/**
 * The state store of several controllers: etcd, one prefix per platform (keys.ts). Every record
 * is masked (redact.ts) as the file store masks it, as it is written and as it is read. What etcd
 * cannot take (it is unreachable, or lost its quorum) is written to the configuration folder's
 * files instead, with a warning: a run's end is never lost.
 */
import type { Etcd3, IRequestOp } from 'etcd3';
import { DeployerError } from '../../errors.js';
import type { AuditLine } from '../audit.js';
import { FileStore } from '../file-store.js';
import { applyFleetUpdate, emptyFleet, type FleetRecords, type FleetUpdate } from '../fleet.js';
import type { JournalRecord } from '../journal.js';
import type { LockDetails } from '../lock.js';
import { redactRecord } from '../redact.js';
import type { AcquireOptions, HeldLock, LockView, StateStore } from '../store.js';
import { joinRecord, splitRecord } from './journal-parts.js';
import { EtcdKeys } from './keys.js';
import { put, readPrefix, writeBatches } from './kv.js';
import { EtcdLock } from './lock.js';

const json = (value: unknown) => JSON.stringify(redactRecord(value));

export class EtcdStore implements StateStore {
  readonly where: string;
  readonly lockName: string;
  private readonly keys: EtcdKeys;
  private readonly lock: EtcdLock;
  /** run → the time of its first line (its audit lines are kept together, in order). */
  private readonly runs = new Map<string, { begin: string; seq: number }>();

  constructor(
    private readonly client: Etcd3,
    url: string,
    prefix: string,
    leaseTtl: number,
    /** The configuration folder's files: where what etcd cannot take goes. */
    private readonly local: FileStore,
    private readonly warn: (text: string) => void,
  ) {
    this.where = url;
    this.keys = new EtcdKeys(prefix);
    this.lockName = `${url}/lock`;
    this.lock = new EtcdLock(client, this.keys.lock, this.lockName, leaseTtl);
  }

  acquireLock(options: AcquireOptions): Promise<HeldLock> {
    return this.lock.acquire(options);
  }

  readLock(): Promise<LockView | undefined> {
    return this.lock.view().catch((error: unknown) => this.failed(error, 'read the deploy lock'));
  }

  releaseLock(options: { force?: boolean }): Promise<LockDetails | undefined> {
    return this.lock.release(Boolean(options.force)).catch((error: unknown) => this.failed(error, 'release the deploy lock'));
  }

  private auditKey(line: AuditLine): string {
    const run = this.runs.get(line.run) ?? { begin: line.at, seq: 0 };
    this.runs.set(line.run, { ...run, seq: run.seq + 1 });
    return this.keys.auditLine(run.begin, line.run, run.seq);
  }

  async appendAudit(line: AuditLine): Promise<void> {
    try {
      await this.client.kv.put({ key: Buffer.from(this.auditKey(line)), value: Buffer.from(json(line)) });
    } catch (error) {
      this.warn(`etcd did not take the audit line (${(error as Error).message}): it is in ${this.local.where} instead`);
      await this.local.appendAudit(line);
    }
  }

  async fence(lock: HeldLock, line: AuditLine): Promise<boolean> {
    if (lock.lost() || lock.token === undefined) return false;
    try {
      const written = await this.client.if(this.keys.lock, 'Create', '==', lock.token).then(this.client.put(this.auditKey(line)).value(json(line))).commit();
      return written.succeeded;
    } catch {
      // etcd does not answer: nothing proves the lock is still this run's
      return false;
    }
  }

  async readAudit(): Promise<AuditLine[]> {
    const kvs = await readPrefix(this.client, this.keys.audit, true).catch((error: unknown) => this.failed(error, 'read the audit trail'));
    const lines: AuditLine[] = [];
    for (const kv of kvs) {
      try {
        const line = JSON.parse(kv.value.toString()) as AuditLine;
        if (typeof line.run === 'string' && typeof line.event === 'string') lines.push(redactRecord(line));
      } catch {
        // not a line deployer wrote: skipped, as a torn line of the file
      }
    }
    return lines;
  }

  async appendRecord(record: JournalRecord): Promise<string> {
    const masked = redactRecord(record);
    const base = this.keys.journalRecord(masked.started, masked.run ?? masked.started);
    const { head, parts } = splitRecord(masked);
    try {
      await writeBatches(this.client, parts.map((part, n) => put(`${base}part/${String(n).padStart(4, '0')}`, part)));
      await writeBatches(this.client, [put(`${base}head`, head)]);
      return `${this.where}${base.slice(this.keys.root.length - 1, -1)}`;
    } catch (error) {
      this.warn(`etcd did not take the journal record (${(error as Error).message}): it is in the configuration folder's journal instead`);
      return this.local.appendRecord(record);
    }
  }

  async readJournal(): Promise<{ records: JournalRecord[]; unreadable: number }> {
    const kvs = await readPrefix(this.client, this.keys.journal).catch((error: unknown) => this.failed(error, 'read the journal'));
    const byRecord = new Map<string, { head?: string; parts: Map<number, string> }>();
    for (const kv of kvs) {
      const rest = kv.key.toString().slice(this.keys.journal.length);
      const slash = rest.indexOf('/');
      const entry = byRecord.get(rest.slice(0, slash)) ?? { parts: new Map<number, string>() };
      byRecord.set(rest.slice(0, slash), entry);
      const name = rest.slice(slash + 1);
      if (name === 'head') entry.head = kv.value.toString();
      else if (name.startsWith('part/')) entry.parts.set(Number(name.slice(5)), kv.value.toString());
    }
    const records: JournalRecord[] = [];
    let unreadable = 0;
    for (const { head, parts } of byRecord.values()) {
      // parts without their head: a record being written now, or whose writer died: not a record yet
      if (head === undefined) continue;
      const record = joinRecord(head, parts);
      if (record) records.push(redactRecord(record));
      else unreadable++;
    }
    return { records, unreadable };
  }

  async writeFleet(update: FleetUpdate): Promise<void> {
    const ops: IRequestOp[] = Object.entries(update.desired ?? {}).map(([component, desired]) => put(this.keys.desired(component), json(desired)));
    for (const { host, component, staging, current } of update.hosts ?? []) {
      const stagingKey = this.keys.hostRecord(host, component, 'staging');
      if (staging === null) ops.push({ request_delete_range: { key: Buffer.from(stagingKey) } });
      else if (staging) ops.push(put(stagingKey, json(staging)));
      if (current) ops.push(put(this.keys.hostRecord(host, component, 'current'), json(current)));
    }
    await writeBatches(this.client, ops).catch((error: unknown) => this.failed(error, 'write the fleet records'));
  }

  async readFleet(): Promise<FleetRecords> {
    const kvs = await readPrefix(this.client, this.keys.fleet, true).catch((error: unknown) => this.failed(error, 'read the fleet records'));
    const records = emptyFleet();
    const desiredPrefix = `${this.keys.fleet}desired/`;
    const hostsPrefix = `${this.keys.fleet}hosts/`;
    for (const kv of kvs) {
      const key = kv.key.toString();
      let value: unknown;
      try {
        value = redactRecord(JSON.parse(kv.value.toString()));
      } catch {
        continue;
      }
      if (key.startsWith(desiredPrefix)) records.desired[key.slice(desiredPrefix.length)] = value as FleetRecords['desired'][string];
      else if (key.startsWith(hostsPrefix)) {
        const [host, component, kind] = key.slice(hostsPrefix.length).split('/');
        if (kind === 'staging' || kind === 'current') applyFleetUpdate(records, { hosts: [{ host, component, [kind]: value }] });
      }
    }
    return records;
  }

  async close(): Promise<void> {
    this.client.close();
  }

  private failed(error: unknown, what: string): never {
    if (error instanceof DeployerError) throw error;
    throw new DeployerError(`Cannot ${what} in etcd (${this.where}): ${(error as Error).message}`, { cause: error });
  }
}
