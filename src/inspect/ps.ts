/**
 * The process table: `ps -eo pid=,ppid=,user:32=,lstart=,args=` run behind a marker that gives
 * the PID of ps itself (the shell `exec`s into ps), so the search never finds itself.
 */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  user: string;
  /** Start time as ps prints it (`Sun Nov 22 12:16:48 2026`), in the host's time zone. */
  started: string;
  args: string;
}

const MARKER = '__deployer_ps_pid=';

export const PS_COMMAND = `echo ${MARKER}$$; exec ps -eo pid=,ppid=,user:32=,lstart=,args=`;

const ROW = /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(\w{3} \w{3} [ \d]\d \d{2}:\d{2}:\d{2} \d{4})\s(.*)$/;

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
    processes.push({ pid: Number(m[1]), ppid: Number(m[2]), user: m[3], started: m[4].replace(/\s+/g, ' '), args: m[5] });
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
