/**
 * The options every command that touches hosts shares, spelt as in Ansible: inventory and limit,
 * connection (-u, -k, --private-key, -T, -c, ssh args), privilege escalation (-b, -K, ...),
 * extra vars (-e) and forks (-f).
 */
import { Command, Option } from 'commander';
import type { AnsibleConfig } from '../config/ansible-cfg.js';
import { parseExtraVars } from '../config/extra-vars.js';
import { DEFAULT_FORKS, effectiveForks } from '../engine/forks.js';
import { OptionsError } from '../errors.js';
import type { Vars } from '../inventory/vars.js';
import type { ConnectionOptions } from '../transport/settings.js';
import { collect, type Environment } from './context.js';
import { askPassword } from './prompts.js';
import { addSettingsOptions } from './settings-options.js';
import type { SettingsOptions } from '../settings/locate.js';

export interface RunOptions extends SettingsOptions {
  inventory?: string[];
  limit?: string;
  user?: string;
  askPass?: boolean;
  askBecomePass?: boolean;
  privateKey?: string;
  timeout?: string;
  connection?: string;
  sshCommonArgs?: string;
  sshExtraArgs?: string;
  become?: boolean;
  becomeUser?: string;
  becomeMethod?: string;
  extraVars?: string[];
  forks?: string;
}

/** `shortConnection: false` leaves `-c` to the command (status's `-c COMPONENT`); `--connection` stays. */
export function addRunOptions(command: Command, { shortConnection = true } = {}): Command {
  return addSettingsOptions(command)
    .option('-i, --inventory <source>', 'inventory file, folder or host list (repeatable)', collect)
    .option('-l, --limit <subset>', 'further limit the hosts to a pattern (or @file, e.g. a retry file)')
    .option('-e, --extra-vars <vars>', 'extra variables: key=value, YAML/JSON, or @file (repeatable)', collect)
    .option('-f, --forks <n>', `hosts worked on at once (default ${DEFAULT_FORKS}: connections are cheap in one event loop, unlike Ansible's 5 processes; capped by the open-file limit)`)
    .option('-u, --user <user>', 'connect as this user (ansible_user in the inventory wins, as in Ansible)')
    .option('-k, --ask-pass', 'ask for the SSH password')
    .option('--private-key, --key-file <file>', 'private key file for SSH')
    .option('-T, --timeout <seconds>', 'SSH connection timeout (default 10, or timeout= in ansible.cfg)')
    .option(shortConnection ? '-c, --connection <type>' : '--connection <type>', 'connection type: ssh or local')
    .option('--ssh-common-args <args>', 'OpenSSH-style options, e.g. "-o ProxyJump=bastion -o UserKnownHostsFile=..."')
    .option('--ssh-extra-args <args>', 'more OpenSSH-style options')
    .option('-b, --become', 'run commands with sudo')
    .option('--become-user <user>', 'the user to become (default root)')
    .addOption(new Option('--become-method <method>', 'privilege escalation method').choices(['sudo']))
    .option('-K, --ask-become-pass', 'ask for the sudo password (or set ANSIBLE_BECOME_PASSWORD)');
}

export interface ResolvedRunOptions {
  connection: ConnectionOptions;
  extraVars: Vars;
  forks: number;
}

function positiveInteger(value: string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new OptionsError(`${what} must be a positive integer, got '${value}'`);
  return Number(value);
}

export async function resolveRunOptions(options: RunOptions, config: AnsibleConfig, environment: Environment): Promise<ResolvedRunOptions> {
  const connection: ConnectionOptions = {
    connection: options.connection,
    remoteUser: options.user ?? config.remoteUser,
    remotePort: config.remotePort,
    privateKeyFile: options.privateKey ?? config.privateKeyFile,
    timeoutSeconds: positiveInteger(options.timeout, '--timeout') ?? config.timeout,
    hostKeyChecking: config.hostKeyChecking,
    sshCommonArgs: options.sshCommonArgs ?? config.sshCommonArgs,
    sshExtraArgs: options.sshExtraArgs ?? config.sshArgs,
    become: options.become ?? config.become,
    becomeUser: options.becomeUser ?? config.becomeUser,
    becomeMethod: options.becomeMethod ?? config.becomeMethod,
  };
  if (options.askPass) connection.password = await askPassword('SSH password:', '-k/--ask-pass');
  const envBecome = environment.env.ANSIBLE_BECOME_PASSWORD ?? environment.env.ANSIBLE_BECOME_PASS;
  if (envBecome !== undefined) connection.becomePassword = envBecome;
  else if (options.askBecomePass || config.becomeAskPass) {
    connection.becomePassword = await askPassword('BECOME password[defaults to SSH password]:', '-K/--ask-become-pass');
    if (connection.becomePassword === '' && connection.password !== undefined) connection.becomePassword = connection.password;
  }
  return {
    connection,
    extraVars: parseExtraVars(options.extraVars ?? [], environment.cwd),
    forks: effectiveForks(positiveInteger(options.forks, '--forks') ?? config.forks),
  };
}
