/**
 * The one POSIX shell command that gathers a host's facts: it prints `@@section` lines, each
 * followed by the raw material Ansible's fact collectors read (files, `ip`, `stat -f`, ...),
 * so no Python is needed on the host. Which sections run follows Ansible's `gather_subset`.
 * Programs started on the host are most of its cost (a fork and an exec each): what the shell
 * can read itself (/proc, /sys) it reads with `read`, and no interpreter is started.
 */

/** Ansible's subsets deployer gathers, each the shell that prints its sections. */
const SECTIONS = {
  platform: [
    'echo @@platform',
    // uname's system, release, version, machine and node name; on Linux the kernel's own files give all but the machine
    'if [ -r /proc/sys/kernel/hostname ]; then for uname_key in ostype osrelease version; do read -r uname_value < /proc/sys/kernel/$uname_key; echo "$uname_value"; done; uname -m; read -r uname_node < /proc/sys/kernel/hostname; else uname -s; uname -r; uname -v; uname -m; uname_node=$(uname -n); fi; echo "$uname_node"',
    // the fqdn as Python's socket.getfqdn() finds it (Ansible's answer): the node name's first
    // address, that address's names (its host name, then aliases), the first with a dot, else the host name
    'fqdn=$uname_node; fqdn_address=$(getent ahosts "$uname_node" 2>/dev/null); fqdn_address=${fqdn_address%%[ \t]*}; [ -n "$fqdn_address" ] && fqdn_names=$(getent hosts "$fqdn_address" 2>/dev/null) && { set -- $fqdn_names; shift; fqdn=$1; for fqdn_name in "$@"; do case $fqdn_name in *.*) fqdn=$fqdn_name; break;; esac; done; }; echo "$fqdn"',
  ],
  distribution: [
    'echo @@os-release',
    'show /etc/os-release 2>/dev/null || show /usr/lib/os-release 2>/dev/null',
    'echo @@debian_version',
    'show /etc/debian_version 2>/dev/null',
  ],
  lsb: [
    'echo @@lsb_release',
    'command -v lsb_release >/dev/null 2>&1 && lsb_out=$(lsb_release -a 2>/dev/null) && printf "%s\\n" "$lsb_out"',
    'echo @@lsb-release-file',
    'show /etc/lsb-release 2>/dev/null',
  ],
  // one variable a line: newlines inside values travel as \001
  env: ['echo @@env', "env -0 | tr '\\n\\000' '\\001\\n'"],
  user: [
    'echo @@user',
    'user_name=${LOGNAME:-${USER:-${LNAME:-${USERNAME:-$(id -un)}}}}',
    // real and effective uid, real gid (Ansible's effective_group_id is the real one too): the shell's own, from /proc when there is one
    'echo "$user_name"; if [ -r /proc/self/status ]; then while read -r id_key id_real id_effective id_rest; do case $id_key in Uid:) uid_real=$id_real; uid_effective=$id_effective;; Gid:) gid_real=$id_real;; esac; done < /proc/self/status; echo "$uid_real"; echo "$uid_effective"; echo "$gid_real"; else id -ru; id -u; id -rg; fi',
    'getent passwd "$user_name" 2>/dev/null || grep "^$user_name:" /etc/passwd || getent passwd "$(id -u)"',
  ],
  python: [
    'echo @@python',
    'python_path=$(command -v /usr/bin/python3 || command -v python3 || command -v python)',
    '[ -n "$python_path" ] && { echo "$python_path"; "$python_path" -V 2>&1; }',
  ],
  pkg_mgr: [
    'echo @@pkg_mgr',
    'for pkg_path in /usr/bin/rpm-ostree /usr/bin/yum /usr/bin/dnf /usr/bin/apt-get /usr/bin/zypper /usr/sbin/urpmi /usr/bin/pacman /bin/opkg /usr/pkg/bin/pkgin /opt/local/bin/pkgin /opt/tools/bin/pkgin /opt/local/bin/port /usr/local/bin/brew /opt/homebrew/bin/brew /sbin/apk /usr/sbin/pkg /usr/sbin/swlist /usr/bin/emerge /usr/sbin/pkgadd /usr/bin/pkg /usr/bin/xbps-install /usr/local/sbin/pkg /usr/bin/swupd /usr/sbin/sorcery /usr/bin/installp /QOpenSys/pkgs/bin/yum /run/ostree-booted; do [ -e "$pkg_path" ] && echo "$pkg_path"; done',
    '[ -e /usr/bin/rpm ] && /usr/bin/rpm -q --whatprovides /usr/bin/apt-get >/dev/null 2>&1 && echo apt_rpm',
  ],
  service_mgr: [
    'echo @@service_mgr',
    'if [ -r /proc/1/comm ]; then read -r init_comm < /proc/1/comm; echo "comm=$init_comm"; else echo "ps=$(ps -p 1 -o comm 2>/dev/null | tail -n 1)"; fi',
    '[ -L /sbin/init ] && echo "init_link=$(readlink /sbin/init)"',
    'command -v systemctl >/dev/null 2>&1 && echo systemctl',
    '{ [ -e /run/systemd/system/ ] || [ -e /dev/.run/systemd/ ] || [ -e /dev/.systemd/ ]; } && echo systemd_booted',
    'command -v initctl >/dev/null 2>&1 && [ -e /etc/init/ ] && echo upstart',
    '[ -e /sbin/openrc ] && echo openrc',
    '[ -e /etc/init.d/ ] && echo init.d',
  ],
  hardware: [
    'echo @@meminfo',
    'while read -r mem_key mem_rest; do case $mem_key in MemTotal:|MemFree:|SwapTotal:|SwapFree:|Buffers:|Cached:|SwapCached:) echo "$mem_key $mem_rest";; esac; done < /proc/meminfo',
    'echo @@cpuinfo',
    "grep -E '^(model name|Processor|vendor_id|cpu|Vendor|processor|physical id|core id|cpu cores|siblings|# processors|ncpus active)[[:space:]]*:' /proc/cpuinfo",
    'echo @@mtab',
    'cat /etc/mtab 2>/dev/null || cat /proc/mounts',
    'echo @@bind_mounts',
    "findmnt --list --noheadings --notruncate 2>/dev/null | awk '$2 ~ /\\]$/ { print $1 }'",
    'echo @@uuids',
    'lsblk --list --noheadings --paths --output NAME,UUID --exclude 2 2>/dev/null',
    // statvfs of each mount Ansible lists: mount, f_bsize, f_frsize, f_blocks, f_bavail, f_files, f_ffree (one stat for all)
    'echo @@statvfs',
    "set --; mounts_file=/proc/mounts; [ -r /etc/mtab ] && mounts_file=/etc/mtab; while read -r fs_device fs_mount fs_type fs_rest; do case \"$fs_device\" in /*|\\\\*|*:/*) [ \"$fs_type\" != none ] && set -- \"$@\" \"$fs_mount\";; esac; done < \"$mounts_file\"; [ $# -gt 0 ] && stat -f -c '%n %s %S %b %a %c %d' \"$@\" 2>/dev/null",
  ],
  network: [
    'echo @@route4',
    // the first line is the route (the parser reads no other)
    'ip -4 route get 8.8.8.8 2>/dev/null',
    'echo @@interfaces',
    // in the folder's own order (ls -U), as Ansible's glob lists them
    'for net_dir in $(ls -U /sys/class/net 2>/dev/null || ls /sys/class/net); do net_type=; net_address=; net_mtu=; read -r net_type < "/sys/class/net/$net_dir/type" 2>/dev/null; [ -d "/sys/class/net/$net_dir/bridge" ] && net_type=bridge; [ -d "/sys/class/net/$net_dir/bonding" ] && net_type=bonding; read -r net_address < "/sys/class/net/$net_dir/address" 2>/dev/null; read -r net_mtu < "/sys/class/net/$net_dir/mtu" 2>/dev/null; echo "$net_dir $net_address $net_mtu $net_type"; done',
    'echo @@ipv4_primary',
    'ip -o -4 addr show primary 2>/dev/null',
    'echo @@ipv4_secondary',
    'ip -o -4 addr show secondary 2>/dev/null',
  ],
} satisfies Record<string, string[]>;

export type FactSubset = keyof typeof SECTIONS;

const MIN: FactSubset[] = ['platform', 'distribution', 'lsb', 'env', 'user', 'python', 'pkg_mgr', 'service_mgr'];
const ALL = Object.keys(SECTIONS) as FactSubset[];

/** Ansible also takes a fact's name for the collector that gathers it. */
const FACT_COLLECTORS: Record<string, FactSubset> = {
  all_ipv4_addresses: 'network', default_ipv4: 'network',
  distribution_major_version: 'distribution', distribution_release: 'distribution', distribution_version: 'distribution', os_family: 'distribution',
  architecture: 'platform', kernel: 'platform', kernel_version: 'platform', machine: 'platform', system: 'platform',
  effective_group_ids: 'user', effective_user_id: 'user', real_user_id: 'user', user_dir: 'user', user_gecos: 'user', user_gid: 'user', user_id: 'user', user_shell: 'user', user_uid: 'user',
  mounts: 'hardware', processor: 'hardware', processor_cores: 'hardware', processor_count: 'hardware',
  python_version: 'python',
};

/** Ansible's other subset, collector and fact names: accepted, nothing gathered for them. */
const NOT_GATHERED = [
  'all_ipv6_addresses', 'apparmor', 'caps', 'chroot', 'cmdline', 'date_time', 'default_ipv6', 'devices', 'dns', 'facter', 'fibre_channel_wwn', 'fips',
  'interfaces', 'is_chroot', 'iscsi', 'loadavg', 'local', 'machine_id', 'nvme', 'ohai', 'selinux', 'ssh_host_key_dsa_public', 'ssh_host_key_ecdsa_public',
  'ssh_host_key_ed25519_public', 'ssh_host_key_rsa_public', 'ssh_host_pub_keys', 'ssh_pub_keys', 'system_capabilities', 'system_capabilities_enforced',
  'virtual', 'virtualization_role', 'virtualization_tech_guest', 'virtualization_tech_host', 'virtualization_type',
];

export class FactSubsetError extends Error {}

/**
 * The subsets a `gather_subset` list names, as Ansible reads it: `all` (the default), `min`,
 * `hardware`, `network` or a collector's name, `!name` to leave one out; `min` is gathered
 * unless `!min` says otherwise.
 */
export function resolveSubsets(gatherSubset: unknown = ['all']): FactSubset[] {
  const items = (Array.isArray(gatherSubset) ? gatherSubset : String(gatherSubset).split(',')).map((s) => String(s).trim()).filter(Boolean);
  const added = new Set<FactSubset>();
  const excluded = new Set<FactSubset>();
  let excludeAll = false;
  let named = false;
  const known = (name: string): FactSubset[] => {
    if (name === 'all') return ALL;
    if (name === 'min') return MIN;
    if (name in SECTIONS) return [name as FactSubset];
    if (name in FACT_COLLECTORS) return [FACT_COLLECTORS[name]!];
    if (NOT_GATHERED.includes(name)) return [];
    const allowed = [...ALL.filter((s) => s !== 'hardware' && s !== 'network'), 'hardware', 'network', ...Object.keys(FACT_COLLECTORS), ...NOT_GATHERED];
    throw new FactSubsetError(`Bad subset '${name}' given to Ansible. gather_subset options allowed: all, ${[...new Set(allowed)].sort().join(', ')}`);
  };
  for (const item of items) {
    const name = item.replace(/^!/, '');
    const subsets = known(name);
    if (!item.startsWith('!')) {
      named = true;
      subsets.forEach((s) => added.add(s));
    } else if (name === 'all') excludeAll = true;
    else subsets.forEach((s) => excluded.add(s));
  }
  if (!named && !excludeAll) ALL.forEach((s) => added.add(s));
  MIN.forEach((s) => added.add(s));
  return ALL.filter((s) => added.has(s) && !excluded.has(s));
}

/** `cat` without a program: a file's lines, the last one even without its newline. */
const SHOW = 'show() { while IFS= read -r show_line || [ -n "$show_line" ]; do printf \'%s\\n\' "$show_line"; done < "$1"; }';

/** The one command that prints every section of these subsets. */
export function factsCommand(subsets: FactSubset[] = ALL): string {
  return [SHOW, ...subsets.flatMap((s) => SECTIONS[s]), 'true'].join('\n');
}
