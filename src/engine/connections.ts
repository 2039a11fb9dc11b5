/**
 * One connection per host for a whole run: opened on first use, shared by every later command
 * (a deploy shares one pool between its playbooks and probes: one handshake per host, not one
 * per batch). A connection the host closed is forgotten: the next use opens a new one.
 */
import { LocalConnection } from '../transport/local.js';
import type { ConnectionSettings } from '../transport/settings.js';
import { SshConnection } from '../transport/ssh.js';
import type { Connection } from '../transport/types.js';

export class ConnectionPool {
  private readonly open = new Map<string, Promise<Connection>>();

  get(settings: ConnectionSettings): Promise<Connection> {
    let connection = this.open.get(settings.host);
    if (!connection) {
      connection = settings.kind === 'local' ? Promise.resolve(new LocalConnection(settings.host)) : SshConnection.open(settings.ssh);
      // a failed connection is not cached: a later task may try again
      const forget = () => {
        if (this.open.get(settings.host) === connection) this.open.delete(settings.host);
      };
      connection.then((c) => c.onLost(forget), forget);
      this.open.set(settings.host, connection);
    }
    return connection;
  }

  async close(host: string): Promise<void> {
    const connection = this.open.get(host);
    this.open.delete(host);
    (await connection?.catch(() => undefined))?.close();
  }

  /** Stops every command running on an open connection (see Connection.interrupt). */
  async interruptAll(sudoPassword?: string): Promise<void> {
    await Promise.all([...this.open.values()].map(async (c) => (await c.catch(() => undefined))?.interrupt(sudoPassword)));
  }

  async closeAll(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    await Promise.all(all.map(async (c) => (await c.catch(() => undefined))?.close()));
  }
}
