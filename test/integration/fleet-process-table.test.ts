/**
 * A loopback fleet whose hosts each have their own process table (one sshd per host, PID 1 of
 * its own PID namespace), as benchmarks of process-table facts need: what one host's `ps` or
 * /proc shows is that host's sessions only, as on a real fleet.
 */
import net from 'node:net';
import { readFleet } from '../../src/fleet/fleet.js';
import { deployer, headers, testFleet, type TestFleet } from '../support/fleet.js';

let fleet: TestFleet;
beforeAll(async () => {
  fleet = await testFleet(3, { ownProcessTable: true });
}, 60_000);
afterAll(() => fleet?.stop());

function portOpen(address: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

it('each host sees its own sshd as PID 1 and only its own session processes', async () => {
  const result = await deployer(['ssh', 'all', 'echo "$(cat /proc/1/comm) $(ls -d /proc/[0-9]* | wc -l)"', '-i', fleet.inventory]);
  expect(result.exitCode).toBe(0);
  expect(headers(result.stdout).map((h) => h.host)).toEqual(['host001', 'host002', 'host003']);
  const lines = [...result.stdout.matchAll(/^sshd (\d+)$/gm)].map((m) => Number(m[1]));
  expect(lines).toHaveLength(3);
  // sshd, its session's privilege-separated children, the shell, ls: a handful, not this machine's
  for (const count of lines) expect(count).toBeLessThan(10);
});

it('stopping the fleet ends each namespace: its sshd no longer listens', async () => {
  const state = readFleet(fleet.dir);
  expect(state.servers).toHaveLength(3);
  await fleet.stop();
  for (const host of state.hosts) expect(await portOpen(host.address, host.port)).toBe(false);
  for (const server of state.servers) expect(() => process.kill(server.pid, 0)).toThrow();
});
