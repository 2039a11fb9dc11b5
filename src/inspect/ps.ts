/**
 * The process table: `ps -eo pid=,ppid=,user:32=,lstart=,args=` run behind a marker that gives
 * the PID of ps itself (the shell `exec`s into ps), so the search never finds itself.
 * ps runs with LC_ALL=C and TZ=UTC0, so its start times read the same on every host, whatever
 * its locale and time zone, and are reported as ISO 8601 UTC (`2026-12-01T09:05:03Z`).
 */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  user: string;
  /** Start time, ISO 8601 in UTC, to the second (`2026-12-01T09:05:03Z`). */
  started: string;
  args: string;
}

const MARKER = '__deployer_ps_pid=';

export const PS_COMMAND = `echo ${MARKER}$$; LC_ALL=C TZ=UTC0 exec ps -eo pid=,ppid=,user:32=,lstart=,args=`;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** `lstart` in the C locale: weekday, month, day padded to two columns, time, year. */
const LSTART = String.raw`\w{3} (\w{3}) +(\d{1,2}) (\d{2}):(\d{2}):(\d{2}) (\d{4})`;
const ROW = new RegExp(String.raw`^\s*(\d+)\s+(\d+)\s+(\S+)\s+${LSTART}\s(.*)$`);

/** `Tue Dec  1 09:05:03 2026` (ps's lstart, in UTC) as `2026-12-01T09:05:03Z`; null when it is not one. */
export function lstartToIso(text: string): string | null {
  const m = new RegExp(`^${LSTART}$`).exec(text.trim());
  return m ? isoFromParts(m.slice(1, 7)) : null;
}

function isoFromParts([month, day, hours, minutes, seconds, year]: string[]): string | null {
  const index = MONTHS.indexOf(month);
  if (index < 0) return null;
  return `${year}-${String(index + 1).padStart(2, '0')}-${day.padStart(2, '0')}T${hours}:${minutes}:${seconds}Z`;
}

export function parsePs(output: string): ProcessInfo[] {
  let self = -1;
  const processes: ProcessInfo[] = [];
  for (const line of output.split('\n')) {
    if (line.startsWith(MARKER)) {
      self = Number(line.slice(MARKER.length));
      continue;
    }
    const m = ROW.exec(line);
    if (!m) continue;
    const started = isoFromParts(m.slice(4, 10));
    if (started === null) continue;
    processes.push({ pid: Number(m[1]), ppid: Number(m[2]), user: m[3], started, args: m[10] });
  }
  return processes.filter((p) => p.pid !== self);
}

/**
 * Processes whose command line matches; kernel threads (`[kthreadd]`) are never matched, nor is
 * the searching command itself when the host shares its process table (`ignore`: the end of its command line).
 */
export function matchProcesses(processes: ProcessInfo[], pattern: string, ignore?: string): ProcessInfo[] {
  const re = new RegExp(pattern);
  return processes.filter((p) => !/^\[.*\]$/.test(p.args) && !(ignore && p.args.endsWith(ignore)) && re.test(p.args));
}
