/**
 * A local etcd cluster for tests, benchmarks and trying `state: etcd://…`: three members (or
 * `size`) on their own loopback addresses, 127.0.<network>.1…N (never 0.0.0.0), clients on 2379
 * and peers on 2380, data under /dev/shm (memory: no disk sync slows the tests), each stopped by
 * the PID it was started with. Short heartbeats (50 ms) and elections (500 ms) let a test watch a
 * leader die and the cluster go on in about a second.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { alive, signal } from './processes.js';

export interface EtcdMember {
  name: string;
  address: string;
  /** host:port, as `state: etcd://…` names it. */
  endpoint: string;
  dataDir: string;
  log: string;
  pid?: number;
}

export interface EtcdCluster {
  members: EtcdMember[];
  /** `etcd://a:2379,b:2379,c:2379/PREFIX` */
  url(prefix: string): string;
  /** The member that leads now, as the live members say. */
  leader(): Promise<EtcdMember>;
  /** Sends a signal to a member (SIGKILL: it dies at once); waits until it is gone when the signal ends it. */
  kill(member: EtcdMember, name?: NodeJS.Signals): Promise<void>;
  /** Starts a stopped member again on its data: it rejoins the cluster. */
  restart(member: EtcdMember): Promise<void>;
  stop(): Promise<void>;
}

const CLIENT_PORT = 2379;
const PEER_PORT = 2380;

export async function startEtcdCluster(options: { network: number; size?: number }): Promise<EtcdCluster> {
  const size = options.size ?? 3;
  const root = fs.mkdtempSync(path.join(fs.existsSync('/dev/shm') ? '/dev/shm' : '/tmp', `deployer-etcd-${options.network}-`));
  const members: EtcdMember[] = Array.from({ length: size }, (_, i) => {
    const address = `127.0.${options.network}.${i + 1}`;
    return { name: `m${i + 1}`, address, endpoint: `${address}:${CLIENT_PORT}`, dataDir: path.join(root, `m${i + 1}`), log: path.join(root, `m${i + 1}.log`) };
  });
  const initialCluster = members.map((m) => `${m.name}=http://${m.address}:${PEER_PORT}`).join(',');
  const launch = (member: EtcdMember) => {
    const out = fs.openSync(member.log, 'a');
    const child = spawn(
      'etcd',
      [
        `--name=${member.name}`,
        `--data-dir=${member.dataDir}`,
        `--listen-client-urls=http://${member.endpoint}`,
        `--advertise-client-urls=http://${member.endpoint}`,
        `--listen-peer-urls=http://${member.address}:${PEER_PORT}`,
        `--initial-advertise-peer-urls=http://${member.address}:${PEER_PORT}`,
        `--initial-cluster=${initialCluster}`,
        `--initial-cluster-token=deployer-${options.network}`,
        '--initial-cluster-state=new',
        '--heartbeat-interval=50',
        '--election-timeout=500',
        '--logger=zap',
      ],
      { stdio: ['ignore', out, out] },
    );
    fs.closeSync(out);
    member.pid = child.pid;
    child.unref();
  };
  const cluster: EtcdCluster = {
    members,
    url: (prefix) => `etcd://${members.map((m) => m.endpoint).join(',')}/${prefix}`,
    leader: async () => {
      for (const member of members.filter((m) => m.pid && alive(m.pid))) {
        const status = await memberStatus(member);
        const leader = status && members.find((m) => m.name === status.names.get(status.leader));
        if (leader) return leader;
      }
      throw new Error('no etcd member says which one leads');
    },
    kill: async (member, name = 'SIGKILL') => {
      if (!member.pid) return;
      signal(member.pid, name);
      if (name === 'SIGKILL' || name === 'SIGTERM') {
        await until(() => !alive(member.pid!), 10_000, `etcd ${member.name} (pid ${member.pid}) to end`);
        member.pid = undefined;
      }
    },
    restart: async (member) => {
      launch(member);
      await until(() => healthy(member), 20_000, `etcd ${member.name} to answer again`);
    },
    stop: async () => {
      for (const member of members) if (member.pid) signal(member.pid, 'SIGKILL');
      for (const member of members) if (member.pid) await until(() => !alive(member.pid!), 10_000, `etcd ${member.name} to end`);
      fs.rmSync(root, { recursive: true, force: true });
    },
  };
  members.forEach(launch);
  try {
    for (const member of members) await until(() => healthy(member), 30_000, `etcd ${member.name} on ${member.endpoint} to answer (its log: ${member.log})`);
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}

async function healthy(member: EtcdMember): Promise<boolean> {
  try {
    const answer = await fetch(`http://${member.endpoint}/health`, { signal: AbortSignal.timeout(1000) });
    return ((await answer.json()) as { health?: string }).health === 'true';
  } catch {
    return false;
  }
}

/** The leader's id, and every member's name by id (etcd's JSON gateway). */
async function memberStatus(member: EtcdMember): Promise<{ leader: string; names: Map<string, string> } | undefined> {
  try {
    const post = (route: string) => fetch(`http://${member.endpoint}${route}`, { method: 'POST', body: '{}', signal: AbortSignal.timeout(2000) }).then((r) => r.json());
    const status = (await post('/v3/maintenance/status')) as { leader: string };
    const list = (await post('/v3/cluster/member/list')) as { members: { ID: string; name: string }[] };
    return { leader: status.leader, names: new Map(list.members.map((m) => [m.ID, m.name])) };
  } catch {
    return undefined;
  }
}

async function until(check: () => boolean | Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
