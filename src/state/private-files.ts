/**
 * Records are the operator's own: files 0600, in folders 0700 where the folder is deployer's.
 * A file or folder an older deployer left readable by others is tightened when deployer next
 * writes to it, if it is ours (only its owner may change its mode).
 */
import fs from 'node:fs';

export const PRIVATE_FILE = 0o600;
export const PRIVATE_FOLDER = 0o700;

export function privateFolder(dir: string): void {
  fs.mkdirSync(dir, { recursive: true, mode: PRIVATE_FOLDER });
  tighten(fs.statSync(dir).mode, () => fs.chmodSync(dir, PRIVATE_FOLDER));
}

/** Appends with one write (two runs never interleave a line), creating the file 0600. */
export function appendPrivate(file: string, text: string): void {
  const fd = fs.openSync(file, 'a', PRIVATE_FILE);
  try {
    tighten(fs.fstatSync(fd).mode, () => fs.fchmodSync(fd, PRIVATE_FILE));
    fs.appendFileSync(fd, text);
  } finally {
    fs.closeSync(fd);
  }
}

function tighten(mode: number, chmod: () => void): void {
  if ((mode & 0o077) === 0) return;
  try {
    chmod();
  } catch (error) {
    // another user's file: it stays as it is, and what is written to it is masked anyway
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
  }
}
