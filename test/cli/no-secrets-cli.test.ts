/**
 * No secret in any record of the file store (the journal, the audit trail, the deploy lock, the
 * retry files): values planted with -e in every spelling, in another option's key=value and as
 * the become password (environment, -K) are in no file deployer keeps and in no output of
 * `deployer history` and `deployer lock status`, while the key names and `***` are. Records are
 * 0600 in a 0700 journal folder, also when an older deployer left them readable by all.
 *
 * The real CLI, on one host whose address is a port of this test: while it holds connections
 * without answering, a restart holds the lock (and is killed with SIGKILL, leaving the lock
 * stale and its run unfinished); once it hangs up, a deploy with --break-lock runs to its end
 * (unreachable), writing its journal record. No sshd and no systemd are needed.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { execaSync } from 'execa';
import { auditFile } from '../../src/state/audit.js';
import { journalFile } from '../../src/state/journal.js';
import { lockFile } from '../../src/state/lock.js';
import { deployer, tempDir } from '../support/fleet.js';

const PLANTED = ['hunter2', 's3cr3t', 't0k3n-42', 'b3come', 'v4ultpw', 'cl1ent', 'env70ken'];
const KEYS = ['ansible_become_password', 'db_password', 'api_token', 'vault_password', 'client_secret', 'DEPLOY_TOKEN'];

function conf(port: number): string {
  const dir = tempDir('deployer-no-secrets-');
  fs.writeFileSync(
    path.join(dir, 'deployment.yml'),
    `platform: { name: shop, install_root: /opt/shop }
vars: { ansible_port: ${port}, ansible_user: nobody }
hosts:
  web1: { ansible_host: 127.0.0.1 }
components:
  web:
    version: 2.1.0
    clusters: { front: { hosts: [web1] } }
    service: { exec_start: "{{ install_dir }}/bin/web" }
`,
  );
  fs.mkdirSync(path.join(dir, 'archives', 'web-2.1.0', 'bin'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'archives', 'web-2.1.0', 'bin', 'web'), '#!/bin/sh\n');
  execaSync('tar', ['-czf', 'web-2.1.0.tar.gz', 'web-2.1.0'], { cwd: path.join(dir, 'archives') });
  fs.rmSync(path.join(dir, 'archives', 'web-2.1.0'), { recursive: true });
  return dir;
}

/** What an older deployer left: a record with a secret in it, readable by every user. */
function olderRecords(dir: string): void {
  fs.mkdirSync(path.join(dir, 'journal'), { mode: 0o755 });
  fs.chmodSync(path.join(dir, 'journal'), 0o755);
  const record = { run: 'old', started: '2026-01-01T00:00:00.000Z', ended: '2026-01-01T00:01:00.000Z', who: 'ops@c', action: 'deploy', command: ['deploy', '-e', 'old_password=0ldpw'], settings: { file: 'deployment.yml', sha256: '0'.repeat(64) }, result: 'ok', components: {}, hosts: {} };
  fs.writeFileSync(journalFile(dir), `${JSON.stringify(record)}\n`, { mode: 0o644 });
  fs.writeFileSync(auditFile(dir), '', { mode: 0o644 });
}

/** A port that accepts connections and, while `holding`, never answers; then hangs up at once. */
async function silentPort(): Promise<{ port: number; hangUp(): void; close(): Promise<void> }> {
  const held: net.Socket[] = [];
  let holding = true;
  const server = net.createServer((socket) => (holding ? held.push(socket) : socket.destroy()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    hangUp: () => {
      holding = false;
      for (const socket of held) socket.destroy();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (const started = Date.now(); !condition(); await new Promise((resolve) => setTimeout(resolve, 100))) {
    if (Date.now() - started > 20_000) throw new Error(`timed out waiting for ${what}`);
  }
}

const mode = (file: string) => fs.statSync(file).mode & 0o777;

function expectNoSecret(what: string, text: string, secrets = PLANTED): void {
  for (const secret of secrets) if (text.includes(secret)) throw new Error(`${what} holds the secret ${secret}:\n${text}`);
}

describe('no secret in any record of the file store', () => {
  it('masks -e values and secret keys in the lock, the audit trail, the journal, history and lock status; the files are private', async () => {
    const host = await silentPort();
    const dir = conf(host.port);
    olderRecords(dir);
    const outputs: Record<string, string> = {};
    const become = { ANSIBLE_BECOME_PASSWORD: 'b3come' };
    let holder: ReturnType<typeof deployer> | undefined;
    try {
      // a restart that holds the lock, its host silent
      holder = deployer(['restart', 'web', '--yes', '--no-progress', '-T', '60', '-e', 'ansible_become_password=hunter2', '-edb_password=s3cr3t', '-bKe', 'api_token=t0k3n-42'], { cwd: dir, env: become });
      await until(() => fs.existsSync(auditFile(dir)) && fs.readFileSync(auditFile(dir), 'utf8').includes('"begin"'), 'the restart to begin');
      expect(mode(lockFile(dir))).toBe(0o600);
      const held = await deployer(['lock', 'status'], { cwd: dir });
      expect(held.exitCode).toBe(1);
      outputs['lock status (held)'] = String(held.stdout);
      expect(outputs['lock status (held)']).toContain('deployer restart web --yes --no-progress -T 60 -e ansible_become_password=*** -edb_password=*** -bKe api_token=***');
      outputs['the lock file'] = fs.readFileSync(lockFile(dir), 'utf8');
      holder.kill('SIGKILL');
      await holder;

      const stale = await deployer(['lock', 'status'], { cwd: dir });
      expect(stale.exitCode).toBe(2);
      outputs['lock status (stale)'] = String(stale.stdout);
      outputs['history (unfinished)'] = String((await deployer(['history'], { cwd: dir })).stdout);
      expect(outputs['history (unfinished)']).toMatch(/restart {2}DID NOT FINISH[^]*deployer restart web .* -e ansible_become_password=\*\*\* -edb_password=\*\*\* -bKe api_token=\*\*\*/);

      // its host hanging up, a deploy takes the stale lock over and runs to its end
      host.hangUp();
      const args = ['deploy', '--break-lock', '--yes', '--json', '--extra-vars', '{"vault_password": "v4ultpw", "user": "app"}', '--extra-vars=client_secret=cl1ent', '--ssh-extra-args', '-o SetEnv=DEPLOY_TOKEN=env70ken', '-K'];
      const deploy = await deployer(args, { cwd: dir, env: become });
      expect(deploy.exitCode).toBe(4);
      outputs['deploy --json'] = String(deploy.stdout);
    } finally {
      holder?.kill('SIGKILL');
      host.hangUp();
      await host.close();
    }
    outputs.history = String((await deployer(['history'], { cwd: dir })).stdout);
    outputs['history --json'] = String((await deployer(['history', '--json'], { cwd: dir })).stdout);
    expect(outputs.history).toContain('deployer deploy --break-lock --yes --json --extra-vars {"vault_password":"***","user":"***"} --extra-vars=client_secret=*** --ssh-extra-args -o SetEnv=DEPLOY_TOKEN=*** -K');
    // a record written before masking is masked when shown
    expect(outputs.history).toContain('deployer deploy -e old_password=***');
    const last = JSON.parse(outputs['history --json'].trim().split('\n').at(-1)!);
    expect(last.brokeLock.command).toEqual(['restart', 'web', '--yes', '--no-progress', '-T', '60', '-e', 'ansible_become_password=***', '-edb_password=***', '-bKe', 'api_token=***']);

    // every file deployer keeps in the configuration folder
    const kept = ['journal/deployer-journal.jsonl', 'journal/deployer-audit.jsonl', 'restart.retry', 'deploy.retry'].map((name) => path.join(dir, name)).filter((file) => fs.existsSync(file));
    expect(kept).toContain(journalFile(dir));
    expect(fs.existsSync(lockFile(dir))).toBe(false);
    for (const file of kept) expectNoSecret(file, fs.readFileSync(file, 'utf8'));
    for (const [what, text] of Object.entries(outputs)) expectNoSecret(what, text, [...PLANTED, '0ldpw']);
    const everything = [...kept.map((file) => fs.readFileSync(file, 'utf8')), ...Object.values(outputs)].join('\n');
    for (const key of KEYS) expect(everything).toContain(key);
    expect(everything).toContain('***');

    // private, and tightened where an older deployer left them open
    expect(mode(path.join(dir, 'journal'))).toBe(0o700);
    expect(mode(journalFile(dir))).toBe(0o600);
    expect(mode(auditFile(dir))).toBe(0o600);
  }, 90_000);
});
