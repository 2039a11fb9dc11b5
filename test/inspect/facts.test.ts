/** Facts parsed from the facts command's real output, against Ansible's `setup` on the same host. */
import fs from 'node:fs';
import path from 'node:path';
import { factsCommand, parseFacts, resolveSubsets } from '../../src/inspect/facts.js';
import { pkgMgr, serviceMgr } from '../../src/inspect/facts-managers.js';
import { memoryFacts, processorFacts } from '../../src/inspect/facts-hardware.js';
import { repo } from '../support/fleet.js';
import { COMPARED_FACTS, comparable } from '../support/facts-compare.js';

const fixture = (name: string) => fs.readFileSync(path.join(repo, 'test/fixtures/facts', name), 'utf8');

describe('a Debian 12 container, as Ansible 2.14 setup saw it', () => {
  const facts = parseFacts(fixture('debian12-container.txt'));
  const ansible = JSON.parse(fixture('debian12-container.ansible.json')) as Record<string, unknown>;
  it.each(COMPARED_FACTS)('%s', (name) => {
    expect(comparable(name, facts[name])).toEqual(comparable(name, ansible[`ansible_${name}`]));
  });
});

describe('memory facts, as Ansible computes them from /proc/meminfo', () => {
  it('the _mb values and the memory_mb dictionary (kB divided down to MiB first, as get_memory_facts does)', () => {
    const meminfo = ['MemTotal:        8152364 kB', 'MemFree:          512000 kB', 'Buffers:          102400 kB', 'Cached:          2048000 kB', 'SwapCached:         1024 kB', 'SwapTotal:       1048572 kB', 'SwapFree:         1048572 kB'];
    expect(memoryFacts(meminfo)).toEqual({
      memtotal_mb: 7961,
      memfree_mb: 500,
      swaptotal_mb: 1023,
      swapfree_mb: 1023,
      memory_mb: { real: { total: 7961, used: 7461, free: 500 }, nocache: { free: 2600, used: 5361 }, swap: { total: 1023, free: 1023, used: 0, cached: 1 } },
    });
  });
});

describe('gather_subset, as Ansible reads it', () => {
  const everything = ['platform', 'distribution', 'lsb', 'env', 'user', 'python', 'pkg_mgr', 'service_mgr', 'hardware', 'network'];
  const min = everything.slice(0, 8);
  it.each<[unknown, string[]]>([
    [undefined, everything],
    [['all'], everything],
    ['all', everything],
    [['!all'], min],
    [['min'], min],
    [['network'], [...min, 'network']],
    ['!hardware', everything.filter((s) => s !== 'hardware')],
    [['!all', '!min'], []],
    [['!all', 'hardware'], [...min, 'hardware']],
    [['virtual'], min],
    [['mounts'], [...min, 'hardware']],
    [['!all', 'default_ipv4'], [...min, 'network']],
  ])('%j → %j', (given, subsets) => {
    expect(resolveSubsets(given)).toEqual(subsets);
  });

  it('refuses a subset Ansible does not know', () => {
    expect(() => resolveSubsets(['hardwre'])).toThrow("Bad subset 'hardwre' given to Ansible. gather_subset options allowed: all, all_ipv4_addresses, all_ipv6_addresses, apparmor, architecture, caps, chroot, cmdline, date_time, default_ipv4, default_ipv6, devices, distribution, distribution_major_version, distribution_release, distribution_version, dns, effective_group_ids, effective_user_id, env, facter, fibre_channel_wwn, fips, hardware, interfaces, is_chroot, iscsi, kernel, kernel_version, loadavg, local, lsb, machine, machine_id, mounts, network, nvme, ohai, os_family, pkg_mgr, platform, processor, processor_cores, processor_count, python, python_version, real_user_id, selinux, service_mgr, ssh_host_key_dsa_public, ssh_host_key_ecdsa_public, ssh_host_key_ed25519_public, ssh_host_key_rsa_public, ssh_host_pub_keys, ssh_pub_keys, system, system_capabilities, system_capabilities_enforced, user, user_dir, user_gecos, user_gid, user_id, user_shell, user_uid, virtual, virtualization_role, virtualization_tech_guest, virtualization_tech_host, virtualization_type");
  });

  it('prints only the sections of the subsets asked for', () => {
    const command = factsCommand(resolveSubsets(['!all']));
    expect(command).toContain('echo @@os-release');
    expect(command).not.toContain('@@mtab');
    expect(command).not.toContain('@@route4');
  });
});

describe('ansible_service_mgr', () => {
  it.each<[string[], string]>([
    [['comm=systemd', 'systemctl', 'systemd_booted'], 'systemd'],
    [['comm=process_api', 'systemctl', 'init.d'], 'process_api'],
    [['comm=runit-init'], 'runit'],
    [['comm=bash', 'systemctl', 'systemd_booted'], 'systemd'],
    [['comm=init', 'openrc', 'init.d'], 'openrc'],
    [['comm=sh', 'systemctl', 'init_link=/lib/systemd/systemd'], 'systemd'],
    [['comm=init', 'init.d'], 'sysvinit'],
    [['comm=init'], 'service'],
    [['ps=  1 ', 'init_link=../lib/systemd/systemd'], 'systemd'],
  ])('%j → %s', (lines, expected) => {
    expect(serviceMgr(lines, { system: 'Linux' })).toBe(expected);
  });
});

describe('ansible_pkg_mgr', () => {
  it.each<[string[], Record<string, unknown>, string]>([
    [['/usr/bin/apt-get'], { os_family: 'Debian' }, 'apt'],
    [['/usr/bin/apt-get', '/usr/bin/zypper'], { os_family: 'Debian' }, 'apt'],
    [['/usr/bin/apt-get', 'apt_rpm'], { os_family: 'Altlinux' }, 'apt_rpm'],
    [['/usr/bin/yum', '/usr/bin/dnf'], { os_family: 'RedHat', distribution: 'Rocky', distribution_major_version: '9' }, 'dnf'],
    [['/usr/bin/yum'], { os_family: 'RedHat', distribution: 'CentOS', distribution_major_version: '7' }, 'yum'],
    [['/usr/bin/yum', '/usr/bin/dnf'], { os_family: 'RedHat', distribution: 'Fedora', distribution_major_version: '22' }, 'yum'],
    [['/usr/bin/dnf', '/run/ostree-booted'], { os_family: 'RedHat', distribution: 'Fedora', distribution_major_version: '39' }, 'atomic_container'],
    [['/sbin/apk'], { os_family: 'Alpine' }, 'apk'],
    [[], { os_family: 'Gentoo' }, 'unknown'],
  ])('%j on %j → %s', (present, facts, expected) => {
    expect(pkgMgr(present, facts)).toBe(expected);
  });
});

describe('processors, counted as Ansible counts them', () => {
  const cpu = (physical: string, core: string, siblings: number, cores: number) =>
    ['processor\t: 0', 'vendor_id\t: GenuineIntel', 'model name\t: Xeon', `physical id\t: ${physical}`, `siblings\t: ${siblings}`, `core id\t\t: ${core}`, `cpu cores\t: ${cores}`];
  it.each<[string, string[], Record<string, number>]>([
    ['2 sockets, 2 cores, 2 threads each', ['0', '1'].flatMap((s) => ['0', '0', '1', '1'].map((c) => cpu(s, c, 4, 2)).flat()), { processor_count: 2, processor_cores: 2, processor_threads_per_core: 2, processor_vcpus: 8 }],
    ['a VM without topology', ['processor\t: 0', 'vendor_id\t: AuthenticAMD', 'model name\t: EPYC', 'processor\t: 1', 'vendor_id\t: AuthenticAMD', 'model name\t: EPYC'], { processor_count: 2, processor_cores: 1, processor_threads_per_core: 1, processor_vcpus: 2 }],
  ])('%s', (_name, lines, expected) => {
    expect(processorFacts(lines, 'x86_64')).toMatchObject(expected);
  });
});
