/** The keywords Ansible 2.14 accepts on plays, blocks and tasks; anything else is an error. */
const COMMON = [
  'name', 'tags', 'when', 'vars', 'environment', 'become', 'become_user', 'become_method', 'become_flags', 'become_exe',
  'ignore_errors', 'ignore_unreachable', 'any_errors_fatal', 'check_mode', 'diff', 'no_log', 'run_once', 'delegate_to',
  'delegate_facts', 'remote_user', 'connection', 'port', 'timeout', 'throttle', 'module_defaults', 'collections', 'debugger',
];

export const PLAY_KEYWORDS = new Set([
  ...COMMON, 'hosts', 'vars_files', 'vars_prompt', 'roles', 'pre_tasks', 'tasks', 'post_tasks', 'handlers', 'gather_facts',
  'gather_subset', 'gather_timeout', 'serial', 'max_fail_percentage', 'strategy', 'order', 'force_handlers', 'fact_path',
]);

export const BLOCK_KEYWORDS = new Set([...COMMON, 'block', 'rescue', 'always', 'notify']);

export const TASK_KEYWORDS = new Set([
  ...COMMON, 'register', 'notify', 'changed_when', 'failed_when', 'loop', 'loop_control', 'until', 'retries', 'delay',
  'args', 'action', 'local_action', 'async', 'poll', 'listen',
]);

/** The keys of a role entry (`- role: app`) that are keywords, not role parameters (Ansible's RoleInclude attributes). */
export const ROLE_KEYWORDS = new Set([
  'role', 'name', 'when', 'tags', 'collections', 'vars', 'connection', 'port', 'remote_user', 'module_defaults', 'environment',
  'no_log', 'run_once', 'ignore_errors', 'ignore_unreachable', 'check_mode', 'diff', 'any_errors_fatal', 'throttle', 'timeout',
  'debugger', 'become', 'become_method', 'become_user', 'become_flags', 'become_exe', 'delegate_to', 'delegate_facts',
]);

/** `with_items`, `with_dict`, `with_ansible.builtin.nested`...: Ansible's lookup loops. */
export const WITH_LOOP = /^with_[a-z_][a-z0-9_.]*$/;
