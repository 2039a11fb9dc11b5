/** The pre-flight report as the terminal shows it: the archives, one line per host, the problems. */
import chalk from 'chalk';
import type { PreflightReport } from '../../engine/preflight/check.js';
import { humanSize } from '../../inspect/df.js';

/** One line per host, the archives, and the problems. */
export function preflightLines(report: PreflightReport, color: boolean): string[] {
  const paint = (status: string) => (!color ? status : status === 'ok' ? chalk.green(status) : chalk.red(status));
  const width = Math.max(...report.hosts.map((h) => h.host.length), 4);
  const lines = ['pre-flight:'];
  for (const archive of report.archives) {
    lines.push(`  ${archive.file.split('/').slice(-2).join('/')}: sha256 ${archive.sha256.slice(0, 16)}…, ${humanSize(Math.ceil(archive.bytes / 1024))}, unpacks to ${humanSize(Math.ceil(archive.unpackedBytes / 1024))}${archive.expectedSha256 === archive.sha256 ? ' (matches its .sha256)' : ''}`);
  }
  for (const host of [...report.hosts].sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : 0))) {
    const facts = host.facts;
    const detail =
      host.status === 'unreachable'
        ? `${host.msg ?? ''} (tolerated: counted against its clusters' bounds)`
        : host.problems.length
          ? host.problems.join('; ')
          : [facts?.systemctl ?? 'no systemctl', facts?.disk ? `${facts.diskPath}: ${humanSize(facts.disk.availableKb)} free${host.neededBytes ? `, needs ${humanSize(Math.ceil(host.neededBytes / 1024))}` : ''}` : ''].filter(Boolean).join(', ');
    lines.push(`  ${host.host.padEnd(width)}  ${paint(host.status === 'ok' ? 'ok' : host.status === 'failed' ? 'FAILED' : 'UNREACHABLE')}  ${detail}`);
  }
  if (report.problems.length) lines.push(`${report.problems.length} problem${report.problems.length === 1 ? '' : 's'}, nothing was changed:`, ...report.problems.map((p) => `  - ${p}`));
  return lines;
}

