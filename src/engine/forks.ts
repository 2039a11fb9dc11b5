/**
 * How many hosts to work on at once. Ansible forks a process per host and defaults to 5; an
 * event loop holds a connection per host for a few file descriptors, so deployer defaults to
 * 200, capped by the open-file limit (a third of it, leaving room for files and logs).
 */
import fs from 'node:fs';

export const DEFAULT_FORKS = 200;

export function openFileLimit(): number | undefined {
  try {
    const limits = fs.readFileSync('/proc/self/limits', 'utf8');
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(limits);
    if (!m) return undefined;
    return m[1] === 'unlimited' ? undefined : Number(m[1]);
  } catch {
    return undefined;
  }
}

export function effectiveForks(requested?: number): number {
  const wanted = requested ?? DEFAULT_FORKS;
  const limit = openFileLimit();
  return Math.max(1, limit ? Math.min(wanted, Math.floor(limit / 3)) : wanted);
}
