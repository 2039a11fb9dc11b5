/** Both state stores for the same tests: files in a fresh configuration folder, or a fresh prefix of a test's etcd cluster. */
import { DEFAULT_LEASE_TTL } from '../../src/settings/build.js';
import type { StateSettings } from '../../src/settings/model.js';
import { openStore } from '../../src/state/open.js';
import type { StateStore } from '../../src/state/store.js';
import type { EtcdCluster } from '../../src/fleet/etcd-cluster.js';
import { tempDir } from './fleet.js';

export type StoreKind = 'file' | 'etcd';

let prefixes = 0;

export interface TestStore {
  store: StateStore;
  confDir: string;
  state: StateSettings;
  /** Another controller on the same state (its own configuration folder, the same etcd prefix). */
  other(): Promise<StateStore>;
}

export async function testStore(kind: StoreKind, cluster: EtcdCluster | undefined, options: { leaseTtl?: number } = {}): Promise<TestStore> {
  const confDir = tempDir('deployer-store-');
  const url = kind === 'file' ? 'file' : cluster!.url(`test-${process.pid}-${++prefixes}`);
  const state: StateSettings = { url, leaseTtl: options.leaseTtl ?? DEFAULT_LEASE_TTL, lockWait: 0, tls: {} };
  const store = await openStore({ confDir, state }, { env: {} });
  return { store, confDir, state, other: () => openStore({ confDir: kind === 'file' ? confDir : tempDir('deployer-store-'), state }, { env: {} }) };
}
