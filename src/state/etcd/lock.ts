/**
 * The deploy lock in etcd: the holder's details (masked: redact.ts) as JSON on a lease that its
 * holder renews every third of its TTL, taken by a transaction that writes the key only if it
 * does not exist. The revision of that write is the run's fencing token: it grows with every
 * taking of the lock, and a run checks it is still the lock's before each batch (store.fence).
 * A holder that dies lets the lock go when its lease runs out; a waiting run watches the key
 * and tries again when it is deleted.
 */
import type { Etcd3, IKeyValue } from 'etcd3';
import { DeployerError } from '../../errors.js';
import { describeLock, holderGone, LockHeldError, ownLockDetails, type LockDetails } from '../lock.js';
import { redactRecord } from '../redact.js';
import type { AcquireOptions, HeldLock, LockView } from '../store.js';
import { RenewedLease } from './lease.js';

/** On this machine, a holder whose process is gone: its lease has not run out yet, but nobody renews it. */
const staleReason = holderGone;

function parse(kv: IKeyValue, name: string): LockDetails {
  try {
    const lock = JSON.parse(kv.value.toString()) as LockDetails;
    if (typeof lock.pid !== 'number' || typeof lock.since !== 'string') throw new Error('fields');
    return redactRecord(lock);
  } catch {
    throw new DeployerError(`${name} is not a deploy lock deployer wrote (not its JSON): deployer lock release --force removes it`);
  }
}

export class EtcdLock {
  constructor(
    private readonly client: Etcd3,
    private readonly key: string,
    /** The lock's name in messages. */
    private readonly name: string,
    private readonly ttl: number,
  ) {}

  async acquire(options: AcquireOptions): Promise<HeldLock> {
    const details = ownLockDetails(options.command, options.run, this.ttl, new Date().toISOString());
    const lease = await RenewedLease.grant(this.client, this.ttl).catch((error: unknown) => {
      throw unreachable(error, this.name);
    });
    const deadline = Date.now() + (options.waitSeconds ?? 0) * 1000;
    let broke: LockDetails | undefined;
    let told = false;
    try {
      for (let attempt = 0; ; attempt++) {
        const taken = await this.client
          .if(this.key, 'Create', '==', 0)
          .then(this.client.put(this.key).value(JSON.stringify(redactRecord(details))).lease(lease.id))
          .else(this.client.get(this.key))
          .commit();
        if (taken.succeeded) {
          return { details, ...(broke ? { broke } : {}), token: Number(taken.header.revision), lost: () => lease.lost(), release: () => lease.revoke() };
        }
        const kv = taken.responses[0].response_range.kvs[0];
        if (!kv) continue; // let go meanwhile
        const holder = parse(kv, this.name);
        const stale = staleReason(holder);
        if (stale && options.breakLock && attempt === 0) {
          await this.client.if(this.key, 'Create', '==', kv.create_revision).then(this.client.delete().key(this.key)).commit();
          broke = holder;
          continue;
        }
        if (stale || Date.now() >= deadline) throw new LockHeldError(holder, stale, this.name);
        if (!told) options.onWait?.(holder);
        told = true;
        await this.deleted(Number(taken.header.revision) + 1, deadline);
      }
    } catch (error) {
      await lease.revoke();
      throw error instanceof DeployerError ? error : unreachable(error, this.name);
    }
  }

  /** Resolves when the lock key is deleted after `revision` (its holder let it go, or its lease ran out), or at the deadline. */
  private async deleted(revision: number, deadline: number): Promise<void> {
    const watcher = await this.client.watch().key(this.key).startRevision(String(revision)).create();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, Math.max(0, deadline - Date.now()));
      watcher.on('delete', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    await watcher.cancel();
  }

  async view(): Promise<LockView | undefined> {
    const found = await this.client.kv.range({ key: Buffer.from(this.key) });
    const kv = found.kvs[0];
    if (!kv) return undefined;
    const details = parse(kv, this.name);
    const live = await this.client.leaseClient.leaseTimeToLive({ ID: kv.lease });
    const secondsLeft = Number(live.TTL);
    const stale = staleReason(details);
    return { details, ...(stale ? { stale } : {}), lease: { alive: secondsLeft > 0, secondsLeft: Math.max(0, secondsLeft), ttl: Number(live.grantedTTL) || details.leaseSeconds } };
  }

  /** `deployer lock release`: the key deleted and its lease revoked; a holder whose lease is alive needs `force`. */
  async release(force: boolean): Promise<LockDetails | undefined> {
    const view = await this.view();
    if (!view) return undefined;
    if (!force && !view.stale && view.lease?.alive && view.details.pid !== process.pid) {
      throw new DeployerError(`The deploy lock is held by a running deployer whose lease is alive (${describeLock(view.details)}): stop that run, or use --force`);
    }
    const found = await this.client.kv.range({ key: Buffer.from(this.key) });
    const kv = found.kvs[0];
    if (kv) {
      await this.client.kv.deleteRange({ key: Buffer.from(this.key) });
      if (kv.lease !== '0') await this.client.leaseClient.leaseRevoke({ ID: kv.lease }).catch(() => undefined);
    }
    return view.details;
  }
}

function unreachable(error: unknown, name: string): DeployerError {
  return new DeployerError(`Cannot reach etcd for the deploy lock ${name}: ${(error as Error).message}`, { cause: error });
}
