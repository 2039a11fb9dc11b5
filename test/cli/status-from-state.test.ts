/**
 * `deployer status --from-state`: the status table from the fleet records, no host asked (the
 * hosts here are addresses where nothing listens), marked as recorded with each record's age;
 * the same from the file store and from etcd.
 */
import fs from 'node:fs';
import path from 'node:path';
import { startEtcdCluster, type EtcdCluster } from '../../src/fleet/etcd-cluster.js';
import { DEFAULT_LEASE_TTL } from '../../src/settings/build.js';
import { openStore } from '../../src/state/open.js';
import { deployer, tempDir } from '../support/fleet.js';

let cluster: EtcdCluster;
beforeAll(async () => {
  cluster = await startEtcdCluster({ network: 204 });
}, 60_000);
afterAll(() => cluster?.stop());

const settings = (state: string) => `platform: { name: shop, install_root: /opt/shop }
vars: { ansible_port: 1 }
hosts:
  node01: { ansible_host: 127.0.9.1 }
  node02: { ansible_host: 127.0.9.2 }
  node03: { ansible_host: 127.0.9.3 }
  node04: { ansible_host: 127.0.9.4 }
components:
  app:
    version: 1.1.0
    clusters: { main: { hosts: [node01, node02, node03, node04] } }
    service: { exec_start: "{{ install_dir }}/bin/app" }
state: ${state}
`;

describe.each(['file', 'etcd'])('status --from-state, %s store', (kind) => {
  it('prints the recorded rows with their age, and exits as a live status would', async () => {
    const dir = tempDir('deployer-from-state-');
    const url = kind === 'file' ? 'file' : cluster.url(`status-${process.pid}`);
    fs.writeFileSync(path.join(dir, 'deployment.yml'), settings(url));
    const store = await openStore({ confDir: dir, state: { url, leaseTtl: DEFAULT_LEASE_TTL, lockWait: 0, tls: {} } }, { env: {} });
    const at = new Date(Date.now() - 300_000).toISOString();
    const started = '2026-03-04T10:00:00.000Z';
    await store.writeFleet({
      desired: { app: { version: '1.1.0', at } },
      hosts: [
        { host: 'node01', component: 'app', current: { release: 'app-1.1.0', pid: 101, started, at } },
        { host: 'node02', component: 'app', staging: { release: 'app-1.1.0', at }, current: { release: 'app-1.0.0', pid: 102, started, at } },
        { host: 'node03', component: 'app', current: { release: null, pid: null, started: null, at } },
      ],
    });
    await store.close();
    const status = await deployer(['status', '--from-state'], { cwd: dir });
    expect(status.exitCode).toBe(2);
    expect(String(status.stdout).split('\n').map((l) => l.trimEnd())).toEqual([
      "recorded status (the state store's records, no host asked: each row says how old its record is)",
      '',
      'app',
      '  HOST    DESIRED  CONFIGURED  RUNNING  STATE            PID  STARTED               DETAIL',
      '  node01  1.1.0    1.1.0       1.1.0    ok               101  2026-03-04T10:00:00Z  recorded 5 min ago',
      '  node02  1.1.0    1.1.0       1.0.0    restart pending  102  2026-03-04T10:00:00Z  1.1.0 prepared, 1.0.0 running; recorded 5 min ago',
      '  node03  1.1.0    -           -        not running        -  -                     nothing of it was running; recorded 5 min ago',
      '  node04  1.1.0    -           -        unknown            -  -                     no record: deployer status (live) writes one',
      '  majority: 1.1.0 on 1 of 4 hosts (node01); stragglers: node02 runs 1.0.0; no version: node03 (not running), node04 (unknown)',
      '',
      '4 rows: 1 ok, 1 restart pending, 1 not running, 1 unknown',
      '',
    ]);
    const json = JSON.parse(String((await deployer(['status', '--from-state', '--json', '-c', 'app', 'node02'], { cwd: dir })).stdout)) as { recorded: boolean; rows: { host: string; state: string }[] };
    expect(json.recorded).toBe(true);
    expect(json.rows.map((r) => [r.host, r.state])).toEqual([['node02', 'restart pending']]);
  }, 60_000);
});
