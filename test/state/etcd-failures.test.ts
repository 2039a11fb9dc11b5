/**
 * The etcd store when etcd's members die: with the leader killed (SIGKILL) between operations,
 * then a follower (the leader back meanwhile), the lock stays held and every operation goes on;
 * with two of three members gone the cluster has no quorum: the fence refuses (no batch may
 * start) within its deadline, and audit lines go to the configuration folder's files, with a
 * warning.
 */
import { startEtcdCluster, type EtcdCluster } from '../../src/fleet/etcd-cluster.js';
import { readAudit } from '../../src/state/audit.js';
import type { AuditLine } from '../../src/state/audit.js';
import { openStore } from '../../src/state/open.js';
import type { StateStore } from '../../src/state/store.js';
import { tempDir } from '../support/fleet.js';

let cluster: EtcdCluster;
beforeEach(async () => {
  cluster = await startEtcdCluster({ network: 203 });
}, 60_000);
afterEach(async () => {
  await cluster?.stop();
});

const line = (run: string, text: string): AuditLine => ({ at: new Date().toISOString(), run, event: 'rollout', component: 'app', text });

async function store(confDir: string, warnings: string[] = [], leaseTtl = 3): Promise<StateStore> {
  return openStore({ confDir, state: { url: cluster.url('shop'), leaseTtl, lockWait: 0, tls: {} } }, { env: {}, warn: (text) => warnings.push(text) });
}

describe('the etcd store when members die', () => {
  it('goes on when the leader is killed, then a follower', async () => {
    // a lease of 6 s, renewed every 2 s: an election on a busy 2-core machine can hold one renewal back
    const s = await store(tempDir('deployer-etcd-fail-'), [], 6);
    try {
      const lock = await s.acquireLock({ command: ['deploy'], run: 'r1' });
      await s.appendAudit({ at: new Date().toISOString(), run: 'r1', event: 'begin', command: ['deploy'] });
      const leader = await cluster.leader();
      await cluster.kill(leader);
      expect(await s.fence(lock, line('r1', 'batch 1 of 3'))).toBe(true);
      await s.appendAudit(line('r1', 'batch 1 of 3: healthy'));
      await cluster.restart(leader);
      const now = await cluster.leader();
      await cluster.kill(cluster.members.find((m) => m !== now)!);
      expect(await s.fence(lock, line('r1', 'batch 2 of 3'))).toBe(true);
      // longer than the lease: it was renewed all along
      await new Promise((resolve) => setTimeout(resolve, 7000));
      expect(lock.lost()).toBe(false);
      expect(await s.fence(lock, line('r1', 'batch 3 of 3'))).toBe(true);
      expect((await s.readAudit()).map((l) => l.text ?? l.event)).toEqual(['begin', 'batch 1 of 3', 'batch 1 of 3: healthy', 'batch 2 of 3', 'batch 3 of 3']);
      await lock.release();
    } finally {
      await s.close();
    }
  }, 60_000);

  it('refuses the next batch when two of three members are gone; audit lines go to the local files', async () => {
    const confDir = tempDir('deployer-etcd-fail-');
    const warnings: string[] = [];
    const s = await store(confDir, warnings);
    try {
      const lock = await s.acquireLock({ command: ['deploy'], run: 'r1' });
      expect(await s.fence(lock, line('r1', 'batch 1 of 2'))).toBe(true);
      const [m1, m2] = cluster.members;
      await cluster.kill(m1);
      await cluster.kill(m2);
      const asked = Date.now();
      expect(await s.fence(lock, line('r1', 'batch 2 of 2'))).toBe(false);
      // the call's deadline is a third of the lease (1 s), with the client's retries on other members
      expect(Date.now() - asked).toBeLessThan(8000);
      await s.appendAudit({ at: new Date().toISOString(), run: 'r1', event: 'end', result: 'lost lock' });
      expect(readAudit(confDir)).toEqual([expect.objectContaining({ run: 'r1', event: 'end', result: 'lost lock' })]);
      expect(warnings).toEqual([expect.stringMatching(/^etcd did not take the audit line \(.*\): it is in .*journal instead$/)]);
      await lock.release();
    } finally {
      await s.close();
    }
  }, 60_000);
});
