/**
 * The OpenSSH options users put in `ansible_ssh_common_args`, `ansible_ssh_extra_args` and
 * `ssh_args`, for the settings deployer's own SSH client honours: known-hosts files, host key
 * checking, timeouts, and jump hosts (`-J`, `ProxyJump`, or the `ProxyCommand="ssh -W %h:%p jump"`
 * idiom). Options deployer does not need (ControlMaster, ControlPersist, ...) are ignored.
 */
import { DeployerError } from '../errors.js';
import { shlexSplit } from '../inventory/shlex.js';

export interface JumpHost {
  host: string;
  port: number;
  user?: string;
}

export interface SshArgs {
  userKnownHostsFiles?: string[];
  strictHostKeyChecking?: 'yes' | 'no' | 'accept-new';
  connectTimeoutSeconds?: number;
  jumpHosts?: JumpHost[];
  port?: number;
  user?: string;
  identityFiles?: string[];
}

/** `[user@]host[:port]`, as in ProxyJump and -J (comma-separated for several hops). */
export function parseJumpHosts(spec: string): JumpHost[] {
  if (spec.toLowerCase() === 'none') return [];
  return spec.split(',').map((hop) => {
    const m = /^(?:([^@]+)@)?(\[[^\]]+\]|[^:@]+)(?::(\d+))?$/.exec(hop.trim());
    if (!m) throw new DeployerError(`Invalid jump host '${hop}': expected [user@]host[:port]`);
    return { user: m[1], host: m[2].replace(/^\[|\]$/g, ''), port: m[3] ? Number(m[3]) : 22 };
  });
}

/** `ssh [opts] -W %h:%p [user@]jump` (what Ansible users write for bastions) as a jump host. */
function jumpFromProxyCommand(command: string): JumpHost[] | undefined {
  const tokens = shlexSplit(command, { comments: false });
  if (!/(^|\/)ssh$/.test(tokens[0] ?? '') || !tokens.includes('-W')) return undefined;
  let user: string | undefined;
  let port: number | undefined;
  let destination: string | undefined;
  for (let i = 1; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === '-W' || token === '-o' || token === '-i' || token === '-F') i++;
    else if (token === '-p') port = Number(tokens[++i]);
    else if (token === '-l') user = tokens[++i];
    else if (!token.startsWith('-')) destination = token;
  }
  if (!destination) return undefined;
  const [hop] = parseJumpHosts(destination);
  return [{ ...hop, user: user ?? hop.user, port: port ?? hop.port }];
}

function applyOption(result: SshArgs, key: string, value: string): void {
  switch (key.toLowerCase()) {
    case 'userknownhostsfile':
      result.userKnownHostsFiles = value.split(/\s+/).filter(Boolean);
      break;
    case 'stricthostkeychecking': {
      const v = value.toLowerCase();
      result.strictHostKeyChecking = v === 'no' || v === 'off' ? 'no' : v === 'accept-new' ? 'accept-new' : 'yes';
      break;
    }
    case 'connecttimeout':
      result.connectTimeoutSeconds = Number(value);
      break;
    case 'proxyjump':
      result.jumpHosts = parseJumpHosts(value);
      break;
    case 'proxycommand': {
      const jump = jumpFromProxyCommand(value);
      if (!jump && value.toLowerCase() !== 'none') {
        throw new DeployerError(`Unsupported ProxyCommand '${value}': deployer handles jump hosts itself; use ProxyJump=user@host:port or "ssh -W %h:%p user@host"`);
      }
      result.jumpHosts = jump ?? [];
      break;
    }
    case 'port':
      result.port = Number(value);
      break;
    case 'user':
      result.user = value;
      break;
    case 'identityfile':
      (result.identityFiles ??= []).push(value);
      break;
    default:
      break;
  }
}

export function parseSshArgs(...sources: (string | undefined)[]): SshArgs {
  const result: SshArgs = {};
  for (const source of sources) {
    if (!source) continue;
    const tokens = shlexSplit(source, { comments: false });
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      if (token === '-o' || token.startsWith('-o')) {
        const option = token === '-o' ? (tokens[++i] ?? '') : token.slice(2);
        const m = /^\s*([A-Za-z]+)\s*(?:=|\s)\s*(.*)$/.exec(option);
        if (m) applyOption(result, m[1], m[2].trim());
      } else if (token === '-J') {
        result.jumpHosts = parseJumpHosts(tokens[++i] ?? '');
      } else if (token === '-p') {
        result.port = Number(tokens[++i]);
      } else if (token === '-l') {
        result.user = tokens[++i];
      } else if (token === '-i') {
        (result.identityFiles ??= []).push(tokens[++i] ?? '');
      } else if (token === '-F' || token === '-c' || token === '-m' || token === '-b' || token === '-E' || token === '-S') {
        i++; // options with a value that deployer has no use for
      }
    }
  }
  return result;
}
