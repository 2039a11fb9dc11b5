/** ansible_pkg_mgr and ansible_service_mgr from the facts command's sections (Ansible's pkg_mgr.py, service_mgr.py). */

const PKG_MGRS: [string, string][] = [
  ['/usr/bin/rpm-ostree', 'atomic_container'], ['/usr/bin/yum', 'yum'], ['/usr/bin/dnf', 'dnf'], ['/usr/bin/apt-get', 'apt'],
  ['/usr/bin/zypper', 'zypper'], ['/usr/sbin/urpmi', 'urpmi'], ['/usr/bin/pacman', 'pacman'], ['/bin/opkg', 'opkg'],
  ['/usr/pkg/bin/pkgin', 'pkgin'], ['/opt/local/bin/pkgin', 'pkgin'], ['/opt/tools/bin/pkgin', 'pkgin'], ['/opt/local/bin/port', 'macports'],
  ['/usr/local/bin/brew', 'homebrew'], ['/opt/homebrew/bin/brew', 'homebrew'], ['/sbin/apk', 'apk'], ['/usr/sbin/pkg', 'pkgng'],
  ['/usr/sbin/swlist', 'swdepot'], ['/usr/bin/emerge', 'portage'], ['/usr/sbin/pkgadd', 'svr4pkg'], ['/usr/bin/pkg', 'pkg5'],
  ['/usr/bin/xbps-install', 'xbps'], ['/usr/local/sbin/pkg', 'pkgng'], ['/usr/bin/swupd', 'swupd'], ['/usr/sbin/sorcery', 'sorcery'],
  ['/usr/bin/installp', 'installp'], ['/QOpenSys/pkgs/bin/yum', 'yum'],
];

/** The last manager of Ansible's list present on the host, then the family's official one. */
export function pkgMgr(present: string[], facts: Record<string, unknown>): string {
  let name = PKG_MGRS.filter(([path]) => present.includes(path)).at(-1)?.[1] ?? 'unknown';
  const has = (manager: string) => PKG_MGRS.some(([path, n]) => n === manager && present.includes(path));
  const major = Number.parseInt(String(facts.distribution_major_version), 10);
  if (facts.os_family === 'RedHat') {
    if (present.includes('/run/ostree-booted')) return 'atomic_container';
    if (facts.distribution === 'Fedora' || facts.distribution === 'Amazon') {
      const old = facts.distribution === 'Fedora' ? major < 23 : major < 2022;
      if (Number.isNaN(major)) name = 'dnf';
      else if (old && has('yum')) name = 'yum';
      else if (!old && has('dnf')) name = 'dnf';
    } else name = major < 8 ? 'yum' : 'dnf';
  } else if (facts.os_family === 'Debian') name = 'apt';
  else if (facts.os_family === 'Altlinux' && name === 'apt') name = 'apt_rpm';
  return name === 'apt' && present.includes('apt_rpm') ? 'apt_rpm' : name;
}

const PID1_NAMES: Record<string, string> = { procd: 'openwrt_init', 'runit-init': 'runit', svscan: 'svc', 'openrc-init': 'openrc' };

/** PID 1's name when it says something (not init, not a shell), else what the host has: systemd, upstart, openrc, sysvinit. */
export function serviceMgr(lines: string[], facts: Record<string, unknown>): string {
  const values = new Map(lines.map((line) => [line.split('=')[0]!, line.slice(line.indexOf('=') + 1)]));
  const flag = (name: string) => values.has(name);
  let pid1 = values.get('comm')?.trim();
  if (pid1 === undefined) {
    const ps = values.get('ps') ?? '';
    pid1 = !ps.trim() || /^ *[0-9]+ /.test(ps) || ps === 'COMMAND' ? undefined : ps;
  }
  if (pid1 === undefined && values.has('init_link')) pid1 = values.get('init_link');
  if (pid1 !== undefined) pid1 = pid1.split('/').at(-1)!.trim();
  if (pid1 !== undefined && pid1 !== 'init' && !pid1.endsWith('sh')) return PID1_NAMES[pid1] ?? pid1;
  if (facts.system !== 'Linux') return 'service';
  if (flag('systemctl') && flag('systemd_booted')) return 'systemd';
  if (flag('upstart')) return 'upstart';
  if (flag('openrc')) return 'openrc';
  if (flag('systemctl') && values.get('init_link')?.split('/').at(-1) === 'systemd') return 'systemd';
  if (flag('init.d')) return 'sysvinit';
  return 'service';
}
