/**
 * Reading and writing many keys within etcd's limits: a request carries at most 1.5 MiB and a
 * transaction at most 128 operations (etcd's defaults), and a client reads at most 4 MiB at once
 * (gRPC's): reads go by pages, writes by batches.
 */
import type { Etcd3, IKeyValue, IRequestOp } from 'etcd3';
import { prefixEnd } from './keys.js';

export const MAX_TXN_OPS = 128;
/** Below etcd's 1.5 MiB, with room for keys and the request's framing. */
export const MAX_TXN_BYTES = 1024 * 1024;
/** Keys read per page: with values of at most 64 KiB (journal parts), a page stays under gRPC's 4 MiB. */
const PAGE_KEYS = 48;
/** Small values (fleet records, audit lines) are read in bigger pages. */
const SMALL_PAGE_KEYS = 5000;

/** Every key under a prefix, in key order. `small`: values known to be small (a few hundred bytes). */
export async function readPrefix(client: Etcd3, prefix: string, small = false): Promise<IKeyValue[]> {
  const end = prefixEnd(prefix);
  const found: IKeyValue[] = [];
  let from = Buffer.from(prefix);
  let revision: string | undefined;
  for (;;) {
    const page = await client.kv.range({ key: from, range_end: end, limit: small ? SMALL_PAGE_KEYS : PAGE_KEYS, ...(revision ? { revision } : {}) });
    // every page at the revision of the first: one consistent view
    revision ??= page.header.revision;
    found.push(...page.kvs);
    if (!page.more || !page.kvs.length) return found;
    from = Buffer.concat([page.kvs[page.kvs.length - 1].key, Buffer.from([0])]);
  }
}

export const put = (key: string, value: string): IRequestOp => ({ request_put: { key: Buffer.from(key), value: Buffer.from(value) } });

/** Writes the operations in as few transactions as the limits allow, in order. */
export async function writeBatches(client: Etcd3, ops: IRequestOp[]): Promise<void> {
  let batch: IRequestOp[] = [];
  let bytes = 0;
  const flush = async () => {
    if (batch.length) await client.kv.txn({ compare: [], success: batch, failure: [] });
    batch = [];
    bytes = 0;
  };
  for (const op of ops) {
    const size = (op.request_put?.key?.length ?? 0) + (op.request_put?.value?.length ?? 0);
    if (batch.length >= MAX_TXN_OPS || (batch.length && bytes + size > MAX_TXN_BYTES)) await flush();
    batch.push(op);
    bytes += size;
  }
  await flush();
}
