/**
 * Retry files: the hosts that failed or were unreachable, one per line, for `-l @file`.
 * Ansible has them off by default since 2.8; deployer keeps them on, because re-running only the
 * unreachable hosts is the normal way to finish a rollout. `retry_files_enabled = False` turns
 * them off; `retry_files_save_path` chooses the folder (default: the current folder).
 *
 * A run changes only what it knows: hosts it failed on are added, hosts it ran on successfully
 * are taken out, and every other host of the file stays (Ansible overwrites the file, so a run on
 * one good host would erase the record of the hosts still to finish).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ensureFolder } from '../formats/read-file.js';

export interface RetryOptions {
  enabled?: boolean;
  saveDir?: string;
  cwd: string;
}

export interface RetryOutcome {
  failed: string[];
  succeeded: string[];
}

export type RetryResult = { file?: string; error?: string };

/** Updates `<dir>/<name>.retry` with this run's outcome; removes it when no host is left to retry. */
export function updateRetryFile(name: string, outcome: RetryOutcome, options: RetryOptions): RetryResult {
  if (options.enabled === false) return {};
  const dir = options.saveDir ?? options.cwd;
  const file = path.join(dir, `${name}.retry`);
  try {
    const known = previousHosts(file);
    const done = new Set(outcome.succeeded);
    const hosts = [...new Set([...known.filter((h) => !done.has(h)), ...outcome.failed])];
    if (hosts.length === 0) {
      fs.rmSync(file, { force: true });
      return {};
    }
    ensureFolder(dir);
    fs.writeFileSync(file, `${hosts.join('\n')}\n`);
    return { file };
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    return { error: `Could not update the retry file ${file}: ${code ?? message}` };
  }
}

function previousHosts(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return text.split('\n').map((line) => line.trim()).filter(Boolean);
}
