/**
 * The modules of ansible.builtin in ansible-core 2.14, by name: without ansible-core on the
 * controller, a task naming one of these (that deployer lacks) is told what to install rather
 * than that the name is unknown.
 */
export const ANSIBLE_BUILTIN_MODULES = new Set(
  (
    'add_host apt apt_key apt_repository assemble assert async_status async_wrapper blockinfile command copy cron debconf ' +
    'debug dnf dpkg_selections expect fail fetch file find gather_facts get_url getent git group group_by hostname ' +
    'import_playbook import_role import_tasks include include_role include_tasks include_vars iptables known_hosts lineinfile meta ' +
    'package package_facts pause ping pip raw reboot replace rpm_key script service service_facts set_fact set_stats setup ' +
    'shell slurp stat subversion systemd systemd_service sysvinit tempfile template unarchive uri user validate_argument_spec ' +
    'wait_for wait_for_connection yum yum_repository'
  ).split(' '),
);
