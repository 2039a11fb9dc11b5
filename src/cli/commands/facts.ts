/** The daily fleet checks: `deployer df PATTERN [PATH]` and `deployer ps PATTERN [REGEX]`. */
import { Command } from 'commander';
import type { HostResult } from '../../engine/results.js';
import { dfCommand, humanSize, parseDf } from '../../inspect/df.js';
import { matchProcesses, parsePs, PS_COMMAND } from '../../inspect/ps.js';
import { renderTable } from '../output/table.js';
import { addRunOptions } from '../run-options.js';
import type { AdhocOptions } from './adhoc-run.js';

function factOptions(command: Command): Command {
  return addRunOptions(command)
    .option('--json', 'the raw per-host results as JSON lines')
    .option('-o, --one-line', 'one line per failed host');
}

export function dfTable(results: HostResult[]): string {
  const rows = results.flatMap((r) => parseDf(r.stdout).map((d) => ({ host: r.host, ...d })));
  rows.sort((a, b) => b.usePercent - a.usePercent || (a.host < b.host ? -1 : a.host > b.host ? 1 : 0));
  return renderTable(
    ['HOST', 'FILESYSTEM', 'SIZE', 'USED', 'AVAIL', 'USE%', 'MOUNTED ON'],
    rows.map((d) => [d.host, d.filesystem, humanSize(d.sizeKb), humanSize(d.usedKb), humanSize(d.availableKb), `${d.usePercent}%`, d.mountedOn]),
    [2, 3, 4, 5],
  );
}

export function psTable(results: HostResult[], pattern: string): string {
  // on a host that shares this machine's process table, this very command must not match itself
  // (ps shows the interpreter as typed, so only the script and its arguments are compared)
  const self = process.argv.slice(1).join(' ');
  const rows = results.flatMap((r) => matchProcesses(parsePs(r.stdout), pattern, self).map((p) => ({ host: r.host, ...p })));
  const hostsWithout = results.filter((r) => !rows.some((row) => row.host === r.host)).map((r) => r.host);
  const table = renderTable(
    ['HOST', 'PID', 'USER', 'STARTED', 'COMMAND'],
    rows.map((p) => [p.host, String(p.pid), p.user, p.started, p.args]),
    [1],
  );
  return hostsWithout.length ? `${table}no matching process on: ${hostsWithout.join(', ')}\n` : table;
}

export function dfCommandLine(): Command {
  const command = new Command('df')
    .description('disk usage of a path on every host of a pattern, fullest first')
    .argument('<pattern>', 'host pattern, e.g. kafka_servers')
    .argument('[path]', 'path to check', '/');
  return factOptions(command).action(async (pattern: string, path: string, options: AdhocOptions) => {
    const { runFactCommand } = await import('./adhoc-run.js');
    process.exitCode = await runFactCommand(pattern, dfCommand(path), options, 'df', dfTable);
  });
}

export function psCommandLine(): Command {
  const command = new Command('ps')
    .description('processes whose command line matches a regex, on every host of a pattern (never the search itself)')
    .argument('<pattern>', 'host pattern')
    .argument('[regex]', 'regular expression matched against the full command line', '.');
  return factOptions(command).action(async (pattern: string, regex: string, options: AdhocOptions) => {
    try {
      new RegExp(regex);
    } catch (error) {
      const { OptionsError } = await import('../../errors.js');
      throw new OptionsError(`Invalid regular expression '${regex}': ${(error as Error).message}`);
    }
    const { runFactCommand } = await import('./adhoc-run.js');
    process.exitCode = await runFactCommand(pattern, PS_COMMAND, options, 'ps', (results) => psTable(results, regex));
  });
}
