/**
 * A local fleet of real OpenSSH servers on loopback, for tests, the demo and benchmarks.
 *
 * Each host gets its own 127.x.y.z address (all of 127.0.0.0/8 routes on `lo`), because SSH
 * tools key connections and known_hosts entries by address and port. One `sshd` serves up to 16
 * addresses (more ListenAddress lines pass `sshd -t` but make sshd die at start). Keys are fresh
 * ed25519 keys, authentication is by key only, and sessions run as a dedicated user with no
 * shell start-up files, so a remote command costs what it costs on a real server.
 * Processes are stopped by the PIDs this module started, and only those.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { execa } from 'execa';
import { alive, signal } from './processes.js';

export const SSHD = '/usr/sbin/sshd';
const ADDRESSES_PER_SSHD = 16;
const PORT = 2222;

/** The login users of a fleet: `user` may sudo without a password, `passwordUser` only with one. */
export const FLEET_USER = 'dfleet';
export const FLEET_PASSWORD_USER = 'dfleetpw';
export const FLEET_SUDO_PASSWORD = 'fleet-sudo-secret';

export interface FleetHost {
  name: string;
  address: string;
  port: number;
  installRoot: string;
  /** Index of the sshd process that serves this host. */
  server: number;
}

export interface FleetState {
  dir: string;
  user: string;
  hosts: FleetHost[];
  /** `pid` is the process to stop: sshd itself, or the `unshare` whose child it is. */
  servers: { pid: number; config: string; hostKey: string; log: string; pidNamespace?: boolean }[];
  clientKey: string;
  knownHosts: string;
  inventory: string;
}

export interface FleetOptions {
  dir: string;
  hosts: number;
  /** Second and third octets of the fleet's first address (127.A.B.n); fleets that coexist need distinct ones. */
  subnet?: [number, number];
  /** Groups of the generated inventory: name → host indexes (all hosts are also in `fleet`). */
  groups?: Record<string, number[]>;
  /** sshd's LogLevel (default ERROR); each server logs to sshd_N.log in the fleet folder. */
  logLevel?: 'ERROR' | 'INFO' | 'VERBOSE' | 'DEBUG1';
  /**
   * One sshd per host, each in its own PID namespace with its own /proc (root only): a host's
   * process table then holds only its own sessions, as on a real fleet. Benchmarks use it; by
   * default 16 hosts share one sshd and all of them this machine's process table.
   */
  ownProcessTable?: boolean;
}

const USERS_LOCK = '/run/lock/deployer-fleet-users';

async function ensureUser(name: string, sudoers: string, password?: string): Promise<void> {
  // one useradd at a time (under a lock, across test workers): two at once gave the user one uid and its home another's
  const added = await execa('flock', [USERS_LOCK, 'sh', '-c', 'id -u "$1" >/dev/null 2>&1 || useradd --create-home --shell /bin/bash "$1"', 'sh', name], { reject: false });
  if (added.exitCode !== 0) throw new Error(added.stderr);
  const [, , uid, gid, , home] = (await execa('getent', ['passwd', name])).stdout.split(':');
  // a home left by such a race belongs to nobody; it is the user's again
  if (fs.statSync(home).uid !== Number(uid)) await execa('chown', ['-R', `${uid}:${gid}`, home]);
  // No start-up files: a login that sources a heavy ~/.bashrc costs ~0.25 s of CPU per command.
  for (const file of ['.bashrc', '.profile', '.bash_logout']) fs.rmSync(path.join(home, file), { force: true });
  // set once: test files running side by side must not race for /etc/shadow's lock
  const shadow = (await execa('getent', ['shadow', name])).stdout.split(':')[1];
  if (password && (shadow.startsWith('!') || shadow === '*')) await execa('chpasswd', { input: `${name}:${password}\n` });
  // A new account is locked ('!'), and sshd without PAM refuses even key logins to locked accounts.
  else if (!password && shadow !== '*') await execa('usermod', ['-p', '*', name]);
  fs.mkdirSync('/etc/sudoers.d', { recursive: true });
  const sudoersFile = `/etc/sudoers.d/deployer-fleet-${name}`;
  if (!fs.existsSync(sudoersFile) || fs.readFileSync(sudoersFile, 'utf8') !== sudoers) fs.writeFileSync(sudoersFile, sudoers, { mode: 0o440 });
}

/** Creates the fleet's users (root only); without root the fleet logs in as the current user. */
async function prepareUsers(): Promise<string> {
  if (process.getuid?.() !== 0) return (await execa('id', ['-un'])).stdout;
  await ensureUser(FLEET_USER, `${FLEET_USER} ALL=(ALL) NOPASSWD: ALL\n`);
  await ensureUser(
    FLEET_PASSWORD_USER,
    `Defaults:${FLEET_PASSWORD_USER} lecture=never\n${FLEET_PASSWORD_USER} ALL=(ALL) ALL\n`,
    FLEET_SUDO_PASSWORD,
  );
  return FLEET_USER;
}

/** sshd reads authorized_keys as the login user, who must be able to reach the fleet folder. */
function assertTraversable(dir: string): void {
  for (let current = dir; ; current = path.dirname(current)) {
    if ((fs.statSync(current).mode & 0o001) === 0) {
      throw new Error(`the fleet folder must be reachable by other users, but ${current} is not (chmod o+x ${current})`);
    }
    if (current === path.dirname(current)) return;
  }
}

async function keygen(file: string, comment: string): Promise<string> {
  fs.rmSync(file, { force: true });
  fs.rmSync(`${file}.pub`, { force: true });
  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', comment, '-f', file]);
  return fs.readFileSync(`${file}.pub`, 'utf8').trim();
}

function sshdConfig(dir: string, server: number, hosts: FleetHost[], hostKey: string, pidFile: string, logLevel: string): string {
  return [
    ...hosts.map((h) => `ListenAddress ${h.address}:${h.port}`),
    `HostKey ${hostKey}`,
    `PidFile ${pidFile}`,
    `AuthorizedKeysFile ${path.join(dir, 'ssh', 'authorized_keys')}`,
    // The fleet lives in a temporary folder, whose parents sshd's strict checks would refuse.
    'StrictModes no',
    'PubkeyAuthentication yes',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    'UsePAM no',
    'PermitRootLogin prohibit-password',
    'AllowTcpForwarding yes',
    'Subsystem sftp internal-sftp',
    // Benchmarks open hundreds of connections at once; the default 10:30:100 would drop them.
    'MaxStartups 2000',
    'MaxSessions 200',
    'UseDNS no',
    'PrintMotd no',
    'PrintLastLog no',
    `LogLevel ${logLevel}`,
    `# fleet server ${server}`,
    '',
  ].join('\n');
}

let fleetsStarted = 0;

/** A subnet no other fleet of this process uses (each gets room for 1,000 hosts). */
function nextSubnet(): [number, number] {
  return [100 + (process.pid % 100), 4 * (fleetsStarted++ % 60)];
}

export function fleetStateFile(dir: string): string {
  return path.join(dir, 'fleet.json');
}

export function readFleet(dir: string): FleetState {
  return JSON.parse(fs.readFileSync(fleetStateFile(dir), 'utf8')) as FleetState;
}

export async function startFleet(options: FleetOptions): Promise<FleetState> {
  const dir = path.resolve(options.dir);
  // a fleet already recorded here is stopped first, so that no sshd is left without its PID file
  await stopFleet(dir);
  const [a, b] = options.subnet ?? nextSubnet();
  fs.mkdirSync(path.join(dir, 'ssh'), { recursive: true });
  fs.chmodSync(dir, 0o755);
  assertTraversable(path.dirname(dir));
  const user = await prepareUsers();

  const clientKey = path.join(dir, 'ssh', 'client_ed25519');
  fs.writeFileSync(path.join(dir, 'ssh', 'authorized_keys'), `${await keygen(clientKey, 'deployer-fleet-client')}\n`);
  fs.chmodSync(path.join(dir, 'ssh', 'authorized_keys'), 0o644);

  const perServer = options.ownProcessTable ? 1 : ADDRESSES_PER_SSHD;
  const hosts: FleetHost[] = [];
  for (let i = 0; i < options.hosts; i++) {
    const name = `host${String(i + 1).padStart(3, '0')}`;
    const installRoot = path.join(dir, 'hosts', name, 'opt');
    fs.mkdirSync(installRoot, { recursive: true });
    hosts.push({ name, address: `127.${a}.${b + Math.floor((i + 1) / 250)}.${((i + 1) % 250) + 1}`, port: PORT, installRoot, server: Math.floor(i / perServer) });
  }
  if (process.getuid?.() === 0) await execa('chown', ['-R', `${user}:`, path.join(dir, 'hosts')]);

  const servers: FleetState['servers'] = [];
  const knownHosts: string[] = [];
  const serverCount = Math.ceil(hosts.length / perServer);
  for (let s = 0; s < serverCount; s++) {
    const hostKey = path.join(dir, 'ssh', `host_ed25519_${s}`);
    const publicKey = (await keygen(hostKey, `fleet-server-${s}`)).split(' ').slice(0, 2).join(' ');
    const served = hosts.filter((h) => h.server === s);
    for (const h of served) knownHosts.push(`[${h.address}]:${h.port} ${publicKey}`);
    const config = path.join(dir, `sshd_${s}.conf`);
    const pidFile = path.join(dir, `sshd_${s}.pid`);
    fs.rmSync(pidFile, { force: true });
    fs.writeFileSync(config, sshdConfig(dir, s, served, hostKey, pidFile, options.logLevel ?? 'ERROR'));
    servers.push({ pid: 0, config, hostKey, log: path.join(dir, `sshd_${s}.log`) });
  }
  fs.writeFileSync(path.join(dir, 'known_hosts'), `${knownHosts.join('\n')}\n`);

  // sshd refuses to start without its privilege-separation folder (made by the service unit, not the package).
  if (process.getuid?.() === 0) fs.mkdirSync('/run/sshd', { recursive: true, mode: 0o755 });
  const flags = servers.length > 0 ? await reexecFlags(servers[0]!.config) : [];
  if (options.ownProcessTable) {
    if (process.getuid?.() !== 0) throw new Error('a fleet whose hosts have their own process table needs root (unshare --pid)');
    for (const server of servers) {
      server.pid = startInPidNamespace(server, flags);
      server.pidNamespace = true;
    }
    // sshd writes its PID file (its PID inside the namespace: 1) once its sockets are bound
    for (const [s, server] of servers.entries()) await waitForPid(path.join(dir, `sshd_${s}.pid`), server);
  } else {
    await Promise.all(servers.map((server) => startDetached(server, flags)));
    for (const [s, server] of servers.entries()) server.pid = await waitForPid(path.join(dir, `sshd_${s}.pid`), server);
  }

  const state: FleetState = {
    dir,
    user,
    hosts,
    servers,
    clientKey,
    knownHosts: path.join(dir, 'known_hosts'),
    inventory: path.join(dir, 'inventory'),
  };
  fs.writeFileSync(state.inventory, fleetInventory(state, options.groups ?? {}));
  fs.writeFileSync(fleetStateFile(dir), JSON.stringify(state, null, 2));
  return state;
}

type Server = FleetState['servers'][number];

/**
 * -r: no re-execution per connection, which makes each session cheaper for every client alike
 * (OpenSSH 9.8 dropped the flag; there sshd is started without it).
 */
async function reexecFlags(config: string): Promise<string[]> {
  const test = await execa(SSHD, ['-r', '-t', '-f', config], { reject: false });
  return /illegal option|unknown option/i.test(test.stderr) ? [] : ['-r'];
}

/** sshd detaches and writes its PID file once its sockets are bound. */
async function startDetached(server: Server, flags: string[]): Promise<void> {
  const started = await execa(SSHD, [...flags, '-f', server.config, '-E', server.log], { reject: false });
  if (started.exitCode !== 0) throw new Error(`sshd failed to start (${server.config}): ${started.stderr}${logOf(server)}`);
}

/**
 * sshd in the foreground (-D) as PID 1 of a new PID namespace with its own /proc. The PID kept
 * is unshare's: ending it kills sshd (--kill-child), and with it every process of the namespace.
 */
function startInPidNamespace(server: Server, flags: string[]): number {
  const log = fs.openSync(server.log, 'a');
  const child = spawn('unshare', ['--pid', '--fork', '--mount-proc', '--kill-child', SSHD, ...flags, '-D', '-f', server.config, '-E', server.log], {
    detached: true,
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  child.unref();
  if (!child.pid) throw new Error(`unshare failed to start sshd (${server.config})`);
  return child.pid;
}

function logOf(server: Server): string {
  return fs.existsSync(server.log) ? fs.readFileSync(server.log, 'utf8') : '';
}

async function waitForPid(pidFile: string, server: Server): Promise<number> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (fs.existsSync(pidFile)) {
      const pid = Number(fs.readFileSync(pidFile, 'utf8').trim());
      if (pid > 0) return pid;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`sshd did not write ${pidFile}${logOf(server) ? `: ${logOf(server)}` : ''}`);
}

/** An Ansible inventory of the fleet; Ansible and deployer both read it as is. */
export function fleetInventory(state: FleetState, groups: Record<string, number[]>): string {
  const line = (h: FleetHost) => `${h.name} ansible_host=${h.address} ansible_port=${h.port} install_root=${h.installRoot}`;
  return inventoryOf(state.hosts.map(line), state.hosts.map((h) => h.name), groups, state);
}

/** A local fleet's inventory (either kind): `[fleet]` with every host line, the groups, and how to log in. */
export function inventoryOf(hostLines: string[], names: string[], groups: Record<string, number[]>, login: { user: string; clientKey: string; knownHosts: string }): string {
  const sections = [`[fleet]`, ...hostLines, ''];
  for (const [group, members] of Object.entries(groups)) {
    sections.push(`[${group}]`, ...members.map((i) => names[i]), '');
  }
  sections.push(
    '[all:vars]',
    `ansible_user=${login.user}`,
    `ansible_ssh_private_key_file=${login.clientKey}`,
    `ansible_ssh_common_args='-o UserKnownHostsFile=${login.knownHosts} -o StrictHostKeyChecking=yes'`,
    'ansible_python_interpreter=/usr/bin/python3',
    '',
  );
  return sections.join('\n');
}

/** Stops the fleet's sshd processes, by the PIDs recorded when they started. */
export async function stopFleet(dir: string): Promise<void> {
  const file = fleetStateFile(dir);
  if (!fs.existsSync(file)) return;
  const state = readFleet(dir);
  await Promise.all(state.servers.map((server) => (server.pidNamespace ? stopNamespace(server.pid) : stopServer(server.pid))));
}

async function waitForExit(pids: number[]): Promise<boolean> {
  for (let attempt = 0; attempt < 100; attempt++) {
    if (!pids.some(alive)) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

export async function stopServer(pid: number): Promise<void> {
  if (!pid || !alive(pid)) return;
  signal(pid, 'SIGTERM');
  if (!(await waitForExit([pid]))) signal(pid, 'SIGKILL');
}

/**
 * unshare ignores SIGTERM while it waits for its child, so it gets SIGKILL, which --kill-child
 * passes on to sshd; PID 1's end ends every process of the namespace. Only an unshare is ended
 * (a PID recorded long ago may now be someone else's), and the call returns once sshd is gone.
 */
async function stopNamespace(pid: number): Promise<void> {
  let command = '';
  try {
    command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return; // already gone
  }
  if (!command.startsWith('unshare\0')) return;
  const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  signal(pid, 'SIGKILL');
  await waitForExit([pid, ...children]);
}
