/**
 * The hosts' side of fencing (playbooks/roles/release/tasks/fence.yml, imported by restart.yml and
 * rollback.yml), through deployer's engine on real sshd hosts with sudo: each host keeps the
 * highest deploy-lock token it has seen and refuses a smaller one; the same token passes again
 * (a run restarts several batches); without a token nothing is checked (plain ansible-playbook,
 * the file store). The sshd hosts are this machine: each host gets its own fence folder.
 */
import fs from 'node:fs';
import path from 'node:path';
import { deployer, repo, testFleet, type TestFleet } from '../support/fleet.js';

let fleet: TestFleet;
let site: string;

beforeAll(async () => {
  fleet = await testFleet(2);
  // the fence tasks as restart.yml imports them, with the playbooks' own files (fence.sh)
  for (const folder of ['files', 'roles']) fs.symlinkSync(path.join(repo, 'playbooks', folder), path.join(fleet.dir, folder));
  site = path.join(fleet.dir, 'site.yml');
  fs.writeFileSync(site, `- hosts: all\n  gather_facts: false\n  become: true\n  vars:\n    component: app\n    platform_name: shop\n    deployer_fence_dir: "${fleet.dir}/fence/{{ inventory_hostname }}"\n  tasks:\n    - import_tasks: roles/release/tasks/fence.yml\n`);
}, 60_000);
afterAll(() => fleet?.stop());

const fenceFile = (host: string) => path.join(fleet.dir, 'fence', host, 'shop.fence');
const play = (...extra: string[]) => deployer(['play', '-i', fleet.inventory, site, ...extra]);

describe('the fence file on the hosts', () => {
  it('keeps the newest token, lets the same one pass, refuses an older one', async () => {
    const hosts = fleet.hosts.map((h) => h.name);
    expect((await play('-e', 'deployer_fence_token=41')).exitCode).toBe(0);
    expect(hosts.map((h) => fs.readFileSync(fenceFile(h), 'utf8'))).toEqual(['41\n', '41\n']);
    expect((await play('-e', 'deployer_fence_token=41')).exitCode).toBe(0);
    // a newer run has been on one host: the older run is refused there, not on the other
    expect((await play('-e', 'deployer_fence_token=57', '-l', hosts[0])).exitCode).toBe(0);
    const stale = await play('-e', 'deployer_fence_token=41');
    expect(stale.exitCode).toBe(2);
    expect(String(stale.stdout)).toContain(`"msg": "${hosts[0]}: fenced: this run's deploy lock token 41 is older than 57, the newest this host has seen: another run took the lock over`);
    expect(String(stale.stdout)).toMatch(new RegExp(`${hosts[1]} +: ok=\\d+ +changed=0 +unreachable=0 +failed=0`));
    expect(hosts.map((h) => fs.readFileSync(fenceFile(h), 'utf8'))).toEqual(['57\n', '41\n']);
  }, 60_000);

  it('checks nothing without a token', async () => {
    const host = fleet.hosts[0].name;
    const before = fs.readFileSync(fenceFile(host), 'utf8');
    const run = await play();
    expect(run.exitCode).toBe(0);
    expect(String(run.stdout)).toMatch(/skipping/);
    expect(fs.readFileSync(fenceFile(host), 'utf8')).toBe(before);
  }, 60_000);

  it('is checked before anything else by the restart and rollback playbooks', () => {
    for (const playbook of ['restart.yml', 'rollback.yml']) {
      const text = fs.readFileSync(path.join(repo, 'playbooks', playbook), 'utf8');
      expect(text.indexOf('import_tasks: roles/release/tasks/fence.yml')).toBeLessThan(text.indexOf('systemctl'));
      expect(text).toMatch(/tasks:\n    - import_tasks: roles\/release\/tasks\/fence\.yml\n/);
    }
  });
});
