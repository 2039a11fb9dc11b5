/**
 * The public roles of issue 25, as their READMEs say to run them: where each comes from (GitHub
 * repository, the commit tried), the name it is installed under (roles/NAME, or a collection under
 * collections/ansible_collections/NS/NAME), and the play that wraps it. Nothing of theirs is kept
 * here: bench/roles/run.mjs reads them from a folder of fetched copies (see docs/public-roles.md).
 */
const geerlingguy = (name, extra = {}) => ({ repo: `geerlingguy/ansible-role-${name}`, install: `geerlingguy.${name}`, roles: [`geerlingguy.${name}`], become: true, ...extra });

/** sshd on the test host's own loopback address and port, never 0.0.0.0:22. */
const SSH_ON_LOOPBACK = { ssh_listen_to: ['{{ ansible_host }}'], ssh_server_ports: ['{{ ansible_port }}'] };

/** `offline`: needs no internet on the host (bench/roles/play.mjs runs these for real). */
export const ROLES = [
  geerlingguy('nginx'),
  geerlingguy('redis'),
  geerlingguy('ntp'),
  geerlingguy('java'),
  geerlingguy('docker'),
  geerlingguy('mysql'),
  geerlingguy('postgresql'),
  geerlingguy('apache'),
  geerlingguy('php'),
  geerlingguy('git'),
  geerlingguy('firewall'),
  // the README's variables that leave out fail2ban and unattended-upgrades (packages: the hosts have no internet)
  geerlingguy('security', { offline: true, vars: { security_fail2ban_enabled: false, security_autoupdate_enabled: false } }),
  geerlingguy('memcached'),
  geerlingguy('supervisor'),
  geerlingguy('nodejs'),
  geerlingguy('haproxy'),
  geerlingguy('pip'),
  geerlingguy('certbot'),
  geerlingguy('varnish'),
  geerlingguy('swap', { offline: true }),
  // its README: geerlingguy.java first, with a JDK named
  geerlingguy('jenkins', { roles: ['geerlingguy.java', 'geerlingguy.jenkins'], needs: ['geerlingguy.java'], vars: { jenkins_hostname: 'jenkins.example.com' } }),
  // sshd kept on the host's own loopback address and port (the README's ssh_listen_to, ssh_server_ports)
  { repo: 'dev-sec/ansible-ssh-hardening', install: 'dev-sec.ssh-hardening', roles: ['dev-sec.ssh-hardening'], become: true, offline: true, vars: SSH_ON_LOOPBACK },
  { repo: 'dev-sec/ansible-nginx-hardening', install: 'dev-sec.nginx-hardening', roles: ['geerlingguy.nginx', 'dev-sec.nginx-hardening'], needs: ['geerlingguy.nginx'], become: true },
  // the devsec.hardening collection (the repository's newest commit is the collection)
  // not offline: it installs auditd by default
  { repo: 'dev-sec/ansible-os-hardening', collection: 'devsec.hardening', roles: ['devsec.hardening.os_hardening'], become: true, id: 'devsec.hardening.os_hardening' },
  { repo: 'dev-sec/ansible-os-hardening', collection: 'devsec.hardening', roles: ['devsec.hardening.ssh_hardening'], become: true, id: 'devsec.hardening.ssh_hardening', offline: true, vars: SSH_ON_LOOPBACK },
  { repo: 'cloudalchemy/ansible-node-exporter', install: 'cloudalchemy.node_exporter', roles: ['cloudalchemy.node_exporter'], become: true },
  { repo: 'cloudalchemy/ansible-prometheus', install: 'cloudalchemy.prometheus', roles: ['cloudalchemy.prometheus'], become: true },
  { repo: 'cloudalchemy/ansible-alertmanager', install: 'cloudalchemy.alertmanager', roles: ['cloudalchemy.alertmanager'], become: true },
  // its README sets the admin password
  { repo: 'cloudalchemy/ansible-grafana', install: 'cloudalchemy.grafana', roles: ['cloudalchemy.grafana'], become: true, vars: { grafana_security: { admin_user: 'admin', admin_password: 'secret' } } },
  { repo: 'jnv/ansible-role-unattended-upgrades', install: 'jnv.unattended-upgrades', roles: ['jnv.unattended-upgrades'], become: true },
  { repo: 'willshersystems/ansible-sshd', install: 'willshersystems.sshd', roles: ['willshersystems.sshd'], become: true, offline: true },
];

/** A role's id in the results: its own, or the first role it wraps that it installs. */
export const roleId = (role) => role.id ?? role.install;

/** The folder of a fetched copy: DIR/owner+name (the layout of `fetch`'s mirrors, extracted). */
export const copyName = (repo) => repo.replace('/', '+');
