/**
 * SSH connections on ssh2: one connection per host, opened once and reused for every command
 * of a run. Host keys are checked against known_hosts files (strict by default, as Ansible's
 * host_key_checking); jump hosts are reached by ssh2's own port forwarding, without the OpenSSH
 * client.
 */
import fs from 'node:fs';
import ssh2, { type AuthenticationType, type Client, type ConnectConfig } from 'ssh2';
import { KnownHosts, knownHostsName, keyType } from './known-hosts.js';
import type { JumpHost } from './ssh-args.js';
import { ConnectError, OutputCollector, type CommandResult, type Connection, type ExecOptions, type Session } from './types.js';

export interface SshSettings {
  host: string;
  address: string;
  port: number;
  user: string;
  privateKeyFiles: string[];
  password?: string;
  agentSocket?: string;
  connectTimeoutMs: number;
  hostKeyChecking: 'strict' | 'accept-new' | 'off';
  knownHostsFiles: string[];
  jumpHosts: JumpHost[];
}

type AuthMethod = Exclude<ConnectConfig['authHandler'], undefined | ((...args: never[]) => unknown)> extends (infer T)[] ? T : never;

const { Client: SshClient, utils } = ssh2;

type ParsedKey = Exclude<ReturnType<typeof utils.parseKey>, Error | unknown[]>;
const keyCache = new Map<string, ParsedKey | undefined>();

/** A private key file, parsed once per run; unreadable or encrypted keys are skipped like OpenSSH does. */
function loadKey(file: string): ParsedKey | undefined {
  if (!keyCache.has(file)) {
    let parsed: ReturnType<typeof utils.parseKey> | undefined;
    try {
      parsed = utils.parseKey(fs.readFileSync(file));
    } catch {
      parsed = undefined;
    }
    keyCache.set(file, parsed instanceof Error || Array.isArray(parsed) ? undefined : (parsed as ParsedKey | undefined));
  }
  return keyCache.get(file);
}

function authMethods(settings: SshSettings, user: string): AuthMethod[] {
  const methods: AuthMethod[] = [];
  for (const file of settings.privateKeyFiles) {
    const key = loadKey(file);
    if (key) methods.push({ type: 'publickey', username: user, key } as AuthMethod);
  }
  if (settings.agentSocket) methods.push({ type: 'agent', username: user, agent: settings.agentSocket } as AuthMethod);
  if (settings.password !== undefined) methods.push({ type: 'password', username: user, password: settings.password } as AuthMethod);
  if (methods.length === 0) methods.push({ type: 'none', username: user } as AuthMethod);
  return methods;
}

interface Hop {
  address: string;
  port: number;
  user: string;
}

function connectHop(settings: SshSettings, hop: Hop, knownHosts: KnownHosts, sock?: NodeJS.ReadableStream): Promise<Client> {
  return new Promise((resolve, reject) => {
    const client = new SshClient();
    let hostKeyProblem: string | undefined;
    let settled = false;
    const where = `${hop.user}@${hop.address}:${hop.port}`;
    const fail = (kind: ConstructorParameters<typeof ConnectError>[0], message: string) => {
      if (settled) return;
      settled = true;
      client.end();
      reject(new ConnectError(kind, message));
    };
    client.once('ready', () => {
      settled = true;
      resolve(client);
    });
    // ssh2 may emit more errors after the first (or after the connection is up): they are
    // reported through the exec that notices the dead connection, never as a crash.
    client.on('error', (error: Error & { level?: string; code?: string }) => {
      if (hostKeyProblem) return fail('host-key', `Host key verification failed: ${hostKeyProblem}`);
      if (error.level === 'client-timeout') return fail('timeout', `Connection timed out during banner exchange to ${where}`);
      if (error.level === 'client-authentication') return fail('auth', `${where}: Permission denied (no configured authentication method was accepted)`);
      if (error.code === 'ECONNREFUSED') return fail('refused', `connect to host ${hop.address} port ${hop.port}: Connection refused`);
      if (error.code === 'ETIMEDOUT' || error.code === 'EHOSTUNREACH') return fail('timeout', `connect to host ${hop.address} port ${hop.port}: ${error.message}`);
      return fail('network', `${where}: ${error.message}`);
    });
    const methods = authMethods(settings, hop.user);
    try {
      client.connect({
        host: hop.address,
        port: hop.port,
        username: hop.user,
        sock: sock as ConnectConfig['sock'],
        readyTimeout: settings.connectTimeoutMs,
        authHandler: methods as unknown as AuthenticationType[],
        hostVerifier: (key: Buffer) => {
          if (settings.hostKeyChecking === 'off') return true;
          const verdict = knownHosts.verify(hop.address, hop.port, key);
          if (verdict.ok) return true;
          if (verdict.reason === 'unknown' && settings.hostKeyChecking === 'accept-new') {
            learnHostKey(settings.knownHostsFiles[0], hop, key);
            return true;
          }
          hostKeyProblem = verdict.message;
          return false;
        },
      });
    } catch (error) {
      fail('config', `${where}: ${(error as Error).message}`);
    }
  });
}

function learnHostKey(file: string | undefined, hop: Hop, key: Buffer): void {
  if (!file) return;
  fs.appendFileSync(file, `${knownHostsName(hop.address, hop.port)} ${keyType(key)} ${key.toString('base64')}\n`);
}

function forward(client: Client, address: string, port: number): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => {
    client.forwardOut('127.0.0.1', 0, address, port, (error, stream) => {
      if (error) reject(new ConnectError('network', `jump host could not open a channel to ${address}:${port}: ${error.message}`));
      else resolve(stream);
    });
  });
}

export class SshConnection implements Connection {
  private constructor(
    readonly host: string,
    private readonly client: Client,
    private readonly jumps: Client[],
  ) {}

  static async open(settings: SshSettings): Promise<SshConnection> {
    const knownHosts = KnownHosts.cached(settings.knownHostsFiles);
    const jumps: Client[] = [];
    try {
      let sock: NodeJS.ReadableStream | undefined;
      for (const jump of settings.jumpHosts) {
        const client = await connectHop(settings, { address: jump.host, port: jump.port, user: jump.user ?? settings.user }, knownHosts, sock);
        jumps.push(client);
        const next = settings.jumpHosts[jumps.length] ?? { host: settings.address, port: settings.port };
        sock = await forward(client, next.host, next.port);
      }
      const client = await withTimeout(
        connectHop(settings, { address: settings.address, port: settings.port, user: settings.user }, knownHosts, sock),
        settings.connectTimeoutMs + 1000,
        `Connection timed out to ${settings.address}:${settings.port}`,
      );
      return new SshConnection(settings.host, client, jumps);
    } catch (error) {
      for (const jump of jumps) jump.end();
      throw error;
    }
  }

  /** Commands running now: an interrupt has something to stop only then. */
  private running = 0;

  exec(command: string, options: ExecOptions = {}): Promise<CommandResult> {
    this.running++;
    return this.run(command, options).finally(() => this.running--);
  }

  private run(command: string, options: ExecOptions): Promise<CommandResult> {
    const started = Date.now();
    return new Promise((resolve, reject) => {
      const lost = () => reject(new ConnectError('network', 'the connection was lost while the command ran'));
      this.client.once('close', lost);
      this.client.exec(command, (error, channel) => {
        if (error) {
          reject(new ConnectError('network', `could not open a session channel: ${error.message}`));
          return;
        }
        const output = new OutputCollector(options.respond, (data) => channel.write(data), () => channel.end());
        let exitCode: number | null = null;
        let signal: string | undefined;
        let timedOut = false;
        const timer = options.timeoutMs
          ? setTimeout(() => {
              timedOut = true;
              channel.signal('KILL');
              channel.close();
            }, options.timeoutMs)
          : undefined;
        channel.on('data', (chunk: Buffer) => output.onStdout(chunk));
        channel.stderr.on('data', (chunk: Buffer) => output.onStderr(chunk));
        channel.on('exit', (code: number | null, signalName?: string) => {
          exitCode = code;
          signal = signalName ?? undefined;
        });
        channel.on('close', () => {
          if (timer) clearTimeout(timer);
          this.client.removeListener('close', lost);
          resolve(output.result(exitCode, signal, started, timedOut));
        });
        if (options.stdin !== undefined) channel.write(options.stdin);
        if (!options.respond) channel.end();
      });
    });
  }

  /** Sessions held open (a privileged shell): an interrupt ends them and what they run. */
  private sessions = 0;

  openSession(command: string): Promise<Session> {
    return new Promise((resolve, reject) => {
      this.client.exec(command, (error, channel) => {
        if (error) return reject(new ConnectError('network', `could not open a session channel: ${error.message}`));
        this.sessions++;
        const closed = new Promise<boolean>((ended) => {
          const end = (lost: boolean) => () => {
            channel.removeListener('close', byChannel);
            this.client.removeListener('close', byClient);
            ended(lost);
          };
          const [byChannel, byClient] = [end(false), end(true)];
          channel.once('close', byChannel);
          this.client.once('close', byClient);
        }).finally(() => void this.sessions--);
        resolve({
          write: (data) => channel.write(data),
          end: () => channel.end(),
          onStdout: (listener) => channel.on('data', listener),
          onStderr: (listener) => channel.stderr.on('data', listener),
          onClose: (listener) => void closed.then(listener),
        });
      });
    });
  }

  async interrupt(sudoPassword?: string): Promise<void> {
    if (this.running === 0 && this.sessions === 0) return;
    const sudo = sudoPassword === undefined ? 'sudo -n' : "sudo -S -p ''";
    await this.exec(interruptScript(sudo), { stdin: sudoPassword === undefined ? undefined : `${sudoPassword}\n${sudoPassword}\n`, timeoutMs: 10_000 }).catch(() => undefined);
  }

  onLost(listener: () => void): void {
    this.client.once('close', listener);
  }

  close(): void {
    this.client.end();
    for (const jump of this.jumps) jump.end();
  }
}

/**
 * Run on a new channel of the same connection: sshd forks one session (its own process group)
 * per channel from the process that holds the connection, so every other child of this shell's
 * parent leads the group of a command this connection is running. Each group gets TERM, then
 * KILL; sudo does it again for the processes that sudo started as another user.
 */
export function interruptScript(sudo: string): string {
  return [
    `groups=$(ps -o pid= --ppid $PPID | while read -r s; do [ "$s" = "$$" ] || printf ' -%s' "$s"; done)`,
    '[ -n "$groups" ] || exit 0',
    `kill -TERM -- $groups 2>/dev/null; ${sudo} kill -TERM -- $groups 2>/dev/null`,
    'sleep 1',
    `kill -KILL -- $groups 2>/dev/null; ${sudo} kill -KILL -- $groups 2>/dev/null`,
    'exit 0',
  ].join('\n');
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new ConnectError('timeout', message)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
