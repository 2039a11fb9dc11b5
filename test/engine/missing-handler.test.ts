/**
 * A notification that no handler answers (by name, by its role's name, or by `listen`) stops the
 * run as ansible-playbook 2.14 does (error_on_missing_handler, on by default): ERROR! with
 * Ansible's words, before the task's result is shown, exit code 1; with the setting off it is a
 * warning (parity playbook 167 compares that run with Ansible's). A handler that is an include
 * answers its name too (deployer does not run such handlers yet: the README says so).
 */
import fs from 'node:fs';
import path from 'node:path';
import { deployer, tempDir } from '../support/fleet.js';

const playbook = `- hosts: all
  gather_facts: false
  tasks:
    - name: notify nobody
      command: "true"
      changed_when: true
      notify: nobody answers
    - name: never gets here
      debug: msg=reached
  handlers:
    - name: somebody
      debug: msg=never
`;

describe('a notification no handler answers', () => {
  it.each([
    ['stops the run', {}, 1],
    ['is a warning with error_on_missing_handler off', { ANSIBLE_ERROR_ON_MISSING_HANDLER: 'false' }, 0],
  ])('%s', async (_name, env, exitCode) => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'site.yml'), playbook);
    const result = await deployer(['play', 'site.yml', '-i', 'localhost,', '-c', 'local'], { cwd: dir, env: { ANSIBLE_NOCOLOR: '1', ...env } });
    const message = "The requested handler 'nobody answers' was not found in either the main handlers list nor in the listening handlers list";
    expect(result.exitCode).toBe(exitCode);
    expect(String(result.stderr).replace(/\s+/g, ' ')).toContain(exitCode ? `ERROR! ${message}` : `[WARNING]: ${message}`);
    expect(String(result.stdout).includes('never gets here')).toBe(exitCode === 0);
    // stopped before the task's result is shown, as Ansible
    if (exitCode) expect(result.stdout).not.toContain('changed: [localhost]');
  });
});

it('a handler that is an include answers its name (the run goes on)', async () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'cleanup.yml'), '- debug: msg=cleaning\n');
  fs.writeFileSync(path.join(dir, 'site.yml'), playbook.replace('notify: nobody answers', 'notify: clean up').replace("    - name: somebody\n      debug: msg=never\n", '    - name: clean up\n      include_tasks: cleanup.yml\n'));
  const result = await deployer(['play', 'site.yml', '-i', 'localhost,', '-c', 'local'], { cwd: dir, env: { ANSIBLE_NOCOLOR: '1' } });
  expect(result.exitCode).toBe(0);
  expect(result.stdout).toContain('never gets here');
});
