/**
 * user, group and apt on a real fleet host, through sudo. The fleet shares this machine, so the
 * accounts are real ones: their names carry this process's id and afterAll removes them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { deployer, tempDir, testFleet, type TestFleet } from '../support/fleet.js';

const user = `dpu${process.pid}`;
const groupA = `dpga${process.pid}`;
const groupB = `dpgb${process.pid}`;
const groupC = `dpgc${process.pid}`;
let fleet: TestFleet;
let dir: string;

beforeAll(async () => {
  fleet = await testFleet(1);
  dir = tempDir();
}, 60_000);
afterAll(async () => {
  await fleet?.stop();
  await execa('userdel', [user], { reject: false });
  for (const group of [groupC, groupA, groupB]) await execa('groupdel', [group], { reject: false });
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs a one-play playbook with these tasks on the fleet host; returns the host's recap counts and the output. */
async function play(tasks: string, extra: string[] = [], env: Record<string, string> = {}) {
  const file = path.join(dir, 'site.yml');
  fs.writeFileSync(file, `- hosts: all\n  gather_facts: false\n  tasks:\n${tasks}`);
  const result = await deployer(['play', '-i', fleet.inventory, file, ...extra], { env });
  const recap = /host001\s+: ok=(\d+)\s+changed=(\d+)\s+unreachable=(\d+)\s+failed=(\d+)\s+skipped=(\d+)/.exec(String(result.stdout));
  if (!recap) throw new Error(`no recap in:\n${result.stdout}\n${result.stderr}`);
  const [ok, changed, , failed, skipped] = recap.slice(1).map(Number);
  return { ok, changed, failed, skipped, stdout: String(result.stdout), exitCode: result.exitCode };
}

const getent = async (database: string, key: string) => (await execa('getent', [database, key], { reject: false })).stdout;
/** A group id no group of this machine has, from `from` up. */
async function freeGid(from: number): Promise<number> {
  let gid = from;
  while (await getent('group', String(gid))) gid++;
  return gid;
}
const groupsOf = async (name: string) => (await execa('id', ['-nG', name])).stdout.split(' ').slice(1).sort();

describe('user and group', () => {
  let gidB: number;
  const create = () => [
    `    - group: name=${groupA}`,
    `    - group: name=${groupB} gid=${gidB}`,
    `    - user: name=${user} groups=${groupA} shell=/bin/sh comment="deploy user" create_home=false`,
    '',
  ].join('\n');

  it('creates groups and a user with its groups, shell and comment; the second run changes nothing', async () => {
    gidB = await freeGid(47100);
    const first = await play(create(), ['-b']);
    expect(first).toMatchObject({ changed: 3, failed: 0 });
    expect(await getent('group', groupB)).toMatch(new RegExp(`^${groupB}:x:${gidB}:`));
    expect(await getent('passwd', user)).toMatch(/:deploy user:[^:]*:\/bin\/sh$/);
    expect(await groupsOf(user)).toEqual([groupA]);
    expect(await play(create(), ['-b'])).toMatchObject({ ok: 3, changed: 0, failed: 0 });
  }, 60_000);

  it('adds groups with append, replaces them without it, and changes the shell', async () => {
    expect(await play(`    - user: name=${user} groups=${groupB} append=true\n`, ['-b'])).toMatchObject({ changed: 1 });
    expect(await groupsOf(user)).toEqual([groupA, groupB].sort());
    expect(await play(`    - user: name=${user} groups=${groupB}\n`, ['-b'])).toMatchObject({ changed: 1 });
    expect(await groupsOf(user)).toEqual([groupB]);
    expect(await play(`    - user: name=${user} shell=/bin/bash\n`, ['-b'])).toMatchObject({ changed: 1 });
    expect(await getent('passwd', user)).toMatch(/:\/bin\/bash$/);
  }, 60_000);

  it('changes a group id', async () => {
    const gid = await freeGid(47200);
    expect(await play(`    - group: name=${groupB} gid=${gid}\n`, ['-b'])).toMatchObject({ changed: 1 });
    expect(await getent('group', groupB)).toMatch(new RegExp(`:${gid}:`));
  }, 60_000);

  it("hands arguments it does not take to Ansible's own user module (expires: the shadow entry's day 21915)", async () => {
    expect(await play(`    - user: name=${user} expires=1893456000\n`, ['-b'])).toMatchObject({ changed: 1, failed: 0 });
    expect((await getent('shadow', user)).split(':')[7]).toBe('21915');
    expect(await play(`    - user: name=${user} expires=1893456000\n`, ['-b'])).toMatchObject({ changed: 0, failed: 0 });
  }, 60_000);

  it("hands arguments it does not take to Ansible's own group module (non_unique: a second group with the gid of another)", async () => {
    const gidA = (await getent('group', groupA)).split(':')[2];
    const task = `    - group: name=${groupC} gid=${gidA} non_unique=yes\n`;
    expect(await play(task, ['-b'])).toMatchObject({ changed: 1, failed: 0 });
    expect((await getent('group', groupC)).split(':')[2]).toBe(gidA);
    expect(await play(task, ['-b'])).toMatchObject({ changed: 0, failed: 0 });
  }, 60_000);

  it('refuses arguments it does not take, instead of ignoring them, when ansible-core cannot run', async () => {
    const result = await play(`    - user: name=${user} expires=0\n`, ['-b'], { DEPLOYER_ANSIBLE_PYTHON: '/nonexistent/python3' });
    expect(result.failed).toBe(1);
    expect(result.stdout).toContain('user: expires not supported natively');
    expect((await getent('shadow', user)).split(':')[7]).toBe('21915');
  }, 60_000);

  it('predicts a removal under --check without removing, then removes', async () => {
    const tasks = `    - user: name=${user} state=absent\n    - group: name=${groupA} state=absent\n    - group: name=${groupB} state=absent\n`;
    expect(await play(tasks, ['-b', '--check'])).toMatchObject({ changed: 3 });
    expect(await getent('passwd', user)).not.toBe('');
    expect(await play(tasks, ['-b'])).toMatchObject({ changed: 3 });
    expect(await getent('passwd', user)).toBe('');
    expect(await getent('group', groupA)).toBe('');
  }, 60_000);
});

describe('apt', () => {
  it('reports an installed package as ok, and predicts its removal under --check without removing it', async () => {
    expect(await play('    - apt: name=openssh-server state=present\n', ['-b'])).toMatchObject({ ok: 1, changed: 0 });
    expect(await play('    - apt: name=openssh-server state=absent\n', ['-b', '--check'])).toMatchObject({ changed: 1 });
    expect((await execa('dpkg-query', ['-W', '-f=${Status}', 'openssh-server'])).stdout).toBe('install ok installed');
  }, 60_000);

  it('names a package apt does not know', async () => {
    const result = await play('    - apt: name=deployer-no-such-package\n', ['-b', '--check']);
    expect(result.failed).toBe(1);
    expect(result.stdout).toContain("No package matching 'deployer-no-such-package' is available");
  }, 60_000);

  it('is skipped with a clear message when not root', async () => {
    const result = await play('    - package: name=openssh-server state=absent\n', ['-v']);
    expect(result).toMatchObject({ skipped: 1, failed: 0 });
    expect(result.stdout).toContain('not root on host001: packages openssh-server need removing; run the task with become: true');
  }, 60_000);
});
