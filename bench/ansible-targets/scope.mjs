/**
 * Which of ansible-core's POSIX integration targets are in deployer's scope (issue 24), and why the
 * others are not. Every target ansible-test runs on POSIX (an alias `shippable/posix/...`) is in
 * scope unless it is named below with its reason. The names are the targets' folder names; no
 * Ansible code is copied here.
 */

/** Reason → targets left out for it. */
export const OUT_OF_SCOPE = {
  'other Ansible command-line tools (not ansible-playbook or ansible)': [
    'ansible', 'ansible-doc', 'ansible-galaxy', 'ansible-galaxy-collection-cli', 'ansible-galaxy-collection-scm',
    'ansible-galaxy-role', 'ansible-inventory', 'ansible-pull', 'ansible-runner', 'config', 'packaging_cli-doc',
    'egg-info', 'entry_points', 'pkg_resources', 'infra', 'cli',
  ],
  'ansible-test itself': ['*ansible-test-'],
  vault: ['ansible-vault', 'lookup_unvault', 'unvault'],
  async: ['async', 'async_extra_data', 'async_fail'],
  'binary modules': ['binary', 'binary_modules_posix'],
  collections: ['collections', 'collections_plugin_namespace', 'collections_relative_imports', 'collections_runtime_pythonpath'],
  'Python module machinery (module_utils, AnsiballZ, module formats)': [
    '*module_utils', 'ansiballz_python', 'old_style_modules_posix', 'want_json_modules_posix', 'module_precedence',
    'embedded_module', 'run_modules', 'module_tracebacks', 'missing_required_lib', 'interpreter_discovery_python',
    'interpreter_discovery_python_delegate_facts', 'pyyaml',
  ],
  'package managers, or the internet': [
    'apt', 'apt_key', 'apt_repository', 'dnf', 'yum', 'yum_repository', 'rpm_key', 'pip', 'package', 'package_facts',
    'debconf', 'dpkg_selections', 'get_url', 'uri', 'lookup_url', 'git', 'subversion',
  ],
  'reboot, or changes this shared machine (hostname, firewall, network, hardware)': [
    'reboot', 'wait_for_connection', 'hostname', 'iptables', 'facts_linux_network', 'hardware_facts',
  ],
  'connection plugins other than local and ssh': ['connection_paramiko_ssh', 'connection_delegation', 'error_from_connection', 'loop-connection'],
  debugger: ['debugger'],
  'inventory plugins, and Python plugins loaded by Ansible (cache, vars, callback, strategy, filter)': [
    'inventory', 'inventory_advanced_host_list', 'inventory_cache', 'inventory_constructed', 'inventory_script',
    'plugin_config_for_inventory', 'old_style_cache_plugins', 'old_style_vars_plugins', 'plugin_filtering',
    'plugin_loader', 'plugin_namespace', 'rel_plugin_loading', 'jinja_plugins', 'fork_safe_stdio',
    'unexpected_executor_exception',
  ],
};

/** The reason a target is out of scope, or undefined when it is in scope. */
export function outOfScopeReason(name) {
  for (const [reason, names] of Object.entries(OUT_OF_SCOPE)) {
    for (const entry of names) {
      if (entry.startsWith('*') ? name.startsWith(entry.slice(1)) : name === entry) return reason;
    }
  }
  return undefined;
}
