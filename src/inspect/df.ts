/** Disk usage: `df -P -k PATH` (POSIX format, 1 KiB blocks), parsed into typed rows. */
import { shellQuote } from '../transport/become.js';

export interface DiskUsage {
  filesystem: string;
  sizeKb: number;
  usedKb: number;
  availableKb: number;
  usePercent: number;
  mountedOn: string;
}

export function dfCommand(path = '/'): string {
  return `df -P -k ${shellQuote(path)}`;
}

const ROW = /^(.*?)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)%\s+(.*)$/;

export function parseDf(output: string): DiskUsage[] {
  return output
    .split('\n')
    .slice(1)
    .map(parseDfRow)
    .filter((row): row is DiskUsage => row !== undefined);
}

/** One row of `df -P -k` (not the header). */
export function parseDfRow(line: string): DiskUsage | undefined {
  const m = ROW.exec(line.trimEnd());
  if (!m) return undefined;
  return { filesystem: m[1], sizeKb: Number(m[2]), usedKb: Number(m[3]), availableKb: Number(m[4]), usePercent: Number(m[5]), mountedOn: m[6] };
}

/** `df -h` style sizes: powers of 1024, one decimal below 10. */
export function humanSize(kb: number): string {
  const units = ['K', 'M', 'G', 'T', 'P'];
  let value = kb;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 && unit > 0 ? value.toFixed(1) : Math.round(value)}${units[unit]}`;
}
