/**
 * OpenSSH known_hosts files: plain host lists (`a,b`), `[host]:port`, wildcards (`*`, `?`),
 * negations (`!host`), hashed entries (`|1|salt|hmac`), and `@revoked` markers.
 * `@cert-authority` lines are skipped: deployer does not accept host certificates.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';

export interface KnownHostKey {
  type: string;
  /** The key blob, base64 as written in the file. */
  key: string;
  revoked: boolean;
  file: string;
  line: number;
}

export type HostKeyVerdict =
  | { ok: true }
  | { ok: false; reason: 'unknown' | 'changed' | 'revoked'; message: string };

/** The name OpenSSH looks up: `host`, or `[host]:port` when the port is not 22. */
export function knownHostsName(host: string, port: number): string {
  return port === 22 ? host : `[${host}]:${port}`;
}

/** OpenSSH's fingerprint of a key blob: `SHA256:` and unpadded base64. */
export function fingerprint(blob: Buffer): string {
  return `SHA256:${crypto.createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** The key type written inside a key blob (its first length-prefixed string). */
export function keyType(blob: Buffer): string {
  if (blob.length < 4) return 'unknown';
  const length = blob.readUInt32BE(0);
  return blob.subarray(4, 4 + length).toString('latin1');
}

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

function matchesHashed(entry: string, name: string): boolean {
  const [, , salt, hash] = entry.split('|');
  if (!salt || !hash) return false;
  const digest = crypto.createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest('base64');
  return digest === hash;
}

/** Does a host-list field (`a,*.b,!c` or a hashed entry) name this host? Negations win. */
function matchesHostField(field: string, name: string): boolean {
  if (field.startsWith('|1|')) return matchesHashed(field, name);
  let matched = false;
  for (const pattern of field.split(',')) {
    if (pattern.startsWith('!')) {
      if (globToRegExp(pattern.slice(1)).test(name)) return false;
    } else if (globToRegExp(pattern).test(name)) {
      matched = true;
    }
  }
  return matched;
}

export class KnownHosts {
  private readonly entries: { marker?: string; hosts: string; type: string; key: string; file: string; line: number }[] = [];

  private static readonly loaded = new Map<string, { knownHosts: KnownHosts; stamp: string }>();

  /**
   * The same files read once per run (a fleet shares one known_hosts), re-read when one of them
   * changed, e.g. after `accept-new` learnt a key.
   */
  static cached(files: string[]): KnownHosts {
    const key = files.join('\0');
    const stamp = files.map((f) => (fs.existsSync(f) ? fs.statSync(f).mtimeMs + ':' + fs.statSync(f).size : '-')).join('|');
    const hit = KnownHosts.loaded.get(key);
    if (hit && hit.stamp === stamp) return hit.knownHosts;
    const knownHosts = KnownHosts.load(files);
    KnownHosts.loaded.set(key, { knownHosts, stamp });
    return knownHosts;
  }

  /** Reads the files that exist; missing files simply contribute nothing, as in OpenSSH. */
  static load(files: string[]): KnownHosts {
    const knownHosts = new KnownHosts();
    for (const file of files) {
      let text: string;
      try {
        text = fs.readFileSync(file, 'utf8');
      } catch {
        continue;
      }
      knownHosts.parse(text, file);
    }
    return knownHosts;
  }

  /** Entries that may name `name`: those listing it literally, plus every hashed or wildcard one. */
  private candidates(name: string) {
    if (!this.byName) {
      this.byName = new Map();
      this.general = [];
      for (const entry of this.entries) {
        const plain = !entry.hosts.startsWith('|') && !/[*?!]/.test(entry.hosts);
        if (!plain) {
          this.general.push(entry);
          continue;
        }
        for (const host of entry.hosts.toLowerCase().split(',')) {
          const list = this.byName.get(host) ?? [];
          list.push(entry);
          this.byName.set(host, list);
        }
      }
    }
    return [...(this.byName.get(name.toLowerCase()) ?? []), ...this.general!];
  }

  private byName: Map<string, KnownHosts['entries']> | undefined;
  private general: KnownHosts['entries'] | undefined;

  parse(text: string, file: string): void {
    this.byName = undefined;
    text.split('\n').forEach((raw, index) => {
      const line = raw.trim();
      if (!line || line.startsWith('#')) return;
      const fields = line.split(/\s+/);
      const marker = fields[0].startsWith('@') ? fields.shift() : undefined;
      if (fields.length < 3) return;
      this.entries.push({ marker, hosts: fields[0], type: fields[1], key: fields[2], file, line: index + 1 });
    });
  }

  keysFor(host: string, port: number): KnownHostKey[] {
    const name = knownHostsName(host, port);
    return this.candidates(name)
      .filter((e) => e.marker !== '@cert-authority' && matchesHostField(e.hosts, name))
      .map((e) => ({ type: e.type, key: e.key, revoked: e.marker === '@revoked', file: e.file, line: e.line }));
  }

  /** Checks a server's key blob for this host, with OpenSSH's answers: known, unknown, changed, revoked. */
  verify(host: string, port: number, blob: Buffer): HostKeyVerdict {
    const name = knownHostsName(host, port);
    const type = keyType(blob);
    const print = fingerprint(blob);
    const offered = blob.toString('base64');
    const revoked = this.entries.some((e) => e.marker === '@revoked' && e.key === offered);
    if (revoked) return { ok: false, reason: 'revoked', message: `the ${type} host key ${print} of ${name} is marked as revoked` };
    const keys = this.keysFor(host, port).filter((k) => !k.revoked);
    if (keys.some((k) => k.key === offered)) return { ok: true };
    const sameType = keys.find((k) => k.type === type);
    if (sameType) {
      return {
        ok: false,
        reason: 'changed',
        message: `REMOTE HOST IDENTIFICATION HAS CHANGED for ${name}: it offered ${type} key ${print}, but ${sameType.file}:${sameType.line} has a different key`,
      };
    }
    return { ok: false, reason: 'unknown', message: `no known_hosts entry for ${name} with its ${type} key ${print}` };
  }
}
