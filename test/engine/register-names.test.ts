/**
 * `register` under a name that is not a Python identifier ends the run as ansible-playbook does:
 * the task that ran fails with Ansible's message, then the run stops with ERROR! and exit code 1;
 * a task skipped by its condition stops the run too. (Checked against ansible-playbook 2.14.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { deployer, tempDir } from '../support/fleet.js';

const playbook = (when: string) => `- hosts: all
  gather_facts: false
  tasks:
    - name: register under a number
      debug: msg=hello
      register: 200
${when}
    - name: never gets here
      debug: msg=reached
`;

describe('register under a name that is no identifier', () => {
  it.each([
    ['ran', '', ['fatal: [localhost]: FAILED! => {"msg": "Invalid variable name in \'register\' specified: \'200\'"}']],
    ['skipped', '      when: false', ['skipping: [localhost]']],
  ])('a task that %s ends the run', async (_name, when, lines) => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'site.yml'), playbook(when));
    const result = await deployer(['play', 'site.yml', '-i', 'localhost,', '-c', 'local'], { cwd: dir });
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim()).toBe("ERROR! Invalid variable name in 'register' specified: '200'");
    for (const line of lines) expect(result.stdout).toContain(line);
    expect(result.stdout).not.toContain('never gets here');
    expect(result.stdout).not.toContain('PLAY RECAP');
  });
});
