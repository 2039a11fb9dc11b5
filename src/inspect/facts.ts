/**
 * Ansible's facts from the output of the facts command (facts-script.ts), by a pure function:
 * the same names and values `setup` gives for the facts roles read (distribution, OS family,
 * package and service managers, user, environment, python, lsb, memory, processors, mounts,
 * default IPv4 address), without the `ansible_` prefix (as under `ansible_facts`).
 */
import { memoryFacts, mountFacts, processorFacts } from './facts-hardware.js';
import { networkFacts } from './facts-network.js';
import { pkgMgr, serviceMgr } from './facts-managers.js';

export { factsCommand, resolveSubsets, FactSubsetError, type FactSubset } from './facts-script.js';

export type Facts = Record<string, unknown>;

function splitSections(output: string): Map<string, string[]> {
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of output.split('\n')) {
    const header = /^@@([\w.-]+)$/.exec(line);
    if (header) sections.set(header[1]!, (current = []));
    else if (current && line !== '') current.push(line);
  }
  return sections;
}

function keyValues(lines: string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of lines) {
    const eq = line.indexOf('=');
    if (eq > 0) values[line.slice(0, eq)] = line.slice(eq + 1).replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1');
  }
  return values;
}

function platformFacts(lines: string[]): Facts {
  const [system = '', kernel = '', kernelVersion = '', machine = '', nodename = '', fqdn = nodename] = lines;
  return {
    system,
    kernel,
    kernel_version: kernelVersion,
    machine,
    architecture: machine,
    nodename,
    hostname: nodename.split('.')[0],
    fqdn,
    domain: fqdn.split('.').slice(1).join('.'),
  };
}

const FAMILIES: Record<string, string> = {
  debian: 'Debian', ubuntu: 'Debian', linuxmint: 'Debian', raspbian: 'Debian',
  rhel: 'RedHat', centos: 'RedHat', fedora: 'RedHat', rocky: 'RedHat', almalinux: 'RedHat', ol: 'RedHat', amzn: 'RedHat',
  sles: 'Suse', opensuse: 'Suse', 'opensuse-leap': 'Suse', arch: 'Archlinux', alpine: 'Alpine', gentoo: 'Gentoo',
};

const DISTRIBUTIONS: Record<string, string> = {
  debian: 'Debian', ubuntu: 'Ubuntu', rhel: 'RedHat', centos: 'CentOS', fedora: 'Fedora', rocky: 'Rocky', almalinux: 'AlmaLinux',
  alpine: 'Alpine', arch: 'Archlinux', sles: 'SLES', amzn: 'Amazon', ol: 'OracleLinux',
};

function distributionFacts(osRelease: Record<string, string>, debianVersion: string | undefined): Facts {
  const id = osRelease.ID ?? '';
  // Ansible reads Debian's point release (12.11) from /etc/debian_version, not os-release's 12
  const version = id === 'debian' && /^\d+(\.\d+)*$/.test(debianVersion ?? '') ? debianVersion : (osRelease.VERSION_ID ?? '');
  const debianMinor = id === 'debian' ? /(\d+)\.(\d+)/.exec(debianVersion ?? '')?.[2] : undefined;
  return {
    ...(debianMinor !== undefined ? { distribution_minor_version: debianMinor } : {}),
    distribution: DISTRIBUTIONS[id] ?? (id ? id.charAt(0).toUpperCase() + id.slice(1) : 'NA'),
    distribution_version: version || 'NA',
    distribution_major_version: version ? version.split('.')[0] : 'NA',
    distribution_release: osRelease.VERSION_CODENAME ?? osRelease.UBUNTU_CODENAME ?? 'NA',
    os_family: FAMILIES[id] ?? FAMILIES[(osRelease.ID_LIKE ?? '').split(' ')[0]!] ?? (id || 'NA'),
  };
}

const LSB_LABELS: [string, string][] = [['LSB Version:', 'release'], ['Distributor ID:', 'id'], ['Description:', 'description'], ['Release:', 'release'], ['Codename:', 'codename']];
const LSB_FILE_KEYS: [string, string][] = [['DISTRIB_ID', 'id'], ['DISTRIB_RELEASE', 'release'], ['DISTRIB_DESCRIPTION', 'description'], ['DISTRIB_CODENAME', 'codename']];

/** `lsb_release -a` when it answers, else /etc/lsb-release; quotes and backslashes stripped from the ends. */
function lsbFacts(command: string[], file: string[]): Facts {
  const read = (lines: string[], labels: [string, string][], separator: string) => {
    const facts: Record<string, string> = {};
    for (const line of lines) {
      if (!line.includes(separator)) continue;
      const label = labels.find(([text]) => line.includes(text));
      if (label) facts[label[1]] = line.slice(line.indexOf(separator) + 1).trim();
    }
    return facts;
  };
  let lsb = read(command, LSB_LABELS, ':');
  if (!Object.keys(lsb).length) lsb = read(file, LSB_FILE_KEYS, '=');
  if (lsb.release !== undefined) lsb.major_release = lsb.release.split('.')[0]!;
  return Object.fromEntries(Object.entries(lsb).map(([k, v]) => [k, v.replace(/^['"\\]+|['"\\]+$/g, '')]));
}

function envFacts(lines: string[]): Facts {
  const env: Record<string, string> = {};
  for (const line of lines) {
    const eq = line.indexOf('=');
    if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1).replace(/\u0001/g, '\n');
  }
  return { env };
}

function userFacts(lines: string[]): Facts {
  const [name = '', realUid, effectiveUid, realGid, passwd = ''] = lines;
  const [, , uid, gid, gecos = '', dir = '', shell = ''] = passwd.split(':');
  return {
    user_id: name,
    user_uid: Number(uid),
    user_gid: Number(gid),
    user_gecos: gecos,
    user_dir: dir,
    user_shell: shell,
    real_user_id: Number(realUid),
    effective_user_id: Number(effectiveUid),
    real_group_id: Number(realGid),
    effective_group_id: Number(realGid),
  };
}

const RELEASE_LEVELS: Record<string, string> = { a: 'alpha', b: 'beta', rc: 'candidate' };

/** From `python -V` (Python 3.11.2, 3.12.0rc1): the interpreter runs no code of ours, so has_sslcontext and type are CPython 3's. */
function pythonFacts(lines: string[]): Facts {
  const [executable, versionLine = ''] = lines;
  const match = /Python (\d+)\.(\d+)\.(\d+)(?:(a|b|rc)(\d+))?/.exec(versionLine);
  if (!executable || !match) return {};
  const [, major, minor, micro, level, serial] = match;
  const version = { major: Number(major), minor: Number(minor), micro: Number(micro), releaselevel: level ? RELEASE_LEVELS[level]! : 'final', serial: Number(serial ?? 0) };
  return {
    python: { executable, has_sslcontext: true, type: 'cpython', version, version_info: [version.major, version.minor, version.micro, version.releaselevel, version.serial] },
    python_version: `${major}.${minor}.${micro}`,
  };
}

/** The facts of every section the output holds (a subset's sections are missing when it was not gathered). */
export function parseFacts(output: string): Facts {
  const sections = splitSections(output);
  const has = (name: string) => sections.has(name);
  const lines = (name: string) => sections.get(name) ?? [];
  const facts: Facts = {};
  if (has('platform')) Object.assign(facts, platformFacts(lines('platform')));
  if (has('os-release')) Object.assign(facts, distributionFacts(keyValues(lines('os-release')), lines('debian_version')[0]?.trim()));
  if (has('lsb_release')) facts.lsb = lsbFacts(lines('lsb_release'), lines('lsb-release-file'));
  if (has('env')) Object.assign(facts, envFacts(lines('env')));
  if (has('user')) Object.assign(facts, userFacts(lines('user')));
  if (has('python')) Object.assign(facts, pythonFacts(lines('python')));
  if (has('pkg_mgr')) facts.pkg_mgr = pkgMgr(lines('pkg_mgr'), facts);
  if (has('service_mgr')) facts.service_mgr = serviceMgr(lines('service_mgr'), facts);
  if (has('meminfo')) Object.assign(facts, memoryFacts(lines('meminfo')));
  if (has('cpuinfo')) Object.assign(facts, processorFacts(lines('cpuinfo'), String(facts.architecture ?? '')));
  if (has('mtab')) facts.mounts = mountFacts({ mtab: lines('mtab'), bindMounts: lines('bind_mounts'), uuids: lines('uuids'), statvfs: lines('statvfs') });
  if (has('route4')) Object.assign(facts, networkFacts({ route4: lines('route4'), interfaces: lines('interfaces'), ipv4Primary: lines('ipv4_primary'), ipv4Secondary: lines('ipv4_secondary') }));
  return facts;
}

/** Facts as Ansible injects them into a host's variables: each under its `ansible_` name. */
export function prefixedFacts(facts: Facts): Facts {
  return Object.fromEntries(Object.entries(facts).map(([key, value]) => [`ansible_${key}`, value]));
}
