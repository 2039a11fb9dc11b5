/**
 * One contract, both stores: the deploy lock (taken, refused with its holder, waited for, broken
 * when stale, lost), fencing tokens, the journal (a 3,000-host record too, above etcd's request
 * limit), the audit trail and a run that did not finish, the fleet records, and no secret in
 * anything stored. The etcd store runs against a real 3-member cluster on loopback.
 */
import fs from 'node:fs';
import { execa } from 'execa';
import { Etcd3 } from 'etcd3';
import { startEtcdCluster, type EtcdCluster } from '../../src/fleet/etcd-cluster.js';
import { unfinishedRuns, type AuditLine } from '../../src/state/audit.js';
import type { JournalRecord } from '../../src/state/journal.js';
import { LEASE_SECONDS, LockHeldError, lockFile, type LockDetails } from '../../src/state/lock.js';
import { testStore, type StoreKind, type TestStore } from '../support/stores.js';
import os from 'node:os';

let cluster: EtcdCluster;
let etcd: Etcd3;
beforeAll(async () => {
  cluster = await startEtcdCluster({ network: 201 });
  etcd = new Etcd3({ hosts: cluster.members.map((m) => `http://${m.endpoint}`) });
}, 60_000);
afterAll(async () => {
  etcd?.close();
  await cluster?.stop();
});

const stores: TestStore[] = [];
afterEach(async () => {
  for (const t of stores.splice(0)) await t.store.close();
});
async function open(kind: StoreKind, leaseTtl?: number): Promise<TestStore> {
  const t = await testStore(kind, cluster, { leaseTtl });
  stores.push(t);
  return t;
}
/** The same state from another controller, closed after the test. */
async function elsewhere(t: TestStore) {
  const store = await t.other();
  stores.push({ ...t, store });
  return store;
}
const prefixOf = (t: TestStore) => `/${t.state.url.slice(t.state.url.indexOf('/', 'etcd://'.length) + 1)}/`;

/** A PID that is surely gone: a process that ran and was reaped. */
async function deadPid(): Promise<number> {
  const child = execa('true');
  await child;
  return child.pid!;
}

/** A lock as a run on this machine that died would have left it. */
async function plantLock(kind: StoreKind, t: TestStore, details: LockDetails): Promise<void> {
  if (kind === 'file') fs.writeFileSync(lockFile(t.confDir), JSON.stringify(details));
  else await etcd.put(`${prefixOf(t)}lock`).value(JSON.stringify(details)).lease((await etcd.leaseClient.leaseGrant({ TTL: 30 })).ID);
}

const command = ['deploy', '-e', 'db_password=s3cr3t', '--extra-vars=api_token=t0k3n'];
const record = (run: string, hosts: number, started = '2026-03-04T10:00:00.000Z'): JournalRecord => ({
  run,
  started,
  ended: '2026-03-04T10:05:00.000Z',
  who: 'ops@c1',
  action: 'deploy',
  command,
  settings: { file: 'deployment.yml', sha256: 'a'.repeat(64) },
  result: 'failed',
  components: { app: Object.fromEntries(Array.from({ length: hosts }, (_, i) => [`node${i}`, { before: 'app-1.0.0', after: 'app-1.1.0' }])) },
  hosts: Object.fromEntries(
    Array.from({ length: hosts }, (_, i) => [`node${i}`, i % 2 ? { outcome: 'changed' as const } : { outcome: 'failed' as const, msg: `app: not healthy within 60 s: connection refused on 127.0.0.1:8080 ${'x'.repeat(1000)}` }]),
  ),
});

describe.each<StoreKind>(['file', 'etcd'])('the %s store', (kind) => {
  it('takes the lock with who, PID, command and run; refuses a second run naming the holder; lets it go', async () => {
    const t = await open(kind);
    const lock = await t.store.acquireLock({ command: ['deploy', '-t', 'app'], run: 'r1' });
    expect(lock.details).toMatchObject({ who: expect.stringMatching(/^.+@.+$/), pid: process.pid, command: ['deploy', '-t', 'app'], run: 'r1' });
    expect(lock.lost()).toBe(false);
    const other = await t.other();
    try {
      await expect(other.acquireLock({ command: ['restart', 'app'], run: 'r2' })).rejects.toThrow(new RegExp(`Another rollout holds the deploy lock ${t.store.lockName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .+@.+, pid ${process.pid}, since .*: deployer deploy -t app`));
      expect((await other.readLock())!.details).toMatchObject({ pid: process.pid, run: 'r1' });
      await lock.release();
      expect(await other.readLock()).toBeUndefined();
      const second = await other.acquireLock({ command: ['restart', 'app'], run: 'r2' });
      await second.release();
    } finally {
      await other.close();
    }
  });

  it('waits for the holder when asked, saying whom it waits for, and takes the lock when it is let go', async () => {
    const t = await open(kind);
    const lock = await t.store.acquireLock({ command: ['deploy'], run: 'r1' });
    const other = await t.other();
    try {
      const waitedFor: LockDetails[] = [];
      const started = Date.now();
      setTimeout(() => void lock.release(), 700);
      const second = await other.acquireLock({ command: ['restart', 'app'], run: 'r2', waitSeconds: 20, onWait: (holder) => waitedFor.push(holder) });
      expect(waitedFor).toEqual([expect.objectContaining({ run: 'r1', command: ['deploy'] })]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(650);
      expect(Date.now() - started).toBeLessThan(5000);
      await second.release();
      // a wait that runs out names the holder, as a refusal does
      const third = await t.store.acquireLock({ command: ['deploy'], run: 'r3' });
      await expect(other.acquireLock({ command: ['restart'], run: 'r4', waitSeconds: 1 })).rejects.toThrow(LockHeldError);
      await third.release();
    } finally {
      await other.close();
    }
  });

  it('names a stale lock (its process is gone) and takes it over only with --break-lock', async () => {
    const t = await open(kind);
    const pid = await deadPid();
    const gone: LockDetails = { who: 'ops@here', machine: os.hostname(), pid, command: ['deploy'], since: new Date().toISOString(), renewed: new Date().toISOString(), leaseSeconds: LEASE_SECONDS, run: 'old' };
    await plantLock(kind, t, gone);
    expect((await t.store.readLock())!.stale).toBe(`its process ${pid} is gone`);
    await expect(t.store.acquireLock({ command: ['deploy'], run: 'r1' })).rejects.toThrow(new RegExp(`is stale \\(its process ${pid} is gone\\); it was held by ops@here`));
    const lock = await t.store.acquireLock({ command: ['deploy'], run: 'r1', breakLock: true });
    expect(lock.broke).toEqual(gone);
    expect((await t.store.readLock())!.details.run).toBe('r1');
    await lock.release();
  });

  it('fences: a batch line is written while the lock is the run\'s, refused once it was taken away', async () => {
    const t = await open(kind);
    const lock = await t.store.acquireLock({ command: ['deploy'], run: 'r1' });
    const line = (text: string): AuditLine => ({ at: new Date().toISOString(), run: 'r1', event: 'rollout', component: 'app', text });
    await t.store.appendAudit({ at: new Date().toISOString(), run: 'r1', event: 'begin', command: ['deploy'] });
    expect(await t.store.fence(lock, line('batch 1 of 2'))).toBe(true);
    const other = await t.other();
    try {
      await other.releaseLock({ force: true });
      const thief = await other.acquireLock({ command: ['deploy'], run: 'r2' });
      expect(await t.store.fence(lock, line('batch 2 of 2'))).toBe(false);
      expect((await t.store.readAudit()).filter((l) => l.run === 'r1').map((l) => l.text ?? l.event)).toEqual(['begin', 'batch 1 of 2']);
      await thief.release();
    } finally {
      await other.close();
    }
    await lock.release();
  });

  it('keeps the journal: records round-trip, oldest first, a 3,000-host record too', async () => {
    const t = await open(kind);
    const small = record('r1', 3);
    const big = record('r2', 3000, '2026-03-04T11:00:00.000Z');
    expect(JSON.stringify(big).length).toBeGreaterThan(1.5 * 1024 * 1024);
    await t.store.appendRecord(small);
    const where = await t.store.appendRecord(big);
    expect(where).toMatch(kind === 'file' ? /deployer-journal\.jsonl$/ : /^etcd:\/\/.*\/journal\/2026-03-04T11:00:00\.000Z_r2$/);
    const mask = (r: JournalRecord) => JSON.parse(JSON.stringify(r).replace(/s3cr3t|t0k3n/g, '***')) as JournalRecord;
    const { records, unreadable } = await (await elsewhere(t)).readJournal();
    expect(unreadable).toBe(0);
    expect(records).toEqual([mask(small), mask(big)]);
  }, 60_000);

  it('keeps the audit trail in order; a run with no end is a run that did not finish', async () => {
    const t = await open(kind);
    const at = (s: number) => new Date(Date.UTC(2026, 2, 4, 10, 0, s)).toISOString();
    const lines: AuditLine[] = [
      { at: at(0), run: 'done', event: 'begin', who: 'ops@c1', pid: 10, command: ['deploy'] },
      { at: at(1), run: 'killed', event: 'begin', who: 'ops@c2', pid: 11, command: ['restart', 'app'] },
      { at: at(2), run: 'done', event: 'end', result: 'ok' },
      { at: at(3), run: 'killed', event: 'rollout', component: 'app', text: 'cluster main, batch 2 of 5 (one host at a time): node02 1.0.0 → 1.1.0' },
    ];
    for (const line of lines) await t.store.appendAudit(line);
    const read = await (await elsewhere(t)).readAudit();
    expect(read.map((l) => `${l.run}:${l.event}`)).toEqual(expect.arrayContaining(['done:begin', 'done:end', 'killed:begin', 'killed:rollout']));
    expect(read.filter((l) => l.run === 'killed').map((l) => l.event)).toEqual(['begin', 'rollout']);
    expect(unfinishedRuns(read)).toEqual([{ begin: lines[1], last: lines[3] }]);
  });

  it('keeps fleet records: desired per component, staging and current per host and component', async () => {
    const t = await open(kind);
    const at = '2026-03-04T10:00:00.000Z';
    await t.store.writeFleet({
      desired: { app: { version: '1.1.0', at, run: 'r1' } },
      hosts: [
        { host: 'node01', component: 'app', staging: { release: 'app-1.1.0', at }, current: { release: 'app-1.0.0', pid: 41, started: at, at } },
        { host: 'node02', component: 'app', staging: null, current: { release: 'app-1.1.0', pid: 42, started: at, at } },
      ],
    });
    await t.store.writeFleet({ hosts: [{ host: 'node01', component: 'app', staging: null, current: { release: 'app-1.1.0', pid: 43, started: at, at } }] });
    expect(await t.store.readFleet()).toEqual({
      desired: { app: { version: '1.1.0', at, run: 'r1' } },
      hosts: { node01: { app: { current: { release: 'app-1.1.0', pid: 43, started: at, at } } }, node02: { app: { current: { release: 'app-1.1.0', pid: 42, started: at, at } } } },
    });
  });
});

describe('the etcd store', () => {
  it('gives every taking of the lock a token greater than the last, from any controller', async () => {
    const t = await open('etcd');
    const other = await t.other();
    const tokens: number[] = [];
    try {
      for (let i = 0; i < 6; i++) {
        const lock = await (i % 2 ? other : t.store).acquireLock({ command: ['deploy'], run: `r${i}` });
        tokens.push(lock.token!);
        await lock.release();
      }
    } finally {
      await other.close();
    }
    expect(tokens.every((token, i) => Number.isInteger(token) && (i === 0 || token > tokens[i - 1]))).toBe(true);
  });

  it('stores no secret: no key of the platform holds a planted value', async () => {
    const t = await open('etcd');
    const lock = await t.store.acquireLock({ command, run: 'r1' });
    await t.store.appendAudit({ at: new Date().toISOString(), run: 'r1', event: 'begin', command });
    await t.store.fence(lock, { at: new Date().toISOString(), run: 'r1', event: 'rollout', text: 'retry with {"db_password": "s3cr3t"}' });
    await t.store.appendRecord(record('r1', 40));
    const all = await etcd.getAll().prefix(prefixOf(t)).strings();
    expect(Object.keys(all).length).toBeGreaterThan(4);
    for (const [key, value] of Object.entries(all)) expect(`${key} ${value}`).not.toMatch(/s3cr3t|t0k3n/);
    await lock.release();
  });
});
