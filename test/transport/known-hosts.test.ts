/** known_hosts matching and verification, table-driven from OpenSSH's rules. */
import crypto from 'node:crypto';
import { fingerprint, KnownHosts, knownHostsName, keyType } from '../../src/transport/known-hosts.js';

function blob(type: string, seed: string): Buffer {
  const name = Buffer.from(type);
  const body = crypto.createHash('sha256').update(seed).digest();
  const out = Buffer.alloc(4 + name.length + 4 + body.length);
  out.writeUInt32BE(name.length, 0);
  name.copy(out, 4);
  out.writeUInt32BE(body.length, 4 + name.length);
  body.copy(out, 8 + name.length);
  return out;
}

const keyA = blob('ssh-ed25519', 'a');
const keyB = blob('ssh-ed25519', 'b');
const b64 = (b: Buffer) => b.toString('base64');
const hashed = (name: string) => {
  const salt = crypto.randomBytes(20);
  return `|1|${salt.toString('base64')}|${crypto.createHmac('sha1', salt).update(name).digest('base64')}`;
};

describe('known_hosts', () => {
  it.each<[string, string, number, boolean]>([
    ['plain name, port 22', `web1 ssh-ed25519 ${b64(keyA)}`, 22, true],
    ['plain name does not cover another port', `web1 ssh-ed25519 ${b64(keyA)}`, 2222, false],
    ['[host]:port', `[web1]:2222 ssh-ed25519 ${b64(keyA)}`, 2222, true],
    ['comma list', `other,web1,10.0.0.1 ssh-ed25519 ${b64(keyA)}`, 22, true],
    ['wildcard', `web* ssh-ed25519 ${b64(keyA)}`, 22, true],
    ['question mark', `web? ssh-ed25519 ${b64(keyA)}`, 22, true],
    ['negation wins', `web*,!web1 ssh-ed25519 ${b64(keyA)}`, 22, false],
    ['hashed name', `${hashed('web1')} ssh-ed25519 ${b64(keyA)}`, 22, true],
    ['hashed [host]:port', `${hashed('[web1]:2222')} ssh-ed25519 ${b64(keyA)}`, 2222, true],
    ['hashed other name', `${hashed('web2')} ssh-ed25519 ${b64(keyA)}`, 22, false],
    ['comment and blank lines', `# comment\n\nweb1 ssh-ed25519 ${b64(keyA)} user@laptop`, 22, true],
    ['cert authorities are not host keys', `@cert-authority web1 ssh-ed25519 ${b64(keyA)}`, 22, false],
  ])('%s', (_name, text, port, known) => {
    const knownHosts = new KnownHosts();
    knownHosts.parse(text, 'known_hosts');
    expect(knownHosts.verify('web1', port, keyA).ok).toBe(known);
  });

  it('tells unknown, changed and revoked keys apart, naming host, type and fingerprint', () => {
    const knownHosts = new KnownHosts();
    knownHosts.parse(`[web1]:2222 ssh-ed25519 ${b64(keyA)}\n@revoked * ssh-ed25519 ${b64(keyB)}\n`, '/home/u/.ssh/known_hosts');
    expect(knownHosts.verify('web1', 2222, keyA)).toEqual({ ok: true });
    expect(knownHosts.verify('web2', 2222, keyA)).toEqual({
      ok: false,
      reason: 'unknown',
      message: `no known_hosts entry for [web2]:2222 with its ssh-ed25519 key ${fingerprint(keyA)}`,
    });
    const other = blob('ssh-ed25519', 'c');
    expect(knownHosts.verify('web1', 2222, other)).toMatchObject({
      reason: 'changed',
      message: `REMOTE HOST IDENTIFICATION HAS CHANGED for [web1]:2222: it offered ssh-ed25519 key ${fingerprint(other)}, but /home/u/.ssh/known_hosts:1 has a different key`,
    });
    expect(knownHosts.verify('web1', 2222, keyB)).toMatchObject({ reason: 'revoked' });
  });

  it('reads key types and OpenSSH fingerprints from blobs', () => {
    expect(keyType(keyA)).toBe('ssh-ed25519');
    expect(fingerprint(keyA)).toBe(`SHA256:${crypto.createHash('sha256').update(keyA).digest('base64').replace(/=+$/, '')}`);
    expect(knownHostsName('h', 22)).toBe('h');
    expect(knownHostsName('h', 2200)).toBe('[h]:2200');
  });
});
