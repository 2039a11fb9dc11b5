/**
 * The Ansible settings the config lookup knows, with the environment variables and ansible.cfg
 * keys that set them and their defaults (from Ansible 2.14's configuration reference).
 */
type Kind = 'string' | 'integer' | 'float' | 'boolean' | 'path' | 'pathlist' | 'pathspec';

export interface SettingDefinition {
  kind: Kind;
  default: unknown;
  env: string[];
  ini: [section: string, key: string][];
}

const setting = (kind: Kind, fallback: unknown, env: string[], ini: [string, string][]): SettingDefinition => ({ kind, default: fallback, env, ini });
const defaults = (key: string): [string, string][] => [['defaults', key]];
const escalation = (key: string): [string, string][] => [['privilege_escalation', key]];

export const SETTINGS: Record<string, SettingDefinition> = {
  DEFAULT_FORKS: setting('integer', 5, ['ANSIBLE_FORKS'], defaults('forks')),
  DEFAULT_TIMEOUT: setting('integer', 10, ['ANSIBLE_TIMEOUT'], defaults('timeout')),
  DEFAULT_POLL_INTERVAL: setting('integer', 15, ['ANSIBLE_POLL_INTERVAL'], defaults('poll_interval')),
  DEFAULT_REMOTE_USER: setting('string', null, ['ANSIBLE_REMOTE_USER'], defaults('remote_user')),
  DEFAULT_REMOTE_PORT: setting('integer', null, ['ANSIBLE_REMOTE_PORT'], defaults('remote_port')),
  DEFAULT_TRANSPORT: setting('string', 'smart', ['ANSIBLE_TRANSPORT'], defaults('transport')),
  DEFAULT_PRIVATE_KEY_FILE: setting('path', null, ['ANSIBLE_PRIVATE_KEY_FILE'], defaults('private_key_file')),
  DEFAULT_BECOME: setting('boolean', false, ['ANSIBLE_BECOME'], escalation('become')),
  DEFAULT_BECOME_USER: setting('string', 'root', ['ANSIBLE_BECOME_USER'], escalation('become_user')),
  DEFAULT_BECOME_METHOD: setting('string', 'sudo', ['ANSIBLE_BECOME_METHOD'], escalation('become_method')),
  DEFAULT_BECOME_ASK_PASS: setting('boolean', false, ['ANSIBLE_BECOME_ASK_PASS'], escalation('become_ask_pass')),
  DEFAULT_ASK_PASS: setting('boolean', false, ['ANSIBLE_ASK_PASS'], defaults('ask_pass')),
  DEFAULT_ROLES_PATH: setting('pathspec', '~/.ansible/roles:/usr/share/ansible/roles:/etc/ansible/roles', ['ANSIBLE_ROLES_PATH'], defaults('roles_path')),
  DEFAULT_HOST_LIST: setting('pathlist', '/etc/ansible/hosts', ['ANSIBLE_INVENTORY'], defaults('inventory')),
  DEFAULT_LOG_PATH: setting('path', null, ['ANSIBLE_LOG_PATH'], defaults('log_path')),
  DEFAULT_VAULT_PASSWORD_FILE: setting('path', null, ['ANSIBLE_VAULT_PASSWORD_FILE'], defaults('vault_password_file')),
  DEFAULT_MANAGED_STR: setting('string', 'Ansible managed', [], defaults('ansible_managed')),
  DEFAULT_HASH_BEHAVIOUR: setting('string', 'replace', ['ANSIBLE_HASH_BEHAVIOUR'], defaults('hash_behaviour')),
  DEFAULT_GATHERING: setting('string', 'implicit', ['ANSIBLE_GATHERING'], defaults('gathering')),
  DEFAULT_STRATEGY: setting('string', 'linear', ['ANSIBLE_STRATEGY'], defaults('strategy')),
  DEFAULT_STDOUT_CALLBACK: setting('string', 'default', ['ANSIBLE_STDOUT_CALLBACK'], defaults('stdout_callback')),
  DEFAULT_MODULE_NAME: setting('string', 'command', [], defaults('module_name')),
  DEFAULT_EXECUTABLE: setting('string', '/bin/sh', ['ANSIBLE_EXECUTABLE'], defaults('executable')),
  DEFAULT_JINJA2_NATIVE: setting('boolean', false, ['ANSIBLE_JINJA2_NATIVE'], defaults('jinja2_native')),
  DEFAULT_KEEP_REMOTE_FILES: setting('boolean', false, ['ANSIBLE_KEEP_REMOTE_FILES'], defaults('keep_remote_files')),
  DEFAULT_UNDEFINED_VAR_BEHAVIOR: setting('boolean', true, ['ANSIBLE_ERROR_ON_UNDEFINED_VARS'], defaults('error_on_undefined_vars')),
  DEFAULT_PRIVATE_ROLE_VARS: setting('boolean', false, ['ANSIBLE_PRIVATE_ROLE_VARS'], defaults('private_role_vars')),
  DEFAULT_NO_LOG: setting('boolean', false, ['ANSIBLE_NO_LOG'], defaults('no_log')),
  DEFAULT_FORCE_HANDLERS: setting('boolean', false, ['ANSIBLE_FORCE_HANDLERS'], defaults('force_handlers')),
  DEFAULT_ALLOW_UNSAFE_LOOKUPS: setting('boolean', false, [], defaults('allow_unsafe_lookups')),
  ANY_ERRORS_FATAL: setting('boolean', false, ['ANSIBLE_ANY_ERRORS_FATAL'], defaults('any_errors_fatal')),
  ANSIBLE_PIPELINING: setting('boolean', false, ['ANSIBLE_PIPELINING'], [['defaults', 'pipelining'], ['connection', 'pipelining']]),
  ANSIBLE_FORCE_COLOR: setting('boolean', false, ['ANSIBLE_FORCE_COLOR'], defaults('force_color')),
  ANSIBLE_NOCOLOR: setting('boolean', false, ['ANSIBLE_NOCOLOR', 'NO_COLOR'], defaults('nocolor')),
  HOST_KEY_CHECKING: setting('boolean', true, ['ANSIBLE_HOST_KEY_CHECKING'], defaults('host_key_checking')),
  HOST_PATTERN_MISMATCH: setting('string', 'warning', ['ANSIBLE_HOST_PATTERN_MISMATCH'], [['inventory', 'host_pattern_mismatch']]),
  RETRY_FILES_ENABLED: setting('boolean', false, ['ANSIBLE_RETRY_FILES_ENABLED'], defaults('retry_files_enabled')),
  RETRY_FILES_SAVE_PATH: setting('path', null, ['ANSIBLE_RETRY_FILES_SAVE_PATH'], defaults('retry_files_save_path')),
  DISPLAY_SKIPPED_HOSTS: setting('boolean', true, ['ANSIBLE_DISPLAY_SKIPPED_HOSTS'], defaults('display_skipped_hosts')),
  DISPLAY_ARGS_TO_STDOUT: setting('boolean', false, ['ANSIBLE_DISPLAY_ARGS_TO_STDOUT'], defaults('display_args_to_stdout')),
  INVALID_TASK_ATTRIBUTE_FAILED: setting('boolean', true, ['ANSIBLE_INVALID_TASK_ATTRIBUTE_FAILED'], defaults('invalid_task_attribute_failed')),
  MAX_FILE_SIZE_FOR_DIFF: setting('integer', 104448, ['ANSIBLE_MAX_DIFF_SIZE'], defaults('max_diff_size')),
};
