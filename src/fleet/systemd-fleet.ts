/**
 * A fleet of real systemd hosts on one machine: containers booted with systemd-nspawn, systemd as
 * PID 1, their own process table, sshd on their own loopback address (127.0.50.N:2222, never
 * 0.0.0.0; the network is the machine's). Every host boots the cached root filesystem of
 * bin/systemd-rootfs.sh through an overlay of its own (hostname, ssh host keys, listen address,
 * the client's key), in a cgroup of its own, so that it can be stopped by PID and cleaned up.
 * Recipe and measured costs: ../shared/reference/systemd-fleet.md.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { execa } from 'execa';
import { inventoryOf } from './fleet.js';
import { alive, signal } from './processes.js';

export const SYSTEMD_FLEET_USER = 'dfleet';
const PORT = 2222;
const USER_UID = 1000;

export interface SystemdHost {
  name: string;
  address: string;
  port: number;
  /** PID of the systemd-nspawn process that runs this host, and its machine name. */
  pid: number;
  machine: string;
  upper: string;
  cgroups: string[];
}

export interface SystemdFleetState {
  dir: string;
  user: string;
  rootfs: string;
  hosts: SystemdHost[];
  clientKey: string;
  knownHosts: string;
  inventory: string;
}

export interface SystemdFleetOptions {
  dir: string;
  hosts: number;
  /** Groups of the generated inventory: name → host indexes (all hosts are also in `fleet`). */
  groups?: Record<string, number[]>;
  /** The root filesystem; built (or found in the cache) by bin/systemd-rootfs.sh otherwise. */
  rootfs?: string;
  /** The third octet of the hosts' addresses (127.0.<network>.N), so that fleets can run side by side; 50 unless set. */
  network?: number;
  /** Hosts with a Java runtime and ZooKeeper's libraries (a root filesystem of their own). */
  java?: boolean;
}

const stateFile = (dir: string) => path.join(dir, 'systemd-fleet.json');
const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

export async function buildRootfs(java = false): Promise<string> {
  const built = await execa('bash', [path.join(repoRoot, 'bin/systemd-rootfs.sh'), ...(java ? ['--java'] : [])], { reject: false });
  if (built.exitCode !== 0) throw new Error(`building the systemd fleet's root filesystem failed:\n${built.stderr}`);
  return built.stdout.trim().split('\n').at(-1)!;
}

async function keygen(file: string): Promise<string> {
  fs.rmSync(file, { force: true });
  fs.rmSync(`${file}.pub`, { force: true });
  await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'deployer-systemd-fleet', '-f', file]);
  return fs.readFileSync(`${file}.pub`, 'utf8').trim();
}

/** The overlay of one host: what makes it itself on top of the shared root filesystem. */
async function prepareUpper(upper: string, name: string, address: string, clientPublicKey: string): Promise<string> {
  fs.mkdirSync(path.join(upper, 'etc/ssh/sshd_config.d'), { recursive: true });
  fs.writeFileSync(path.join(upper, 'etc/hostname'), `${name}\n`);
  fs.writeFileSync(path.join(upper, 'etc/hosts'), `127.0.0.1 localhost\n${address} ${name}\n`);
  fs.writeFileSync(path.join(upper, 'etc/ssh/sshd_config.d/10-listen.conf'), `ListenAddress ${address}:${PORT}\n`);
  await execa('ssh-keygen', ['-A', '-f', upper]);
  const ssh = path.join(upper, 'home', SYSTEMD_FLEET_USER, '.ssh');
  fs.mkdirSync(ssh, { recursive: true, mode: 0o700 });
  fs.writeFileSync(path.join(ssh, 'authorized_keys'), `${clientPublicKey}\n`, { mode: 0o600 });
  for (const target of [path.dirname(ssh), ssh, path.join(ssh, 'authorized_keys')]) fs.chownSync(target, USER_UID, USER_UID);
  const hostKey = fs.readFileSync(path.join(upper, 'etc/ssh/ssh_host_ed25519_key.pub'), 'utf8').trim().split(' ').slice(0, 2).join(' ');
  return `[${address}]:${PORT} ${hostKey}`;
}

/** A cgroup per container in each hierarchy nspawn needs (two nspawns in one cgroup share a payload tree). */
function makeCgroups(id: string): string[] {
  return ['systemd', 'unified'].map((hierarchy) => {
    const dir = path.join('/sys/fs/cgroup', hierarchy, id);
    fs.mkdirSync(dir, { recursive: true });
    return dir;
  });
}

function boot(rootfs: string, upper: string, machine: string, cgroups: string[], log: string): number {
  // the wrapper joins the container's cgroups first, then becomes systemd-nspawn (same PID)
  const join = cgroups.map((dir) => `echo $$ > ${dir}/cgroup.procs`).join('; ');
  const out = fs.openSync(log, 'a');
  const child = spawn('sh', ['-c', `${join}; exec systemd-nspawn -D "$0" --overlay="$0:$1:/" -M "$2" -b --register=no --keep-unit --console=pipe`, rootfs, upper, machine], {
    detached: true,
    stdio: ['ignore', out, out],
  });
  child.unref();
  fs.closeSync(out);
  if (!child.pid) throw new Error(`systemd-nspawn did not start for ${machine}`);
  return child.pid;
}

async function waitForSsh(address: string, port: number, pid: number, log: string, boundMs = 60_000): Promise<void> {
  const deadline = Date.now() + boundMs;
  for (;;) {
    const banner = await new Promise<string>((resolve) => {
      const socket = net.connect(port, address);
      let text = '';
      socket.setTimeout(1000, () => socket.destroy());
      socket.on('data', (d) => {
        text += d.toString();
        socket.destroy();
      });
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(''));
    });
    if (banner.startsWith('SSH-')) return;
    try {
      process.kill(pid, 0);
    } catch {
      throw new Error(`the container for ${address} exited while booting:\n${fs.existsSync(log) ? fs.readFileSync(log, 'utf8').slice(-2000) : ''}`);
    }
    if (Date.now() > deadline) throw new Error(`sshd on ${address}:${port} did not answer within ${boundMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** inotify instances one booted container uses (systemd, journald, logind, dbus...), with room to spare. */
const INOTIFY_PER_HOST = 6;
const INOTIFY_LIMIT = '/proc/sys/fs/inotify/max_user_instances';

/**
 * Every container's systemd takes inotify instances from the same per-user limit (128 by
 * default: about 22 containers); past it, nspawn fails at boot with a message about its
 * propagation folder that hides why. Said plainly before any container boots.
 */
function assertInotifyRoom(hosts: number): void {
  const limit = Number(fs.readFileSync(INOTIFY_LIMIT, 'utf8'));
  const needed = 10 + hosts * INOTIFY_PER_HOST;
  if (needed > limit) throw new Error(`${hosts} containers need ${INOTIFY_LIMIT} of at least ${needed} (it is ${limit}): sysctl -w fs.inotify.max_user_instances=${needed}, and put it back afterwards`);
}

export async function startSystemdFleet(options: SystemdFleetOptions): Promise<SystemdFleetState> {
  if (process.getuid?.() !== 0) throw new Error('the systemd fleet needs root (systemd-nspawn, cgroups)');
  const { dir } = options;
  fs.mkdirSync(dir, { recursive: true });
  if (fs.existsSync(stateFile(dir))) await stopSystemdFleet(dir);
  assertInotifyRoom(options.hosts);
  const rootfs = options.rootfs ?? (await buildRootfs(options.java));
  const clientKey = path.join(dir, 'client_ed25519');
  const clientPublic = await keygen(clientKey);
  const id = `deployer-${process.pid}-${path.basename(dir)}`;
  const state: SystemdFleetState = { dir, user: SYSTEMD_FLEET_USER, rootfs, hosts: [], clientKey, knownHosts: path.join(dir, 'known_hosts'), inventory: path.join(dir, 'inventory') };
  const knownHosts: string[] = [];
  try {
    for (let i = 0; i < options.hosts; i++) {
      const name = `node${String(i + 1).padStart(2, '0')}`;
      const address = `127.0.${options.network ?? 50}.${i + 1}`;
      const upper = path.join(dir, 'hosts', name);
      fs.rmSync(upper, { recursive: true, force: true });
      knownHosts.push(await prepareUpper(upper, name, address, clientPublic));
      const cgroups = makeCgroups(`${id}-${name}`);
      const machine = `${id}-${name}`.slice(0, 64);
      const pid = boot(rootfs, upper, machine, cgroups, path.join(dir, `${name}.log`));
      state.hosts.push({ name, address, port: PORT, pid, machine, upper, cgroups });
      fs.writeFileSync(stateFile(dir), JSON.stringify(state, null, 2));
    }
    await Promise.all(state.hosts.map((h) => waitForSsh(h.address, h.port, h.pid, path.join(dir, `${h.name}.log`))));
  } catch (error) {
    await stopSystemdFleet(dir);
    throw error;
  }
  fs.writeFileSync(state.knownHosts, `${knownHosts.join('\n')}\n`);
  fs.writeFileSync(state.inventory, systemdFleetInventory(state, options.groups ?? {}));
  return state;
}

/** Where nspawn keeps a machine's mount propagation folder (it removes it on a clean exit). */
const propagateDir = (machine: string) => path.join('/run/systemd/nspawn/propagate', machine);

export function systemdFleetInventory(state: SystemdFleetState, groups: Record<string, number[]>): string {
  const line = (h: SystemdHost) => `${h.name} ansible_host=${h.address} ansible_port=${h.port}`;
  return inventoryOf(state.hosts.map(line), state.hosts.map((h) => h.name), groups, state);
}

/** A cgroup and every cgroup below it (systemd inside a container makes its own), deepest first. */
function cgroupTree(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  const children = fs.readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory()).flatMap((e) => cgroupTree(path.join(dir, e.name)));
  return [...children, dir];
}

async function removeCgroupTree(dir: string): Promise<void> {
  for (const group of cgroupTree(dir)) {
    // a cgroup can be removed once its last process is gone, which may take a moment after KILL
    for (let attempt = 0; attempt < 50 && fs.existsSync(group); attempt++) {
      try {
        fs.rmdirSync(group);
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
}

/** Shuts every host down (TERM to its nspawn: a clean poweroff); after 15 s, KILL what is left in its cgroups. */
export async function stopSystemdFleet(dir: string): Promise<void> {
  if (!fs.existsSync(stateFile(dir))) return;
  const state = JSON.parse(fs.readFileSync(stateFile(dir), 'utf8')) as SystemdFleetState;
  await Promise.all(
    state.hosts.map(async (host) => {
      if (alive(host.pid)) {
        signal(host.pid, 'SIGTERM');
        for (let waited = 0; waited < 15_000 && alive(host.pid); waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      for (const cgroup of host.cgroups) {
        for (const group of cgroupTree(cgroup)) {
          const procs = path.join(group, 'cgroup.procs');
          for (const pid of fs.existsSync(procs) ? fs.readFileSync(procs, 'utf8').split('\n').filter(Boolean).map(Number) : []) signal(pid, 'SIGKILL');
        }
      }
      for (const cgroup of host.cgroups) await removeCgroupTree(cgroup);
      // a killed nspawn leaves its propagation folder behind
      if (host.machine) fs.rmSync(propagateDir(host.machine), { recursive: true, force: true });
    }),
  );
  fs.rmSync(stateFile(dir), { force: true });
}
