/** Where roles are found (Ansible 2.14's RoleDefinition), and roles_path / collections_path as ansible.cfg and the environment set them. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { collectionsPaths, loadAnsibleConfig, rolesPath } from '../../src/config/ansible-cfg.js';
import { findRole, roleSearchPath, type RoleSearch } from '../../src/playbook/role-search.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deployer-roles-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function roles(...folders: string[]): void {
  for (const folder of folders) fs.mkdirSync(path.join(dir, folder, 'tasks'), { recursive: true });
}

const search = (extra: Partial<RoleSearch> = {}): RoleSearch => ({
  baseDir: path.join(dir, 'pb'),
  sources: { rolesPath: [path.join(dir, 'rp1'), path.join(dir, 'rp2')], collectionsPaths: [path.join(dir, 'colls')] },
  ...extra,
});

describe('a role is found in the first place that has it', () => {
  it.each<[string, string[], string, Partial<RoleSearch>, { path: string; name: string; collection?: string } | undefined]>([
    ["the playbook's roles/ first", ['pb/roles/web', 'rp1/web', 'pb/web'], 'web', {}, { name: 'web', path: 'pb/roles/web' }],
    ['then roles_path, in order', ['rp2/web', 'rp1/web', 'pb/web'], 'web', {}, { name: 'web', path: 'rp1/web' }],
    ["then the depending role's folder (meta dependencies)", ['deps/web', 'pb/web'], 'web', { roleBaseDir: 'deps' }, { name: 'web', path: 'deps/web' }],
    ["then the playbook's own folder", ['pb/web'], 'web', {}, { name: 'web', path: 'pb/web' }],
    ['a collection role by its full name', ['colls/ansible_collections/ns/coll/roles/web', 'pb/roles/web'], 'ns.coll.web', {}, { name: 'web', path: 'colls/ansible_collections/ns/coll/roles/web', collection: 'ns.coll' }],
    ["a collection in the playbook's collections/ folder", ['pb/collections/ansible_collections/ns/coll/roles/web'], 'ns.coll.web', {}, { name: 'web', path: 'pb/collections/ansible_collections/ns/coll/roles/web', collection: 'ns.coll' }],
    ["a short name inside a collection's role: that collection first", ['colls/ansible_collections/ns/coll/roles/dep', 'pb/roles/dep'], 'dep', { collection: 'ns.coll' }, { name: 'dep', path: 'colls/ansible_collections/ns/coll/roles/dep', collection: 'ns.coll' }],
    ['a dotted name not in any collection: the roles paths', ['rp1/ns.coll.web'], 'ns.coll.web', {}, { name: 'ns.coll.web', path: 'rp1/ns.coll.web' }],
    ['nowhere', ['elsewhere/web'], 'web', {}, undefined],
  ])('%s', (_name, folders, name, extra, expected) => {
    roles(...folders);
    const absolute = (p: string) => path.join(dir, p);
    const found = findRole(name, search({ ...extra, ...(extra.roleBaseDir ? { roleBaseDir: absolute(extra.roleBaseDir) } : {}) }));
    expect(found).toEqual(expected && { ...expected, path: absolute(expected.path) });
  });

  it('the search path named when a role is missing is Ansible\'s', () => {
    expect(roleSearchPath(search({ roleBaseDir: '/x/roles' })).map((p) => p.split(dir).join('<dir>'))).toEqual(['<dir>/pb/roles', '<dir>/rp1', '<dir>/rp2', '/x/roles', '<dir>/pb']);
  });
});

describe('roles_path and collections_path settings', () => {
  const home = os.homedir();
  it.each<[string, Record<string, string>, string | undefined, string[], string[]]>([
    ['defaults', {}, undefined, [`${home}/.ansible/roles`, '/usr/share/ansible/roles', '/etc/ansible/roles'], [`${home}/.ansible/collections`, '/usr/share/ansible/collections']],
    ['ANSIBLE_HOME moves the defaults', { ANSIBLE_HOME: '/opt/ah' }, undefined, ['/opt/ah/roles', '/usr/share/ansible/roles', '/etc/ansible/roles'], ['/opt/ah/collections', '/usr/share/ansible/collections']],
    ['environment, colon-separated, relative to where the command runs', { ANSIBLE_ROLES_PATH: 'targets:/abs', ANSIBLE_COLLECTIONS_PATHS: 'c1' }, undefined, ['<cwd>/targets', '/abs'], ['<cwd>/c1']],
    ['ANSIBLE_COLLECTIONS_PATH wins over ANSIBLE_COLLECTIONS_PATHS', { ANSIBLE_COLLECTIONS_PATHS: 'old', ANSIBLE_COLLECTIONS_PATH: 'new' }, undefined, [], ['<cwd>/new']],
    ['ansible.cfg, relative to the file', {}, '[defaults]\nroles_path = roles:~/more\ncollections_paths = a\ncollections_path = b\n', ['<cfg>/roles', `${home}/more`], ['<cfg>/b']],
    ['the environment wins over ansible.cfg', { ANSIBLE_ROLES_PATH: 'env' }, '[defaults]\nroles_path = file\n', ['<cwd>/env'], []],
  ])('%s', (_name, env, cfg, expectedRoles, expectedCollections) => {
    const cwd = path.join(dir, 'cwd');
    fs.mkdirSync(cwd);
    const cfgDir = path.join(dir, 'cfg');
    fs.mkdirSync(cfgDir);
    if (cfg) fs.writeFileSync(path.join(cfgDir, 'ansible.cfg'), cfg);
    const fullEnv = { ...env, ANSIBLE_CONFIG: path.join(cfgDir, 'ansible.cfg') };
    const config = loadAnsibleConfig(fullEnv, cwd);
    const neutral = (paths: string[]) => paths.map((p) => p.replace(cwd, '<cwd>').replace(cfgDir, '<cfg>'));
    if (expectedRoles.length) expect(neutral(rolesPath(config, fullEnv))).toEqual(expectedRoles);
    if (expectedCollections.length) expect(neutral(collectionsPaths(config, fullEnv))).toEqual(expectedCollections);
  });

  it('a relative ANSIBLE_CONFIG is relative to where the command runs, its paths to the file', () => {
    fs.mkdirSync(path.join(dir, 'cwd'));
    fs.mkdirSync(path.join(dir, 'cfg'));
    fs.writeFileSync(path.join(dir, 'cfg/roles.cfg'), '[defaults]\nroles_path = r\n');
    const env = { ANSIBLE_CONFIG: '../cfg/roles.cfg' };
    expect(rolesPath(loadAnsibleConfig(env, path.join(dir, 'cwd')), env)).toEqual([path.join(dir, 'cfg/r')]);
  });
});
