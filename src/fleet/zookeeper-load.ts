/**
 * What a ZooKeeper ensemble's users see while it is rolled (the tests, the demo and the bench):
 * a writer on the controller (a real ZooKeeper client) creating a node every 50 ms and counting
 * the writes the ensemble acknowledged, and a sampler asking every server `srvr` every 200 ms
 * (down: nothing listens; serving: leader or follower).
 */
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import zookeeper from 'node-zookeeper-client';

export type ServerMode = 'leader' | 'follower' | 'down' | 'not serving';

/** A server's mode, as its `srvr` answer says. */
export function srvr(address: string, port: number): Promise<ServerMode> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = net.connect({ host: address, port, timeout: 1000 }, () => socket.write('srvr'));
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('timeout', () => socket.destroy());
    socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED' ? 'down' : 'not serving'));
    socket.on('close', () => {
      const mode = /^Mode: (\w+)/m.exec(answer)?.[1];
      resolve(mode === 'leader' || mode === 'follower' ? mode : 'not serving');
    });
  });
}

export interface Sample {
  at: number;
  modes: ServerMode[];
}

/** Samples every server every 200 ms until stopped. */
export function sampleEnsemble(servers: { address: string; port: number }[]): { stop(): Promise<Sample[]> } {
  const samples: Sample[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = Date.now();
      samples.push({ at: started, modes: await Promise.all(servers.map((s) => srvr(s.address, s.port))) });
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 200 - (Date.now() - started))));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return samples;
    },
  };
}

/** The runs of consecutive samples in which fewer than `quorum` servers serve: each one an election (or an outage). */
export function quorumGaps(samples: Sample[], quorum: number): { from: number; to: number }[] {
  const gaps: { from: number; to: number }[] = [];
  samples.forEach((sample, index) => {
    const serving = sample.modes.filter((m) => m === 'leader' || m === 'follower').length;
    if (serving >= quorum) return;
    const last = gaps.at(-1);
    if (last && index > 0 && last.to === samples[index - 1].at) last.to = sample.at;
    else gaps.push({ from: sample.at, to: sample.at });
  });
  return gaps;
}

const withTimeout = <T>(work: Promise<T>, ms: number): Promise<T> =>
  Promise.race([work, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms))]);

export interface Writer {
  /** Stops writing; the sequence numbers the ensemble acknowledged, and when. */
  stop(): Promise<{ acknowledged: number[]; attempts: number; longestGapMs: number }>;
  /** Every node under the writer's folder, read back. */
  readBack(): Promise<Set<number>>;
  close(): void;
}

/** Creates /deployer-writes/<run>/w-<n> every 50 ms through a client connected to every server (each writer a folder of its own). */
export async function startWriter(connect: string): Promise<Writer> {
  const client = zookeeper.createClient(connect, { sessionTimeout: 10_000, spinDelay: 100, retries: 0 });
  await withTimeout(new Promise<void>((resolve) => client.once('connected', () => resolve()) && client.connect()), 20_000);
  const call = <T>(fn: (cb: (error: unknown, result: T) => void) => void) =>
    withTimeout(new Promise<T>((resolve, reject) => fn((error, result) => (error ? reject(error) : resolve(result)))), 2000);
  const folder = `/deployer-writes/${randomUUID()}`;
  await call<string>((cb) => client.mkdirp(folder, cb));
  const acknowledged: number[] = [];
  const times: number[] = [Date.now()];
  let attempts = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = Date.now();
      const n = attempts++;
      try {
        await call<string>((cb) => client.create(`${folder}/w-${String(n).padStart(8, '0')}`, Buffer.from(String(n)), cb));
        acknowledged.push(n);
        times.push(Date.now());
      } catch {
        // not acknowledged: a later attempt goes on
      }
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, 50 - (Date.now() - started))));
    }
    times.push(Date.now());
  })();
  return {
    async stop() {
      running = false;
      await loop;
      const gaps = times.slice(1).map((t, i) => t - times[i]);
      return { acknowledged, attempts, longestGapMs: Math.max(...gaps) };
    },
    async readBack() {
      const children = await call<string[]>((cb) => client.getChildren(folder, (error, names) => cb(error, names)));
      return new Set(children.map((name) => Number(name.slice(2))));
    },
    close: () => client.close(),
  };
}
