/**
 * A run's audit lines in the order they happen: the rollout says what it does synchronously, the
 * store writes asynchronously (etcd); lines are written one after the other, and `flush` waits for
 * the last. A line that could not be written fails the flush, as a file write failed the run.
 */
import type { AuditLine } from './audit.js';
import type { StateStore } from './store.js';

export class AuditQueue {
  private last: Promise<void> = Promise.resolve();
  private failure: unknown;

  constructor(private readonly store: StateStore) {}

  push(line: AuditLine): void {
    this.last = this.last.then(() => this.store.appendAudit(line)).catch((error: unknown) => {
      this.failure ??= error;
    });
  }

  /** Runs `write` after every line pushed before it (a fence writes its line itself). */
  after<T>(write: () => Promise<T>): Promise<T> {
    const result = this.last.then(write);
    this.last = result.then(() => undefined, () => undefined);
    return result;
  }

  async flush(): Promise<void> {
    await this.last;
    if (this.failure) throw this.failure;
  }
}
