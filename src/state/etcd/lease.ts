/**
 * The deploy lock's lease, renewed every third of its TTL. The run counts it lost when etcd says
 * it expired, or when no renewal got through for a whole TTL (etcd gone, or this process paused
 * past it): the lease may have run out, and another run may hold the lock by now.
 */
import { EtcdLeaseInvalidError, type Etcd3, type Lease } from 'etcd3';

export class RenewedLease {
  private lastRenewed = Date.now();
  private expired = false;
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

  private async renew(): Promise<void> {
    let timeout: NodeJS.Timeout | undefined;
    try {
      // a renewal goes over a stream, which has no deadline of its own
      await Promise.race([this.lease.keepaliveOnce(), new Promise((_, reject) => (timeout = setTimeout(() => reject(new Error('no answer')), (this.ttl * 1000) / 3)))]);
      this.lastRenewed = Date.now();
    } catch (error) {
      if (error instanceof EtcdLeaseInvalidError) this.expired = true;
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
