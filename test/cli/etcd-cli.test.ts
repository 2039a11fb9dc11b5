/**
 * Several controllers, one etcd: two configuration folders deploying the same platform race for
 * the lock (exactly one wins, the other exits 1 naming the holder; with --lock-wait both run, one
 * after the other), `deployer lock status` names the holder, its age and its lease, `deployer
 * history` shows every controller's runs from either, and a controller killed with SIGKILL lets
 * the lock go after about one lease and shows as DID NOT FINISH. The platform's host is a loopback
 * address whose SSH port takes connections and answers nothing for a while: a run holds the lock
 * for a few seconds, and ends with the host unreachable.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { startEtcdCluster, type EtcdCluster } from '../../src/fleet/etcd-cluster.js';
import { deployer, tempDir } from '../support/fleet.js';

const HOST = '127.0.202.50';
const PORT = 2222;
/** How long the host's SSH port holds a connection before closing it: a short while, or until released. */
let holdMs = 300;
function hold(): void {
  holdMs = 120_000;
}
function release(): void {
  holdMs = 300;
  for (const socket of sockets) socket.destroy();
}

let cluster: EtcdCluster;
let sshPort: net.Server;
const sockets = new Set<net.Socket>();
beforeAll(async () => {
  cluster = await startEtcdCluster({ network: 202 });
  sshPort = net.createServer((socket) => {
    sockets.add(socket);
    const timer = setTimeout(() => socket.destroy(), holdMs);
    socket.on('close', () => {
      clearTimeout(timer);
      sockets.delete(socket);
    });
  });
  await new Promise<void>((resolve) => sshPort.listen(PORT, HOST, resolve));
}, 60_000);
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => sshPort?.close(resolve));
  await cluster?.stop();
});

let prefixes = 0;
/** A controller's configuration folder for the platform, on the etcd prefix `prefix`. */
function controller(prefix: string): string {
  const dir = tempDir('deployer-etcd-cli-');
  fs.writeFileSync(
    path.join(dir, 'deployment.yml'),
    `platform: { name: shop, install_root: /opt/shop }
vars: { ansible_port: ${PORT}, ansible_user: nobody }
hosts:
  web1: { ansible_host: ${HOST} }
components:
  web:
    version: 2.1.0
    clusters: { front: { hosts: [web1] } }
    service: { exec_start: "{{ install_dir }}/bin/web" }
state: ${cluster.url(prefix)}
state_options: { lease_ttl: 2 }
`,
  );
  return dir;
}
const newPrefix = () => `shop-${process.pid}-${++prefixes}`;
const restart = (dir: string, ...args: string[]) => deployer(['restart', 'web', '--no-progress', ...args], { cwd: dir });

describe('two controllers on one etcd', () => {
  it('race for the lock 20 times: exactly one wins, the loser exits 1 naming the holder', async () => {
    const prefix = newPrefix();
    const [a, b] = [controller(prefix), controller(prefix)];
    for (let round = 0; round < 20; round++) {
      // the winner holds the lock until the loser has ended
      hold();
      const started = [restart(a), restart(b)];
      const loser = await Promise.race(started);
      release();
      const runs = await Promise.all(started);
      expect({ round, codes: runs.map((r) => r.exitCode).sort() }).toEqual({ round, codes: [1, 4] });
      expect(String(loser.stderr)).toMatch(new RegExp(`Another rollout holds the deploy lock etcd://.*/${prefix}/lock: .+@.+, pid \\d+, since .*: deployer restart web --no-progress`));
    }
    // every run of either controller is in the one journal
    const history = await deployer(['history', '--json'], { cwd: b });
    expect(String(history.stdout).trim().split('\n')).toHaveLength(20);
  }, 300_000);

  it('with --lock-wait both run, one after the other, the second saying whom it waited for', async () => {
    const prefix = newPrefix();
    const [a, b] = [controller(prefix), controller(prefix)];
    hold();
    const first = restart(a);
    // the second starts once the first holds the lock, and the first ends once the second waits
    await until(async () => (await deployer(['lock', 'status'], { cwd: b })).exitCode === 1);
    const waiting = restart(b, '--lock-wait', '60');
    let said = '';
    waiting.stderr!.on('data', (chunk: Buffer) => (said += chunk.toString()));
    await until(async () => said.includes('waiting up to'));
    release();
    const second = await waiting;
    expect(String(second.stderr)).toMatch(new RegExp(`waiting up to 60 s for the deploy lock etcd://.*/${prefix}/lock, held by .+@.+, pid ${first.pid}, since .*: deployer restart web`));
    expect([(await first).exitCode, second.exitCode]).toEqual([4, 4]);
    const records = String((await deployer(['history', '--json'], { cwd: a })).stdout).trim().split('\n').map((l) => JSON.parse(l) as { ended: string; started: string });
    expect(records).toHaveLength(2);
    expect(records[1].started >= records[0].ended).toBe(true);
  }, 120_000);

  it('lock status names the holder, its age and its lease; a SIGKILLed holder lets it go after about a lease, and did not finish', async () => {
    const prefix = newPrefix();
    const [a, b] = [controller(prefix), controller(prefix)];
    hold();
    const run = restart(a);
    await until(async () => (await deployer(['lock', 'status'], { cwd: b })).exitCode === 1);
    const status = await deployer(['lock', 'status'], { cwd: b });
    expect(String(status.stdout)).toMatch(new RegExp(`^etcd://.*/${prefix}/lock: held by .+@.+, pid ${run.pid}, since \\S+: deployer restart web --no-progress \\(for \\d+ s\\)\\n  lease alive: [0-2] s left of 2 s`));
    run.kill('SIGKILL');
    await run.catch(() => undefined);
    release();
    const killed = Date.now();
    await until(async () => (await deployer(['lock', 'status'], { cwd: b })).exitCode === 0);
    // etcd lets a lease run out within its TTL (2 s) and a second
    expect((Date.now() - killed) / 1000).toBeLessThan(4.5);
    const history = await deployer(['history'], { cwd: b });
    expect(String(history.stdout)).toMatch(/DID NOT FINISH .*\n    last: /);
  }, 120_000);

  it('lock status and history on an empty prefix', async () => {
    const dir = controller(newPrefix());
    const status = await deployer(['lock', 'status'], { cwd: dir });
    expect([status.exitCode, String(status.stdout)]).toEqual([0, expect.stringMatching(/^no deploy lock \(etcd:\/\/.*\/lock does not exist\)\n$/)]);
    expect(String((await deployer(['history'], { cwd: dir })).stdout)).toMatch(/^no deploys yet \(etcd:\/\/\S+ is empty\)\n$/);
  }, 60_000);
});

async function until(check: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
