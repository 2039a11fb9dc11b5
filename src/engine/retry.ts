/**
 * Retry files: the hosts that failed or were unreachable, one per line, for `-l @file`.
 * Ansible has them off by default since 2.8; deployer keeps them on, because re-running only the
 * unreachable hosts is the normal way to finish a rollout. `retry_files_enabled = False` turns
 * them off; `retry_files_save_path` chooses the folder (default: the current folder).
 */
import fs from 'node:fs';
import path from 'node:path';

export interface RetryOptions {
  enabled?: boolean;
  saveDir?: string;
  cwd: string;
}

/** Writes `<dir>/<name>.retry` with these hosts, or removes a stale one when all went well. */
export function writeRetryFile(name: string, hosts: string[], options: RetryOptions): string | undefined {
  if (options.enabled === false) return undefined;
  const dir = options.saveDir ?? options.cwd;
  const file = path.join(dir, `${name}.retry`);
  if (hosts.length === 0) {
    fs.rmSync(file, { force: true });
    return undefined;
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(file, `${[...new Set(hosts)].join('\n')}\n`);
  return file;
}
