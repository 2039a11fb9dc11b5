/**
 * The small, fast fact set `gather_facts` provides: hostname, fqdn, OS family and distribution,
 * kernel, architecture, python path. One command, parsed by a pure function.
 */
export const FACTS_COMMAND = [
  'echo "hostname=$(hostname -s 2>/dev/null || hostname)"',
  // the fqdn as Python's socket.getfqdn() finds it (Ansible's answer), else hostname -f
  `echo "fqdn=$(python3 -c 'import socket; print(socket.getfqdn())' 2>/dev/null || hostname -f 2>/dev/null || hostname)"`,
  'if [ -r /etc/debian_version ]; then echo "debian_version=$(cat /etc/debian_version)"; fi',
  'echo "kernel=$(uname -r)"',
  'echo "system=$(uname -s)"',
  'echo "machine=$(uname -m)"',
  'echo "python=$(command -v python3 || command -v python || true)"',
  'echo "user=$(id -un)"',
  'if [ -r /etc/os-release ]; then sed -n "s/^\\(ID\\|VERSION_ID\\|NAME\\|VERSION_CODENAME\\|ID_LIKE\\)=/os_\\1=/p" /etc/os-release; fi',
].join('; ');

const FAMILIES: Record<string, string> = {
  debian: 'Debian', ubuntu: 'Debian', linuxmint: 'Debian', raspbian: 'Debian',
  rhel: 'RedHat', centos: 'RedHat', fedora: 'RedHat', rocky: 'RedHat', almalinux: 'RedHat', ol: 'RedHat', amzn: 'RedHat',
  sles: 'Suse', opensuse: 'Suse', 'opensuse-leap': 'Suse', arch: 'Archlinux', alpine: 'Alpine', gentoo: 'Gentoo',
};

const DISTRIBUTIONS: Record<string, string> = {
  debian: 'Debian', ubuntu: 'Ubuntu', rhel: 'RedHat', centos: 'CentOS', fedora: 'Fedora', rocky: 'Rocky', almalinux: 'AlmaLinux',
  alpine: 'Alpine', arch: 'Archlinux', sles: 'SLES', amzn: 'Amazon', ol: 'OracleLinux',
};

export function parseFacts(output: string): Record<string, unknown> {
  const raw: Record<string, string> = {};
  for (const line of output.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) raw[line.slice(0, eq)] = line.slice(eq + 1).replace(/^"(.*)"$/, '$1');
  }
  const id = raw.os_ID ?? '';
  // Ansible reads Debian's point release (12.11) from /etc/debian_version, not os-release's 12
  const version = id === 'debian' && /^\d+(\.\d+)*$/.test(raw.debian_version ?? '') ? raw.debian_version : (raw.os_VERSION_ID ?? '');
  return {
    hostname: raw.hostname,
    nodename: raw.hostname,
    fqdn: raw.fqdn,
    kernel: raw.kernel,
    system: raw.system,
    architecture: raw.machine,
    machine: raw.machine,
    user_id: raw.user,
    distribution: DISTRIBUTIONS[id] ?? (id ? id.charAt(0).toUpperCase() + id.slice(1) : 'NA'),
    distribution_version: version || 'NA',
    distribution_major_version: version ? version.split('.')[0] : 'NA',
    distribution_release: raw.os_VERSION_CODENAME ?? 'NA',
    os_family: FAMILIES[id] ?? FAMILIES[(raw.os_ID_LIKE ?? '').split(' ')[0]] ?? (id ? id : 'NA'),
    ...(raw.python ? { python: { executable: raw.python } } : {}),
  };
}
