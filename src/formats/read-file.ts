/**
 * Reading a file the user named (inventory, vars file, playbook, settings, `-e @file`): only a
 * regular file of a sane size is read, so a FIFO or `/dev/zero` is an error instead of a hang, and
 * every failure says which path and what is wrong with it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DeployerError } from '../errors.js';

/** Larger input files are refused unread (a 50,000-host inventory is a few MB). */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

const REASONS: Record<string, string> = {
  ENOENT: 'not found (or a symbolic link to nothing)',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ELOOP: 'a symbolic link loop',
  ENOTDIR: 'a part of the path is not a folder',
  EISDIR: 'is a folder, not a file',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files',
  ENOSPC: 'no space left on the device',
  EROFS: 'read-only file system',
};

/** An error about a path that the words above explain (the rest are not the user's to fix). */
export const isFileProblem = (error: NodeJS.ErrnoException) => error.code !== undefined && error.code in REASONS;

export function fileProblem(error: unknown): string {
  const { code, message } = error as NodeJS.ErrnoException;
  return (code && REASONS[code]) ?? message;
}

/** The file's status, following links; an error naming the path and the reason otherwise. */
export function statPath(file: string, what: string): fs.Stats {
  try {
    return fs.statSync(file);
  } catch (error) {
    throw new DeployerError(`${what} ${file}: ${fileProblem(error)}`);
  }
}

/** The entries of a folder, sorted; an error naming the folder otherwise. */
export function readFolder(dir: string, what: string): string[] {
  try {
    return fs.readdirSync(dir).sort();
  } catch (error) {
    throw new DeployerError(`${what} ${dir}: ${fileProblem(error)}`);
  }
}

export function readUserFile(file: string, what: string): Buffer {
  const stat = statPath(file, what);
  if (stat.isDirectory()) throw new DeployerError(`${what} ${file}: is a folder, not a file`);
  if (!stat.isFile()) throw new DeployerError(`${what} ${file}: not a regular file (a device, FIFO or socket is not read)`);
  if (stat.size > MAX_INPUT_BYTES) throw new DeployerError(`${what} ${file}: ${stat.size} bytes, more than the ${MAX_INPUT_BYTES} a file may have`);
  try {
    return fs.readFileSync(file);
  } catch (error) {
    throw new DeployerError(`${what} ${file}: ${fileProblem(error)}`);
  }
}

export const readUserText = (file: string, what: string): string => readUserFile(file, what).toString('utf8');

/**
 * `mkdir -p`, one level at a time: Node's own recursive mkdir spins for ever on some paths
 * (under /proc, for one) instead of failing.
 */
export function ensureFolder(dir: string): void {
  if (fs.existsSync(dir)) return;
  const parent = path.dirname(dir);
  if (parent !== dir) ensureFolder(parent);
  fs.mkdirSync(dir);
}
