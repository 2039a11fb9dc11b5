/**
 * Everything `deployer status` needs from a host, in one command (one round trip, whatever the
 * number of components): what systemd would start (the units, and the start scripts of
 * deployer's units, which name the release), what does run (the processes
 * pointing into the install root, and the units' main processes), and when the files a restart
 * would pick up last changed (unit files, drop-ins, configuration files, patch folders).
 *
 * Times are compared on the host itself: a process's start is `now - uptime + its start ticks`,
 * read from /proc at the same instant as `now`, so it is exact to the clock tick and needs no
 * agreement between the controller's clock and the host's. Every line deployer reads begins with
 * a marker, which also keeps the probe's own processes out of the process table it reports.
 */
import { parseSystemctlShow, UNIT_PROPERTIES, unitName, type UnitState } from './systemd.js';

const MARK = '__deployer_status__';
/** Linux's USER_HZ, the unit of a process's start time in /proc/PID/stat. */
const CLOCK_TICKS = 100;

export interface ProbeRequest {
  installRoot: string;
  /** systemd unit names, with or without `.service`. */
  units: string[];
  /** Patch folders whose presence and age matter. */
  patchDirs: string[];
  /** Files relative to a release folder (configuration), looked for in every release. */
  releaseFiles: string[];
}

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/** `find -path` reads its argument as a glob: a folder's name must match only itself. */
const globLiteral = (value: string) => value.replace(/[*?[\]\\]/g, '\\$&');

/** A POSIX shell command (GNU find, procps ps, /proc) whose output `parseProbe` reads. */
export function probeCommand(request: ProbeRequest): string {
  const units = request.units.map((u) => quote(unitName(u))).join(' ');
  const root = request.installRoot.replace(/\/+$/, '');
  const releaseFiles = request.releaseFiles.map((f) => `${quote(root)}/*/${quote(f)}`).join(' ');
  const patchDirs = request.patchDirs.map(quote).join(' ');
  const inPatchDir = request.patchDirs
    .flatMap((d) => [`-path ${quote(globLiteral(d))}`, `-path ${quote(`${globLiteral(d)}/*`)}`])
    .join(' -o ');
  // Few processes per host: on a big fleet each fork and exec counts (under bash, a probe that
  // finds no process runs systemctl, find and grep, nothing else). The shell's own read, case,
  // cd and printf parse what they can; one find stats every file and patch folder. The clock:
  // bash (5+) has it in $EPOCHREALTIME, other shells ask date.
  const lines = [
    `m=${MARK}`,
    `read up _ < /proc/uptime`,
    `echo "$m now \${EPOCHREALTIME:-$(date +%s.%N)} $up"`,
    // one systemctl call: the unit files, drop-ins and main PIDs below come from its answer
    `u=$(LC_ALL=C systemctl show --no-pager -p ${UNIT_PROPERTIES.join(',')} -- ${units || 'none.service'} 2>&1); rc=$?`,
    ...(units ? [`echo "$m units"`, `printf '%s\\n' "$u"`, `echo "$m systemctl $rc"`] : []),
    `files=; pids=; starts=`,
    `while IFS= read -r l; do case $l in FragmentPath=?*|DropInPaths=?*) files="$files \${l#*=}";; MainPID=0) ;; MainPID=*) pids="$pids,\${l#*=}";; ` +
      // a deployer unit runs its component's start script, which names the release
      `ExecStart=*path=${quote(root)}/.deployer/*/start\\ \\;*) s=\${l#*path=}; starts="$starts \${s%% ;*}";; esac; done <<EOF`,
    `$u`,
    `EOF`,
    `for s in $starts; do [ -f "$s" ] && while IFS= read -r l; do case $l in 'cd '*|'exec '*) printf '%s start %s %s\\n' "$m" "$s" "$l";; esac; done < "$s"; done`,
    `files="$files $starts"`,
    `for d in ${quote(root)}/*/; do [ -d "$d" ] && printf '%s release %s\\n' "$m" "$d"; done`,
    // (find with no path would look at the current folder; -prune: a file asked for is not searched)
    `set -- $files ${releaseFiles} ${patchDirs}; [ "$#" = 0 ] || find "$@" -maxdepth 1 ` +
      (inPatchDir ? `\\( ${inPatchDir} \\) -printf "$m patch %T@ %d %p\\n" -o ` : '') +
      `-printf "$m file %T@ %p\\n" -prune 2>/dev/null`,
    // the main processes of the units, and every process whose command line names the install
    // root: grep reads the command lines (far cheaper than ps -e on a busy host), ps describes the
    // few found. The pattern comes on grep's input, so that grep's command line does not match;
    // this probe's own shells (their first line is the marker's) are left out before ps is run.
    `for f in $(grep -l -F -a -f - /proc/[0-9]*/cmdline 2>/dev/null <<'EOF'`,
    `${root}/`,
    `EOF`,
    `); do f=\${f#/proc/}; f=\${f%/cmdline}; c=; read -r c < /proc/$f/cmdline 2>/dev/null; case $c in *"$m"*) ;; ?*) pids="$pids,$f";; esac; done`,
    // ps prints a command line on one line: any of this probe's processes left is seen there
    `[ -z "$pids" ] || LC_ALL=C ps -o pid=,ppid=,user:32=,args= -p "\${pids#,}" | ` +
      `while read -r pid rest; do case $rest in *"$m"*) continue;; esac; t=-; if read -r st 2>/dev/null < /proc/$pid/stat; then set -- \${st##*) }; t=\${20}; fi; printf '%s proc %s %s %s\\n' "$m" "$pid" "$t" "$rest"; cd -P /proc/$pid/cwd 2>/dev/null && printf '%s cwd %s %s\\n' "$m" "$pid" "$PWD"; done`,
    'true',
  ];
  return lines.join('\n');
}

export interface ProbeProcess {
  pid: number;
  ppid: number;
  user: string;
  args: string;
  /** Start time, seconds since the epoch (host clock); undefined when /proc did not say. */
  started?: number;
  /** Its working directory, when readable (own processes, or as root). */
  cwd?: string;
}

export interface PatchFolder {
  dir: string;
  files: string[];
  /** The newest change in it (the folder itself or a file in it), seconds since the epoch. */
  changed: number;
}

export interface HostProbe {
  /** The units, or why systemd could not say (no systemd on the host). */
  systemd: { units: UnitState[] } | { error: string };
  /** The folders under the install root (release folders, and others such as a patch folder's). */
  releases: string[];
  /** path → modification time (seconds since the epoch) of the unit files, drop-ins and release files found. */
  files: Map<string, number>;
  patches: PatchFolder[];
  processes: ProbeProcess[];
  /** A deployer unit's start script (the path its ExecStart runs) → its `cd` and `exec` lines. */
  startScripts: Map<string, string[]>;
}

export function parseProbe(output: string): HostProbe {
  const files = new Map<string, number>();
  const patches = new Map<string, PatchFolder>();
  const processes: ProbeProcess[] = [];
  const releases: string[] = [];
  const cwds = new Map<number, string>();
  const startScripts = new Map<string, string[]>();
  let clock: { now: number; uptime: number; ticks: number } | undefined;
  let unitLines: string[] | undefined;
  let systemd: HostProbe['systemd'] = { error: 'systemctl was not asked' };
  for (const line of output.split('\n')) {
    if (!line.startsWith(`${MARK} `)) {
      unitLines?.push(line);
      continue;
    }
    const [kind, ...rest] = line.slice(MARK.length + 1).split(' ');
    const tail = (n: number) => rest.slice(n).join(' ');
    // (bash writes $EPOCHREALTIME with the locale's decimal point; an older probe also printed
    // getconf CLK_TCK, which is USER_HZ: 100 on every architecture Debian supports)
    if (kind === 'now') clock = { now: Number(rest[0].replace(',', '.')), uptime: Number(rest[1]), ticks: Number(rest[2]) || CLOCK_TICKS };
    else if (kind === 'units') unitLines = [];
    else if (kind === 'systemctl') {
      const text = (unitLines ?? []).join('\n');
      systemd = rest[0] === '0' ? { units: parseSystemctlShow(text) } : { error: text.trim().split('\n')[0] || `systemctl exited with ${rest[0]}` };
      unitLines = undefined;
    } else if (kind === 'file') files.set(tail(1), Number(rest[0]));
    else if (kind === 'patch') {
      // find prints the folder itself first (depth 0), then what is in it (depth 1)
      const [changed, depth, entry] = [Number(rest[0]), rest[1], tail(2)];
      if (depth === '0') patches.set(entry, { dir: entry, files: [], changed });
      const folder = depth === '0' ? patches.get(entry) : [...patches.values()].at(-1);
      if (!folder) continue;
      if (depth !== '0') folder.files.push(entry.slice(folder.dir.length + 1));
      folder.changed = Math.max(folder.changed, changed);
    } else if (kind === 'proc') {
      // pid, start ticks, then ps's columns: ppid, user (padded), args
      const m = /^(\d+) (\S+) +(\d+) +(\S+) +(.*)$/.exec(tail(0));
      if (!m) continue;
      const [, pid, ticks, ppid, user, args] = m;
      const started = clock && /^\d+$/.test(ticks) ? clock.now - clock.uptime + Number(ticks) / clock.ticks : undefined;
      processes.push({ pid: Number(pid), ppid: Number(ppid), user, args, ...(started !== undefined ? { started } : {}) });
    } else if (kind === 'release') {
      const folder = tail(0).replace(/\/+$/, '').split('/').at(-1);
      if (folder) releases.push(folder);
    } else if (kind === 'cwd') cwds.set(Number(rest[0]), tail(1));
    else if (kind === 'start') startScripts.set(rest[0], [...(startScripts.get(rest[0]) ?? []), tail(1)]);
  }
  for (const process of processes) if (cwds.has(process.pid)) process.cwd = cwds.get(process.pid);
  for (const folder of patches.values()) folder.files.sort();
  return { systemd, releases, files, patches: [...patches.values()], processes, startScripts };
}
