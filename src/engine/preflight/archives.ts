/**
 * What the controller knows of a release archive before anything is sent: its checksum, its
 * size, and how much it unpacks to (the tar stream's length: every file plus its headers, a
 * little more than the files alone). One pass over the file. When `<archive>.sha256` exists
 * beside it (as release downloads ship), its checksum must match: a truncated or corrupt
 * download is refused before it reaches a host.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Writable } from 'node:stream';
import zlib from 'node:zlib';

export interface ArchiveFacts {
  file: string;
  sha256: string;
  bytes: number;
  unpackedBytes: number;
  /** The checksum of `<archive>.sha256`, when there is one. */
  expectedSha256?: string;
  /** Why the archive cannot be used (not gzip, checksum mismatch). */
  problem?: string;
}

export async function archiveFacts(file: string): Promise<ArchiveFacts> {
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  let unpackedBytes = 0;
  const source = fs.createReadStream(file);
  source.on('data', (chunk) => {
    hash.update(chunk);
    bytes += chunk.length;
  });
  const counter = new Writable({
    write(chunk: Buffer, _encoding, done) {
      unpackedBytes += chunk.length;
      done();
    },
  });
  let problem: string | undefined;
  try {
    await pipeline(source, zlib.createGunzip(), counter);
  } catch (error) {
    problem = `not a gzip archive, or truncated (${(error as Error).message})`;
  }
  const facts: ArchiveFacts = { file, sha256: hash.digest('hex'), bytes, unpackedBytes };
  const sidecar = `${file}.sha256`;
  if (fs.existsSync(sidecar)) {
    facts.expectedSha256 = fs.readFileSync(sidecar, 'utf8').trim().split(/\s+/)[0]?.toLowerCase();
    if (facts.expectedSha256 !== facts.sha256) problem ??= `its checksum is ${facts.sha256}, but ${sidecar} says ${facts.expectedSha256}`;
  }
  return problem ? { ...facts, problem } : facts;
}
