/**
 * The pre-flight facts of one host, in one command run as root (become): who the command runs
 * as (sudo works when it is 0), whether systemd runs the host, the free space of the filesystem
 * that holds the install root (or of its nearest existing parent, before a first install), and
 * which of the releases to install are there already. A command plus a pure parser.
 */
import { shellQuote } from '../transport/become.js';
import { parseDfRow, type DiskUsage } from './df.js';

export const PREFLIGHT_MARKER = '__deployer_preflight__';

export interface PreflightRequest {
  installRoot: string;
  /** Release folders (absolute) the deploy would create. */
  releaseDirs: string[];
}

export interface PreflightFacts {
  uid: number | null;
  /** `systemctl --version`'s first line, when systemctl exists. */
  systemctl: string | null;
  /** systemd is the running init (/run/systemd/system exists). */
  systemdRunning: boolean;
  /** The folder df was asked about: the install root, or its nearest existing parent. */
  diskPath: string | null;
  disk: DiskUsage | null;
  presentReleases: string[];
}

export function preflightCommand(request: PreflightRequest): string {
  const root = shellQuote(request.installRoot);
  return [
    `echo ${PREFLIGHT_MARKER}`,
    'echo "uid=$(id -u)"',
    'if command -v systemctl >/dev/null 2>&1; then echo "systemctl=$(systemctl --version 2>/dev/null | head -n 1)"; fi',
    'if [ -d /run/systemd/system ]; then echo systemd=running; fi',
    `d=${root}; while [ ! -d "$d" ]; do d=$(dirname "$d"); done; echo "diskpath=$d"`,
    `df -P -k "$d" | sed -n '2,$s/^/df=/p'`,
    ...(request.releaseDirs.length ? [`for r in ${request.releaseDirs.map(shellQuote).join(' ')}; do if [ -d "$r" ]; then echo "present=$r"; fi; done`] : []),
  ].join('\n');
}

export function parsePreflight(stdout: string): PreflightFacts {
  const facts: PreflightFacts = { uid: null, systemctl: null, systemdRunning: false, diskPath: null, disk: null, presentReleases: [] };
  const lines = stdout.split('\n');
  const start = lines.indexOf(PREFLIGHT_MARKER);
  for (const line of lines.slice(start + 1)) {
    const at = line.indexOf('=');
    if (at < 0) continue;
    const [key, value] = [line.slice(0, at), line.slice(at + 1)];
    if (key === 'uid' && /^\d+$/.test(value)) facts.uid = Number(value);
    else if (key === 'systemctl') facts.systemctl = value.trim() || null;
    else if (key === 'systemd') facts.systemdRunning = value === 'running';
    else if (key === 'diskpath') facts.diskPath = value;
    else if (key === 'df') facts.disk = parseDfRow(value) ?? null;
    else if (key === 'present') facts.presentReleases.push(value);
  }
  return facts;
}
