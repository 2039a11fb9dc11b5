/**
 * The password_hash filter as Ansible 2.14 computes it without passlib (Python's crypt, that is
 * glibc's crypt(3)): MD5-crypt, SHA-256-crypt and SHA-512-crypt, written out here from their
 * published algorithms (Poul-Henning Kamp's MD5-crypt, Ulrich Drepper's SHA-crypt).
 */
import crypto from 'node:crypto';
import { FilterError } from '../errors.js';

const ALPHABET = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

interface Algorithm {
  id: string;
  saltSize: number;
  /** Rounds passlib leaves out of its output; Ansible then gives crypt none (its default, 5000). */
  implicitRounds?: number;
  hash?: 'sha256' | 'sha512';
}

const ALGORITHMS: Record<string, Algorithm> = {
  md5_crypt: { id: '1', saltSize: 8 },
  sha256_crypt: { id: '5', saltSize: 16, implicitRounds: 535000, hash: 'sha256' },
  sha512_crypt: { id: '6', saltSize: 16, implicitRounds: 656000, hash: 'sha512' },
};
const NAMES: Record<string, string> = { md5: 'md5_crypt', sha256: 'sha256_crypt', sha512: 'sha512_crypt', blowfish: 'bcrypt' };

/** Three bytes as four characters of crypt's base-64, least significant first (`n` characters). */
function b64From24(b2: number, b1: number, b0: number, n: number): string {
  let w = (b2 << 16) | (b1 << 8) | b0;
  let out = '';
  for (let i = 0; i < n; i++) {
    out += ALPHABET[w & 0x3f];
    w >>= 6;
  }
  return out;
}

/** `source` repeated to `length` bytes. */
function repeatTo(source: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i += source.length) source.copy(out, i, 0, Math.min(source.length, length - i));
  return out;
}

function md5Crypt(password: Buffer, salt: string): string {
  const md5 = (...parts: Buffer[]) => crypto.createHash('md5').update(Buffer.concat(parts)).digest();
  const s = Buffer.from(salt);
  const alternate = md5(password, s, password);
  const parts = [password, Buffer.from('$1$'), s, repeatTo(alternate, password.length)];
  for (let i = password.length; i; i >>= 1) parts.push(i & 1 ? Buffer.alloc(1) : password.subarray(0, 1));
  let final = md5(...parts);
  for (let i = 0; i < 1000; i++) {
    const round = [i & 1 ? password : final];
    if (i % 3) round.push(s);
    if (i % 7) round.push(password);
    round.push(i & 1 ? final : password);
    final = md5(...round);
  }
  const f = final;
  const text = [[0, 6, 12], [1, 7, 13], [2, 8, 14], [3, 9, 15], [4, 10, 5]].map(([a, b, c]) => b64From24(f[a], f[b], f[c], 4)).join('') + b64From24(0, 0, f[11], 2);
  return `$1$${salt}$${text}`;
}

const SHA512_ORDER = [[0, 21, 42], [22, 43, 1], [44, 2, 23], [3, 24, 45], [25, 46, 4], [47, 5, 26], [6, 27, 48], [28, 49, 7], [50, 8, 29], [9, 30, 51], [31, 52, 10], [53, 11, 32], [12, 33, 54], [34, 55, 13], [56, 14, 35], [15, 36, 57], [37, 58, 16], [59, 17, 38], [18, 39, 60], [40, 61, 19], [62, 20, 41]];
const SHA256_ORDER = [[0, 10, 20], [21, 1, 11], [12, 22, 2], [3, 13, 23], [24, 4, 14], [15, 25, 5], [6, 16, 26], [27, 7, 17], [18, 28, 8], [9, 19, 29]];

function shaCrypt(algorithm: 'sha256' | 'sha512', id: string, password: Buffer, salt: string, rounds: number | undefined): string {
  const digest = (...parts: Buffer[]) => crypto.createHash(algorithm).update(Buffer.concat(parts)).digest();
  const count = rounds === undefined ? 5000 : Math.min(999999999, Math.max(1000, rounds));
  const s = Buffer.from(salt);
  const alternate = digest(password, s, password);
  const parts = [password, s, repeatTo(alternate, password.length)];
  for (let i = password.length; i > 0; i >>= 1) parts.push(i & 1 ? alternate : password);
  const a = digest(...parts);
  const p = repeatTo(digest(...Array<Buffer>(password.length).fill(password)), password.length);
  const sRepeated = repeatTo(digest(...Array<Buffer>(16 + a[0]).fill(s)), s.length);
  let c = a;
  for (let i = 0; i < count; i++) {
    const round = [i & 1 ? p : c];
    if (i % 3) round.push(sRepeated);
    if (i % 7) round.push(p);
    round.push(i & 1 ? c : p);
    c = digest(...round);
  }
  const text =
    algorithm === 'sha512'
      ? SHA512_ORDER.map(([x, y, z]) => b64From24(c[x], c[y], c[z], 4)).join('') + b64From24(0, 0, c[63], 2)
      : SHA256_ORDER.map(([x, y, z]) => b64From24(c[x], c[y], c[z], 4)).join('') + b64From24(0, c[31], c[30], 3);
  return `$${id}$${rounds === undefined ? '' : `rounds=${count}$`}${salt}$${text}`;
}

function randomSalt(size: number): string {
  return Array.from(crypto.randomBytes(size), (byte) => ALPHABET[byte % 64]).join('');
}

/** `password | password_hash(hashtype, salt, salt_size, rounds)`, with Ansible's checks and messages. */
export function passwordHash(password: string, hashtype: string, salt: unknown, saltSize: unknown, rounds: unknown): string {
  const name = NAMES[hashtype] ?? hashtype;
  const algorithm = ALGORITHMS[name];
  if (!algorithm) throw new FilterError(name === 'bcrypt' ? "password_hash: deployer does not compute 'bcrypt' (blowfish) hashes" : `crypt.crypt does not support '${name}' algorithm`);
  const chosen = salt === null || salt === undefined || salt === '' ? randomSalt(saltSize ? Number(saltSize) : algorithm.saltSize) : String(salt);
  if (/[^./0-9A-Za-z]/.test(chosen)) throw new FilterError('invalid characters in salt');
  if (chosen.length > algorithm.saltSize) throw new FilterError('invalid salt size');
  const given = rounds === null || rounds === undefined ? undefined : Number(rounds);
  const count = given === algorithm.implicitRounds ? undefined : given;
  const secret = Buffer.from(password, 'utf8');
  if (!algorithm.hash) {
    if (count !== undefined) throw new FilterError('password_hash: md5 takes no rounds');
    return md5Crypt(secret, chosen);
  }
  return shaCrypt(algorithm.hash, algorithm.id, secret, chosen, count);
}
