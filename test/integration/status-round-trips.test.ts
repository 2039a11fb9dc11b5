/**
 * `deployer status` asks each host once, whatever the number of components: on real sshd hosts,
 * every command the status sends is counted on its way to the host.
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadContext } from '../../src/cli/context.js';
import { resolveRunOptions } from '../../src/cli/run-options.js';
import { ConnectionPool } from '../../src/engine/connections.js';
import { gatherStatus } from '../../src/engine/status/gather.js';
import { loadSettings } from '../../src/settings/load.js';
import type { ConnectionSettings } from '../../src/transport/settings.js';
import type { Connection } from '../../src/transport/types.js';
import { tempDir, testFleet, type TestFleet } from '../support/fleet.js';

/** A pool that counts the commands sent to each host. */
class CountingPool extends ConnectionPool {
  readonly commands = new Map<string, number>();

  override async get(settings: ConnectionSettings): Promise<Connection> {
    const connection = await super.get(settings);
    const count = (host: string) => this.commands.set(host, (this.commands.get(host) ?? 0) + 1);
    return {
      host: connection.host,
      exec: (command, options) => (count(settings.host), connection.exec(command, options)),
      interrupt: (password) => connection.interrupt(password),
      close: () => connection.close(),
      onLost: (listener) => connection.onLost(listener),
    };
  }
}

let fleet: TestFleet;
let conf: string;
beforeAll(async () => {
  fleet = await testFleet(3);
  conf = tempDir();
  const names = fleet.hosts.map((_h, i) => `node${i + 1}`);
  const component = (port: number) => [
    `    version: 1.${port % 10}.0`,
    `    clusters: { main: { hosts: [${names.join(', ')}] } }`,
    `    service: { exec_start: "{{ install_dir }}/bin/run --port ${port}" }`,
    '    patchable: true',
  ];
  fs.writeFileSync(
    path.join(conf, 'deployment.yml'),
    [
      'platform: { name: rt, install_root: /data/opt }',
      'vars:',
      `  ansible_user: ${fleet.user}`,
      `  ansible_ssh_private_key_file: ${fleet.clientKey}`,
      `  ansible_ssh_common_args: "-o UserKnownHostsFile=${fleet.knownHosts} -o StrictHostKeyChecking=yes"`,
      'hosts:',
      ...fleet.hosts.map((h, i) => `  ${names[i]}: { ansible_host: ${h.address}, ansible_port: ${h.port} }`),
      'components:',
      ...[9001, 9002, 9003, 9004].flatMap((port) => [`  service${port}:`, ...component(port)]),
      '',
    ].join('\n'),
  );
}, 60_000);
afterAll(async () => {
  await fleet?.stop();
  if (conf) fs.rmSync(conf, { recursive: true, force: true });
});

it('one command per host for the status of four components, and a row for each', async () => {
  const environment = { env: process.env, cwd: conf };
  const loaded = loadSettings({ confDir: conf, file: path.join(conf, 'deployment.yml') }, conf);
  const context = await loadContext({ confDir: conf }, environment);
  const resolved = await resolveRunOptions({}, context.config, environment);
  const pool = new CountingPool();
  try {
    const rows = await gatherStatus({ loaded, hosts: context.selector.select('all'), components: [], resolver: context.resolver, connection: resolved.connection, forks: 5, pool });
    expect(rows).toHaveLength(3 * 4);
    // the hosts answered: nothing is running there (no such units, no releases)
    expect(rows.every((r) => r.state !== 'unreachable')).toBe(true);
    expect(Object.fromEntries(pool.commands)).toEqual({ node1: 1, node2: 1, node3: 1 });
  } finally {
    await pool.closeAll();
  }
});
