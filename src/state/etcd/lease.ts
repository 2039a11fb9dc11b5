/**
 * The deploy lock's lease, renewed every third of its TTL (a renewal with no answer tried again at
 * once, up to three times). The run counts it lost when etcd says
 * it expired, or when no renewal got through for a whole TTL (etcd gone, or this process paused
 * past it): the lease may have run out, and another run may hold the lock by now.
 */
import { EtcdLeaseInvalidError, type Etcd3, type Lease } from 'etcd3';

/** Tries of one renewal before it waits for the next (a third of the TTL later). */
const RENEWAL_TRIES = 3;

export class RenewedLease {
  private lastRenewed = Date.now();
  private expired = false;
  private renewing = false;
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly lease: Lease,
    readonly id: string,
    private readonly ttl: number,
  ) {
    this.timer = setInterval(() => void this.renew(), (ttl * 1000) / 3);
  }

  static async grant(client: Etcd3, ttl: number): Promise<RenewedLease> {
    const lease = client.lease(ttl, { autoKeepAlive: false });
    const id = await lease.grant();
    return new RenewedLease(lease, String(id), ttl);
  }

  lost(): boolean {
    return this.expired || Date.now() - this.lastRenewed > this.ttl * 1000;
  }

  /**
   * One renewal, tried again at once when it got no answer: each try opens its own stream, which
   * may reach another member (after a member died, a try can hang on it until its deadline).
   */
  private async renew(): Promise<void> {
    if (this.renewing) return;
    this.renewing = true;
    try {
      for (let attempt = 0; attempt < RENEWAL_TRIES && !this.expired; attempt++) {
        if (await this.renewOnce()) return;
      }
    } finally {
      this.renewing = false;
    }
  }

  private async renewOnce(): Promise<boolean> {
    let timeout: NodeJS.Timeout | undefined;
    try {
      // a renewal goes over a stream, which has no deadline of its own
      const deadline = Math.max(1000, (this.ttl * 1000) / 6);
      await Promise.race([this.lease.keepaliveOnce(), new Promise((_, reject) => (timeout = setTimeout(() => reject(new Error('no answer')), deadline)))]);
      this.lastRenewed = Date.now();
      return true;
    } catch (error) {
      if (error instanceof EtcdLeaseInvalidError) this.expired = true;
      return false;
    } finally {
      clearTimeout(timeout);
    }
  }

  /** Lets the lease go, and with it the keys on it; an etcd that does not answer lets it run out instead. */
  async revoke(): Promise<void> {
    clearInterval(this.timer);
    await this.lease.revoke().catch(() => undefined);
  }
}
