/** Inventories that give no hosts: the same warnings, output and exit code as ansible-playbook. */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { ansiblePython, ansibleWarnings } from '../compat/oracle.js';
import { deployer, tempDir } from '../support/fleet.js';

const dir = tempDir('deployer-inv-warn-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
fs.writeFileSync(path.join(dir, 'all.yml'), '- hosts: all\n  gather_facts: false\n  tasks:\n    - debug: msg=hi\n');
fs.writeFileSync(path.join(dir, 'empty.cfg'), '');

const haveAnsible = ansiblePython() !== undefined;

(haveAnsible ? describe : describe.skip)('no hosts', () => {
  it.each<[string, string[], Record<string, string>]>([
    ['a -i source that does not exist', ['-i', 'nope.ini'], {}],
    ['a missing source beside a host list', ['-i', 'nope.ini', '-i', 'web1,'], {}],
    ['ANSIBLE_INVENTORY=/dev/null', [], { ANSIBLE_INVENTORY: '/dev/null' }],
    ['localhost_warning off', ['-i', 'nope.ini'], { ANSIBLE_LOCALHOST_WARNING: 'false' }],
  ])('%s', async (_name, args, env) => {
    const fullEnv = { ANSIBLE_CONFIG: path.join(dir, 'empty.cfg'), ANSIBLE_NOCOLOR: '1', ANSIBLE_RETRY_FILES_ENABLED: 'false', NO_COLOR: '1', ...env };
    const [ansible, ours] = await Promise.all([
      execa('ansible-playbook', [...args, 'all.yml', '--list-hosts'], { cwd: dir, env: fullEnv, reject: false }),
      deployer(['play', ...args, 'all.yml', '--list-hosts'], { cwd: dir, env: fullEnv }),
    ]);
    expect({ warnings: ansibleWarnings(String(ours.stderr)), stdout: String(ours.stdout).trimEnd(), exitCode: ours.exitCode }).toEqual({ warnings: ansibleWarnings(ansible.stderr), stdout: ansible.stdout.trimEnd(), exitCode: ansible.exitCode });
  }, 60_000);
});
