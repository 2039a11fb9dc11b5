/**
 * Settings from `ansible.cfg` and `ANSIBLE_*` variables, found as Ansible finds them: the file
 * named by ANSIBLE_CONFIG (or ansible.cfg in that folder), then ./ansible.cfg, ~/.ansible.cfg,
 * /etc/ansible/ansible.cfg; only the first one found is read. Environment variables win over it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ini from 'ini';
import { DeployerError } from '../errors.js';

type Kind = 'string' | 'boolean' | 'integer' | 'float' | 'pathlist' | 'pathspec' | 'path';

interface Setting<K extends Kind> {
  /** When several are set, the last one wins (Ansible's config manager). */
  env: string[];
  section: string;
  key: string | string[];
  kind: K;
}

const SETTINGS = {
  inventory: { env: ['ANSIBLE_INVENTORY'], section: 'defaults', key: 'inventory', kind: 'pathlist' },
  forks: { env: ['ANSIBLE_FORKS'], section: 'defaults', key: 'forks', kind: 'integer' },
  timeout: { env: ['ANSIBLE_TIMEOUT'], section: 'defaults', key: 'timeout', kind: 'integer' },
  remoteUser: { env: ['ANSIBLE_REMOTE_USER'], section: 'defaults', key: 'remote_user', kind: 'string' },
  remotePort: { env: ['ANSIBLE_REMOTE_PORT'], section: 'defaults', key: 'remote_port', kind: 'integer' },
  privateKeyFile: { env: ['ANSIBLE_PRIVATE_KEY_FILE'], section: 'defaults', key: 'private_key_file', kind: 'path' },
  hostKeyChecking: { env: ['ANSIBLE_HOST_KEY_CHECKING'], section: 'defaults', key: 'host_key_checking', kind: 'boolean' },
  retryFilesEnabled: { env: ['ANSIBLE_RETRY_FILES_ENABLED'], section: 'defaults', key: 'retry_files_enabled', kind: 'boolean' },
  retryFilesSavePath: { env: ['ANSIBLE_RETRY_FILES_SAVE_PATH'], section: 'defaults', key: 'retry_files_save_path', kind: 'path' },
  rolesPath: { env: ['ANSIBLE_ROLES_PATH'], section: 'defaults', key: 'roles_path', kind: 'pathspec' },
  collectionsPaths: { env: ['ANSIBLE_COLLECTIONS_PATHS', 'ANSIBLE_COLLECTIONS_PATH'], section: 'defaults', key: ['collections_paths', 'collections_path'], kind: 'pathspec' },
  forceHandlers: { env: ['ANSIBLE_FORCE_HANDLERS'], section: 'defaults', key: 'force_handlers', kind: 'boolean' },
  showCustomStats: { env: ['ANSIBLE_SHOW_CUSTOM_STATS'], section: 'defaults', key: 'show_custom_stats', kind: 'boolean' },
  gathering: { env: ['ANSIBLE_GATHERING'], section: 'defaults', key: 'gathering', kind: 'string' },
  strategy: { env: ['ANSIBLE_STRATEGY'], section: 'defaults', key: 'strategy', kind: 'string' },
  errorOnMissingHandler: { env: ['ANSIBLE_ERROR_ON_MISSING_HANDLER'], section: 'defaults', key: 'error_on_missing_handler', kind: 'boolean' },
  hashBehaviour: { env: ['ANSIBLE_HASH_BEHAVIOUR'], section: 'defaults', key: 'hash_behaviour', kind: 'string' },
  localhostWarning: { env: ['ANSIBLE_LOCALHOST_WARNING'], section: 'defaults', key: 'localhost_warning', kind: 'boolean' },
  hostPatternMismatch: { env: ['ANSIBLE_HOST_PATTERN_MISMATCH'], section: 'inventory', key: 'host_pattern_mismatch', kind: 'string' },
  become: { env: ['ANSIBLE_BECOME'], section: 'privilege_escalation', key: 'become', kind: 'boolean' },
  becomeUser: { env: ['ANSIBLE_BECOME_USER'], section: 'privilege_escalation', key: 'become_user', kind: 'string' },
  becomeMethod: { env: ['ANSIBLE_BECOME_METHOD'], section: 'privilege_escalation', key: 'become_method', kind: 'string' },
  becomeAskPass: { env: ['ANSIBLE_BECOME_ASK_PASS'], section: 'privilege_escalation', key: 'become_ask_pass', kind: 'boolean' },
  sshArgs: { env: ['ANSIBLE_SSH_ARGS'], section: 'ssh_connection', key: 'ssh_args', kind: 'string' },
  sshCommonArgs: { env: ['ANSIBLE_SSH_COMMON_ARGS'], section: 'ssh_connection', key: 'ssh_common_args', kind: 'string' },
} satisfies Record<string, Setting<Kind>>;

type Settings = typeof SETTINGS;
type ValueOf<K extends Kind> = K extends 'boolean' ? boolean : K extends 'integer' | 'float' ? number : K extends 'pathlist' | 'pathspec' ? string[] : string;
export type AnsibleConfig = { [N in keyof Settings]?: ValueOf<Settings[N]['kind']> } & { configFile?: string };

/** Ansible's `boolean()`: what counts as true in settings and module arguments. */
export function ansibleBoolean(value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1;
  return ['y', 'yes', 'on', '1', 'true', 't'].includes(String(value).trim().toLowerCase());
}

export function findConfigFile(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string | undefined {
  const candidates: string[] = [];
  if (env.ANSIBLE_CONFIG) {
    const named = path.resolve(cwd, expandHome(env.ANSIBLE_CONFIG));
    candidates.push(fs.existsSync(named) && fs.statSync(named).isDirectory() ? path.join(named, 'ansible.cfg') : named);
  }
  const local = path.join(cwd, 'ansible.cfg');
  // Ansible ignores ./ansible.cfg in a world-writable folder, since anyone could plant one there.
  if (!(fs.statSync(cwd).mode & 0o002)) candidates.push(local);
  candidates.push(path.join(os.homedir(), '.ansible.cfg'), '/etc/ansible/ansible.cfg');
  return candidates.find((file) => fs.existsSync(file) && fs.statSync(file).isFile());
}

function expandHome(p: string): string {
  return p.replace(/^~(?=$|\/)/, os.homedir());
}

export function loadAnsibleConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): AnsibleConfig {
  const configFile = findConfigFile(env, cwd);
  let parsed: Record<string, Record<string, string>> = {};
  if (configFile) {
    try {
      parsed = ini.parse(fs.readFileSync(configFile, 'utf8'));
    } catch (error) {
      throw new DeployerError(`Unable to read config file ${configFile}: ${(error as Error).message}`);
    }
  }
  const config: Record<string, unknown> = { configFile };
  for (const [name, setting] of Object.entries(SETTINGS) as [string, Setting<Kind>][]) {
    const fromEnv = lastDefined(setting.env.map((e) => env[e]));
    const fromFile = lastDefined([setting.key].flat().map((key) => parsed[setting.section]?.[key]));
    const raw = fromEnv ?? fromFile;
    if (raw === undefined || raw === '') continue;
    // Relative paths in a config file are relative to that file, not to where the command runs.
    const base = fromEnv !== undefined || !configFile ? cwd : path.dirname(configFile);
    // Ansible's parser takes `;` after white space as an inline comment (but not `#`).
    config[name] = convert(String(raw).replace(/\s+;.*$/, '').trim(), setting, base);
  }
  return config as AnsibleConfig;
}

const lastDefined = (values: (string | undefined)[]) => values.filter((v) => v !== undefined).at(-1);

function convert(raw: string, setting: Setting<Kind>, base: string): unknown {
  const where = `${setting.section}.${setting.key}`;
  switch (setting.kind) {
    case 'boolean':
      return ansibleBoolean(raw);
    case 'integer': {
      if (!/^[+-]?\d+$/.test(raw)) throw new DeployerError(`Invalid value for ${where}: expected an integer, got '${raw}'`);
      return Number(raw);
    }
    case 'float':
      return Number(raw);
    case 'path':
      return path.resolve(base, expandHome(raw));
    case 'pathlist':
      return raw
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p)
        .map((p) => path.resolve(base, expandHome(p)));
    case 'pathspec':
      // colon-separated, as roles_path and collections_path
      return raw
        .split(':')
        .filter((p) => p)
        .map((p) => path.resolve(base, expandHome(p)));
    default:
      return raw;
  }
}

/** ANSIBLE_HOME, where Ansible's default roles and collections paths are. */
const ansibleHome = (env: NodeJS.ProcessEnv) => expandHome(env.ANSIBLE_HOME ?? '~/.ansible');

/** roles_path as set, or Ansible's default. */
export function rolesPath(config: AnsibleConfig, env: NodeJS.ProcessEnv = process.env): string[] {
  return config.rolesPath ?? [path.join(ansibleHome(env), 'roles'), '/usr/share/ansible/roles', '/etc/ansible/roles'];
}

/** collections_path as set, or Ansible's default. */
export function collectionsPaths(config: AnsibleConfig, env: NodeJS.ProcessEnv = process.env): string[] {
  return config.collectionsPaths ?? [path.join(ansibleHome(env), 'collections'), '/usr/share/ansible/collections'];
}
