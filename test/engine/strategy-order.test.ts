/**
 * Which strategy a play runs with, as ansible-playbook 2.14 chooses it: the play's `strategy`
 * keyword (a template of the play's variables), else the `strategy` setting (ANSIBLE_STRATEGY);
 * free and host_pinned let each host go at its own pace and only warn about run_once and
 * any_errors_fatal; a name Ansible does not have stops the run; add_host cannot run under free.
 * A play's `order` that Ansible does not have stops the run too; throttle bounds a task under free
 * as under linear. (Results compared with Ansible: parity playbooks 157 and 159.)
 */
import fs from 'node:fs';
import path from 'node:path';
import { deployer, tempDir } from '../support/fleet.js';

const RUN_ONCE_WARNING = 'Using run_once with the free strategy is not currently supported.';

async function play(strategyLine: string, task: string, env: Record<string, string> = {}) {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'site.yml'), `- hosts: all\n  gather_facts: false\n${strategyLine}  tasks:\n    - name: the task\n${task}`);
  const result = await deployer(['play', 'site.yml', '-i', 'localhost,', '-c', 'local'], { cwd: dir, env: { ANSIBLE_NOCOLOR: '1', ...env } });
  // warnings are wrapped as Ansible wraps them: compared on one line
  return { ...result, stderr: String(result.stderr).replace(/\s+/g, ' '), file: path.join(dir, 'site.yml') };
}

const runOnce = '      debug: msg=hi\n      run_once: true\n';

describe('the strategy a play runs with', () => {
  it.each([
    ['the play says free', '  strategy: free\n', {}, true],
    ['the play says host_pinned (FQCN)', '  strategy: ansible.builtin.host_pinned\n', {}, true],
    ['the setting says free', '', { ANSIBLE_STRATEGY: 'free' }, true],
    ["the play's linear wins over the setting", '  strategy: linear\n', { ANSIBLE_STRATEGY: 'free' }, false],
    ['neither: linear', '', {}, false],
    ['a template of a lookup (as ansible-core\'s throttle test chooses it)', "  strategy: \"{{ lookup('env', 'PICKED') }}\"\n", { PICKED: 'free' }, true],
    ['a template of a play variable', '  vars:\n    picked: host_pinned\n  strategy: "{{ picked }}"\n', {}, true],
  ])('%s', async (_name, strategyLine, env, free) => {
    const result = await play(strategyLine, runOnce, env);
    expect(result.exitCode).toBe(0);
    expect(result.stderr.includes(RUN_ONCE_WARNING)).toBe(free);
  });

  it('a strategy Ansible does not have stops the run before its play, naming the file and line', async () => {
    const result = await play('  strategy: fastest\n', runOnce);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`${result.file}:1: Invalid play strategy specified: fastest`);
    expect(result.stdout).not.toContain('the task');
  });

  it('the debugger strategy runs the play linear, with a warning', async () => {
    const result = await play('  strategy: debug\n', runOnce);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain("strategy 'debug' (Ansible's interactive debugger) is not supported");
    expect(result.stdout).toContain('ok: [localhost]');
  });

  it('add_host cannot run under free, as in Ansible', async () => {
    const result = await play('  strategy: free\n', '      add_host: name=other\n');
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("The 'add_host' module bypasses the host loop, which is currently not supported in the free strategy");
  });
});

describe("a play's order", () => {
  it('one Ansible does not have stops the run, naming the file and line', async () => {
    const result = await play('  order: alphabetical\n', runOnce);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain(`${result.file}:1: Invalid 'order' specified for inventory hosts: alphabetical`);
  });
});

describe('throttle under the free strategy', () => {
  // each host marks a shared folder while its task runs and counts the marks it sees (ansible-core's throttle target does the same)
  const task = (throttle: number, dir: string) => `- hosts: all
  gather_facts: false
  strategy: free
  tasks:
    - name: count who runs now
      shell: touch ${dir}/{{ inventory_hostname }}; ls ${dir} | wc -l; sleep 0.5; rm ${dir}/{{ inventory_hostname }}
      throttle: ${throttle}
      register: seen
    - debug: msg="most={{ seen.stdout | trim }}"
`;
  it.each([
    [1, (most: number[]) => expect(Math.max(...most)).toBe(1)],
    [0, (most: number[]) => expect(Math.max(...most)).toBeGreaterThan(1)],
  ])('throttle %d', async (throttle, check) => {
    const dir = tempDir();
    const marks = tempDir();
    fs.writeFileSync(path.join(dir, 'site.yml'), task(throttle, marks));
    const result = await deployer(['play', 'site.yml', '-i', 'h1,h2,h3,h4,', '-c', 'local', '-f', '4'], { cwd: dir, env: { ANSIBLE_NOCOLOR: '1' } });
    expect(result.exitCode).toBe(0);
    check([...String(result.stdout).matchAll(/most=(\d+)/g)].map((m) => Number(m[1])));
  });
});
