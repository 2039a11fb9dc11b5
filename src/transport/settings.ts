/**
 * How to reach one host, from its variables, the command line and ansible.cfg, with Ansible's
 * precedence: host variables (ansible_user, ansible_port, ...) win over command-line options
 * (-u, --private-key, ...), which win over ansible.cfg, which wins over the defaults.
 */
import os from 'node:os';
import path from 'node:path';
import { DeployerError } from '../errors.js';
import type { Vars } from '../inventory/vars.js';
import { ansibleBoolean } from '../config/ansible-cfg.js';
import type { BecomeSettings } from './become.js';
import { parseSshArgs } from './ssh-args.js';
import type { SshSettings } from './ssh.js';

export interface ConnectionOptions {
  connection?: string;
  remoteUser?: string;
  remotePort?: number;
  privateKeyFile?: string;
  password?: string;
  timeoutSeconds?: number;
  hostKeyChecking?: boolean;
  sshCommonArgs?: string;
  sshExtraArgs?: string;
  become?: boolean;
  becomeUser?: string;
  becomeMethod?: string;
  becomePassword?: string;
}

export type ConnectionSettings =
  | { kind: 'local'; host: string; become?: BecomeSettings }
  | { kind: 'ssh'; host: string; ssh: SshSettings; become?: BecomeSettings };

export const DEFAULT_TIMEOUT_SECONDS = 10;

function first(vars: Vars, names: string[]): unknown {
  for (const name of names) if (vars[name] !== undefined && vars[name] !== null) return vars[name];
  return undefined;
}

function expandHome(file: string): string {
  return file.replace(/^~(?=$|\/)/, os.homedir());
}

function defaultIdentityFiles(): string[] {
  return ['id_ed25519', 'id_ecdsa', 'id_rsa'].map((name) => path.join(os.homedir(), '.ssh', name));
}

const parsedArgs = new Map<string, ReturnType<typeof parseSshArgs>>();

/** ssh args are usually the same string for every host of a fleet: parse each one once. */
function sshArgs(common: string | undefined, extra: string | undefined): ReturnType<typeof parseSshArgs> {
  const key = `${common ?? ''}\0${extra ?? ''}`;
  let args = parsedArgs.get(key);
  if (!args) {
    args = parseSshArgs(common, extra);
    parsedArgs.set(key, args);
  }
  return args;
}

export function resolveConnectionSettings(host: string, vars: Vars, options: ConnectionOptions): ConnectionSettings {
  const text = (names: string[]) => {
    const value = first(vars, names);
    return value === undefined ? undefined : String(value);
  };
  const becomeEnabled = first(vars, ['ansible_become', 'ansible_sudo']);
  const enabled = becomeEnabled !== undefined ? ansibleBoolean(becomeEnabled) : Boolean(options.become);
  let become: BecomeSettings | undefined;
  if (enabled) {
    const method = text(['ansible_become_method']) ?? options.becomeMethod ?? 'sudo';
    if (method !== 'sudo') throw new DeployerError(`Unsupported become method '${method}' for ${host}: only sudo is supported`);
    become = {
      method: 'sudo',
      user: text(['ansible_become_user', 'ansible_sudo_user']) ?? options.becomeUser ?? 'root',
      password: text(['ansible_become_password', 'ansible_become_pass', 'ansible_sudo_pass']) ?? options.becomePassword,
      flags: text(['ansible_become_flags']) ?? '-H -S',
    };
  }

  const connection = text(['ansible_connection']) ?? options.connection ?? 'ssh';
  if (connection === 'local') return { kind: 'local', host, become };
  if (connection !== 'ssh' && connection !== 'paramiko' && connection !== 'smart') {
    throw new DeployerError(`Unsupported connection type '${connection}' for ${host}: expected ssh or local`);
  }

  const args = sshArgs(text(['ansible_ssh_common_args']) ?? options.sshCommonArgs, text(['ansible_ssh_extra_args']) ?? options.sshExtraArgs);
  const port = Number(text(['ansible_port', 'ansible_ssh_port']) ?? args.port ?? options.remotePort ?? 22);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new DeployerError(`Invalid port for ${host}: ${port}`);
  const keyFile = text(['ansible_ssh_private_key_file', 'ansible_private_key_file']) ?? options.privateKeyFile;
  const timeout = Number(text(['ansible_ssh_timeout', 'ansible_timeout']) ?? args.connectTimeoutSeconds ?? options.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS);

  const hostKeyVar = first(vars, ['ansible_host_key_checking', 'ansible_ssh_host_key_checking']);
  const checking = hostKeyVar !== undefined ? ansibleBoolean(hostKeyVar) : options.hostKeyChecking;
  const hostKeyChecking: SshSettings['hostKeyChecking'] =
    checking === false || args.strictHostKeyChecking === 'no' ? 'off' : args.strictHostKeyChecking === 'accept-new' ? 'accept-new' : 'strict';
  const userFiles = args.userKnownHostsFiles ?? ['~/.ssh/known_hosts', '~/.ssh/known_hosts2'];

  return {
    kind: 'ssh',
    host,
    become,
    ssh: {
      host,
      address: text(['ansible_host', 'ansible_ssh_host']) ?? host,
      port,
      user: text(['ansible_user', 'ansible_ssh_user']) ?? args.user ?? options.remoteUser ?? os.userInfo().username,
      privateKeyFiles: (keyFile ? [keyFile, ...(args.identityFiles ?? [])] : (args.identityFiles ?? defaultIdentityFiles())).map(expandHome),
      password: text(['ansible_password', 'ansible_ssh_pass']) ?? options.password,
      agentSocket: process.env.SSH_AUTH_SOCK || undefined,
      connectTimeoutMs: timeout * 1000,
      hostKeyChecking,
      knownHostsFiles: [...userFiles, '/etc/ssh/ssh_known_hosts', '/etc/ssh/ssh_known_hosts2'].map(expandHome),
      jumpHosts: args.jumpHosts ?? [],
    },
  };
}
