/**
 * group_vars and host_vars beside the playbook, as Ansible's vars plugins read them in a playbook
 * run: each after the same kind beside the inventory (all, then groups, then the host), so
 * playbook group_vars/all loses to the inventory's group_vars/web. Expected values are what
 * ansible-playbook 2.14 printed for this layout.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { VarsResolver } from '../../src/inventory/resolver.js';
import { loadInventory } from '../../src/inventory/sources.js';

const FILES: Record<string, string> = {
  'inv/hosts': '[web]\nw1 from_host=inv_file\n[web:vars]\nfrom_group=inv_file\n',
  'inv/group_vars/all.yml': 'a: inv_all\nb: inv_all\nc: inv_all\nd: inv_all\ne: inv_all\n',
  'inv/group_vars/web.yml': 'b: inv_web\nc: inv_web\nd: inv_web\nfrom_group: inv_web\n',
  'inv/host_vars/w1.yml': 'e: inv_host\nfrom_host: inv_host\n',
  'pb/group_vars/all.yml': 'a: pb_all\nb: pb_all\nf: pb_all\n',
  'pb/group_vars/web.yml': 'c: pb_web\nfrom_group: pb_web\n',
  'pb/host_vars/w1.yml': 'd: pb_host\nfrom_host: pb_host\n',
};

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deployer-pbvars-'));
  for (const [name, text] of Object.entries(FILES)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const varsOfW1 = (playbookDir?: string) => {
  const inventory = loadInventory([path.join(dir, 'inv/hosts')]);
  const resolver = new VarsResolver(inventory);
  resolver.playbookDir = playbookDir;
  const { a, b, c, d, e, f, from_group, from_host } = resolver.hostVars(inventory.getHost('w1')!);
  return { a, b, c, d, e, f, from_group, from_host };
};

describe('group_vars and host_vars beside the playbook', () => {
  it('come after the inventory folders of the same kind', () =>
    expect(varsOfW1(path.join(dir, 'pb'))).toEqual({ a: 'pb_all', b: 'inv_web', c: 'pb_web', d: 'pb_host', e: 'inv_host', f: 'pb_all', from_group: 'pb_web', from_host: 'pb_host' }));

  it('are not read outside a playbook run', () =>
    expect(varsOfW1()).toEqual({ a: 'inv_all', b: 'inv_web', c: 'inv_web', d: 'inv_web', e: 'inv_host', f: undefined, from_group: 'inv_web', from_host: 'inv_host' }));
});
