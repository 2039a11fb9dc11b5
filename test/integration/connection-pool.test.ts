/**
 * A pool shared between runs (as a deploy shares one between its playbooks and the status
 * probes before each batch): one SSH connection per host, whatever the number of runs; a
 * connection the host ended is forgotten and the next run connects again. On real sshd hosts:
 * each command's shell is a child of the sshd process that holds its connection.
 */
import { runAdhoc } from '../../src/engine/adhoc.js';
import { ConnectionPool } from '../../src/engine/connections.js';
import { loadContext, processEnvironment } from '../../src/cli/context.js';
import { resolveRunOptions } from '../../src/cli/run-options.js';
import { testFleet, type TestFleet } from '../support/fleet.js';

let fleet: TestFleet;
beforeAll(async () => {
  fleet = await testFleet(2);
}, 60_000);
afterAll(() => fleet?.stop());

/** Each host's answer to `command`, run once on every host. */
async function answers(command: string, pool?: ConnectionPool): Promise<Record<string, string>> {
  const environment = processEnvironment();
  const context = await loadContext({ inventory: [fleet.inventory] }, environment);
  const resolved = await resolveRunOptions({}, context.config, environment);
  const hosts = context.selector.select('all');
  const results = await runAdhoc({ resolver: context.resolver, extraVars: {}, playHosts: hosts, hosts, module: 'shell', args: command, literal: true, forks: 5, connection: resolved.connection, pool });
  return Object.fromEntries(results.map((r) => [r.host, r.status === 'changed' ? r.stdout.trim() : `${r.status}: ${r.msg ?? r.stderr}`]));
}

describe('a connection pool shared between runs', () => {
  it('keeps one connection per host across runs; without it each run connects anew', async () => {
    const pool = new ConnectionPool();
    try {
      const first = await answers('echo $PPID', pool);
      expect(await answers('echo $PPID', pool)).toEqual(first);
      // runs of their own: new connections (new sshd processes)
      const alone = await answers('echo $PPID');
      for (const host of Object.keys(first)) expect(alone[host]).not.toBe(first[host]);
    } finally {
      await pool.closeAll();
    }
  });

  it('forgets a connection the host ended: the next run connects again', async () => {
    const pool = new ConnectionPool();
    try {
      const first = await answers('echo $PPID', pool);
      // the sshd process holding each connection ends, and with it the connection
      await answers('kill $PPID', pool);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const again = await answers('echo $PPID', pool);
      for (const host of Object.keys(first)) {
        expect(again[host]).toMatch(/^\d+$/);
        expect(again[host]).not.toBe(first[host]);
      }
    } finally {
      await pool.closeAll();
    }
  });
});
