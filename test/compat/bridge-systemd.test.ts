/**
 * The bridge on real systemd hosts, with become: community.general.timezone (timedatectl, over
 * D-Bus) and ansible.posix.mount (fstab and a real mount), in check mode, for real and again, by
 * ansible-playbook on one systemd host and by deployer on its twin; the output, the recap and
 * what each host holds afterwards (time zone, fstab, mounts, registered results) must be the
 * same. Then the same modules ad hoc (`deployer HOST -m ...` against `ansible HOST -m ...`).
 */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { deployer, repo, tempDir } from '../support/fleet.js';
import { startSystemdFleet, stopSystemdFleet, type SystemdFleetState } from '../../src/fleet/systemd-fleet.js';
import { ansiblePython } from './oracle.js';

const fixtures = path.join(repo, 'test/fixtures/bridge');
const haveCollections = fs.existsSync('/usr/lib/python3/dist-packages/ansible_collections/ansible/posix');
const run = ansiblePython() !== undefined && haveCollections && process.getuid?.() === 0 ? describe : describe.skip;
const controlDir = tempDir('deployer-bridge-systemd-cp-');
let ansibleSide: SystemdFleetState;
let ourSide: SystemdFleetState;
const ENV = { ANSIBLE_CONFIG: '', ANSIBLE_NOCOLOR: '1', ANSIBLE_RETRY_FILES_ENABLED: 'false', ANSIBLE_PIPELINING: 'True', ANSIBLE_SSH_CONTROL_PATH_DIR: controlDir };

beforeAll(async () => {
  if (ansiblePython() === undefined || !haveCollections || process.getuid?.() !== 0) return;
  // networks 66 and 67: no other test's fleet uses them
  [ansibleSide, ourSide] = await Promise.all([startSystemdFleet({ dir: tempDir('deployer-bridge-a-'), hosts: 1, network: 66 }), startSystemdFleet({ dir: tempDir('deployer-bridge-d-'), hosts: 1, network: 67 })]);
}, 300_000);
afterAll(async () => {
  await Promise.all(fs.readdirSync(controlDir).map((socket) => execa('ssh', ['-O', 'exit', '-S', path.join(controlDir, socket), 'fleet'], { reject: false })));
  fs.rmSync(controlDir, { recursive: true, force: true });
  await Promise.all([ansibleSide, ourSide].filter(Boolean).map((side) => stopSystemdFleet(side.dir).then(() => fs.rmSync(side.dir, { recursive: true, force: true }))));
}, 120_000);

/** A command on the side's host, as root. */
async function onHost(side: SystemdFleetState, command: string): Promise<string> {
  const host = side.hosts[0];
  const ran = await execa('ssh', ['-i', side.clientKey, '-o', `UserKnownHostsFile=${side.knownHosts}`, '-o', 'StrictHostKeyChecking=yes', '-p', String(host.port), `${side.user}@${host.address}`, `sudo sh -c '${command}'`], { reject: false });
  return `${ran.stdout}${ran.stderr ? `\n${ran.stderr}` : ''}`;
}

/** What the modules leave on a host. */
async function endState(side: SystemdFleetState): Promise<Record<string, string>> {
  return {
    zone: await onHost(side, 'readlink /etc/localtime; cat /etc/timezone 2>/dev/null; timedatectl show -p Timezone --value'),
    fstab: await onHost(side, 'grep -v "^#" /etc/fstab || true'),
    mounts: await onHost(side, 'findmnt -rn -o TARGET,FSTYPE,OPTIONS /mnt/scratch; findmnt -rn -o TARGET /mnt/later; true'),
    results: await onHost(side, 'cat /root/bridge-results.json 2>/dev/null || echo none'),
  };
}

const recap = (output: string) => [...output.matchAll(/^(\S+)\s+: (ok=.*)$/gm)].map((m) => `${m[1]} ${m[2].replace(/\s+/g, ' ').trim()}`);

/** The output cut at its banners, without warnings, the diff's after-header (Ansible names a temporary file there). */
function sections(output: string): [string, string[]][] {
  const out: [string, string[]][] = [];
  for (const line of output.replace(/^\+\+\+ after: .*$/gm, '+++ after: <source>').split('\n')) {
    if (/^[A-Z].*\*{3}$/.test(line)) out.push([line.replace(/\s*\*+$/, ''), []]);
    else if (line.trim() && out.length && !line.startsWith('[WARNING]')) out[out.length - 1][1].push(line);
  }
  return out;
}

async function both(args: string[]) {
  const [ansible, ours] = await Promise.all([
    execa('ansible-playbook', ['-i', ansibleSide.inventory, ...args], { cwd: fixtures, env: ENV, reject: false }),
    deployer(['play', '-i', ourSide.inventory, ...args], { cwd: fixtures, env: ENV }),
  ]);
  expect(recap(ansible.stdout)).not.toEqual([]);
  expect({ code: ours.exitCode, recap: recap(String(ours.stdout)) }).toEqual({ code: ansible.exitCode, recap: recap(ansible.stdout) });
  expect(sections(String(ours.stdout))).toEqual(sections(ansible.stdout));
  return String(ours.stdout);
}

run('timezone and mount through the bridge on systemd hosts, with become, as ansible-playbook runs them', () => {
  it('in check mode with --diff: the same predictions, nothing changed on the hosts', async () => {
    const before = await endState(ourSide);
    await both(['systemd.yml', '--check', '--diff']);
    expect(await endState(ourSide)).toEqual(before);
    expect(await endState(ansibleSide)).toEqual(before);
    expect(before.zone).toContain('Etc/UTC');
  }, 180_000);

  it('for real, then again: the same hosts afterwards, and nothing changed the second time', async () => {
    const first = await both(['systemd.yml', '--diff']);
    expect(first).toMatch(/changed: \[node01\]/);
    const state = await endState(ourSide);
    expect(state).toEqual(await endState(ansibleSide));
    expect(state.zone).toContain('Europe/Paris');
    expect(state.mounts).toMatch(/^\/mnt\/scratch tmpfs rw,.*size=4096k,mode=750/m);
    expect(state.fstab).toContain('tmpfs /mnt/later tmpfs size=1m 0 0');
    const second = await both(['systemd.yml', '--diff']);
    // only the file of registered results (which hold `changed`) is written again
    expect(second.match(/^changed: /gm)).toEqual(['changed: ']);
    expect(await endState(ourSide)).toEqual(await endState(ansibleSide));
  }, 240_000);

  it('ad hoc: deployer HOST -m <bridged module> answers as ansible HOST -m', async () => {
    for (const args of [['-m', 'community.general.timezone', '-a', 'name=Europe/Paris', '-b'], ['-m', 'ansible.posix.mount', '-a', 'path=/mnt/scratch state=unmounted', '-b'], ['-m', 'getent', '-a', 'database=passwd key=dfleet']]) {
      const [ansible, ours] = await Promise.all([
        execa('ansible', ['node01', '-i', ansibleSide.inventory, ...args], { cwd: fixtures, env: ENV, reject: false }),
        deployer(['node01', '-i', ourSide.inventory, ...args], { cwd: fixtures, env: ENV }),
      ]);
      expect({ code: ours.exitCode, stdout: String(ours.stdout).trim() }).toEqual({ code: ansible.exitCode, stdout: ansible.stdout.trim() });
    }
    expect(await endState(ourSide)).toEqual(await endState(ansibleSide));
  }, 180_000);
});
