/**
 * Ad-hoc runs of modules (and of command's JSON arguments and task timeout), deployer against real `ansible` on the
 * implicit localhost: the same output (`host | SUCCESS => {...}`, one-line with -o) and exit code.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { deployer, tempDir } from '../support/fleet.js';

/** Each case's arguments; `DIR` is a folder of its own for each tool. */
const CASES: [string, string[]][] = [
  ['ping', ['-m', 'ping']],
  ['ping, one line', ['-m', 'ping', '-o']],
  ['debug', ['-m', 'debug', '-a', 'msg=hello']],
  ['a folder made', ['-m', 'file', '-a', 'path=DIR/made state=directory']],
  ['a file that is not there', ['-m', 'file', '-a', 'path=DIR/absent/x state=file']],
  ['stat of nothing', ['-m', 'ansible.builtin.stat', '-a', 'path=DIR/nothing']],
  ['JSON arguments', ['-m', 'stat', '-a', '{"path": "DIR/nothing"}', '-o']],
  ['a module nobody has', ['-m', 'no_such_module']],
  ['command with JSON arguments', ['-m', 'command', '-a', '{"cmd": "echo one two", "chdir": "DIR"}']],
  ['a command the task timeout ends', ['-a', 'sleep 30', '--task-timeout', '1']],
  // not ansible_distribution*: deployer has no ansible_distribution_file_* (which file Ansible's collector parsed)
  ['setup, filtered', ['-m', 'setup', '-a', 'filter=ansible_distribution*version']],
  ['setup, a subset', ['-m', 'setup', '-a', 'gather_subset=!all filter=ansible_pkg_mgr']],
];

async function run(tool: 'ansible' | 'deployer', args: string[]) {
  const dir = tempDir();
  const argv = ['localhost', ...args.map((a) => a.replace(/DIR/g, dir))];
  const result = tool === 'ansible'
    ? await execa('ansible', argv, { cwd: dir, env: { ANSIBLE_CONFIG: '', ANSIBLE_RETRY_FILES_ENABLED: 'false', NO_COLOR: '1', CI: 'true' }, reject: false })
    : await deployer(argv, { cwd: dir, env: { ANSIBLE_RETRY_FILES_ENABLED: 'false' } });
  fs.rmSync(dir, { recursive: true, force: true });
  return { exitCode: result.exitCode, stdout: result.stdout.replaceAll(dir, 'DIR').replace(/\n$/, '').split(path.sep).join('/') };
}

describe('ad-hoc modules: deployer prints and exits as ansible', () => {
  it.each(CASES)('%s', async (_name, args) => {
    const [theirs, ours] = await Promise.all([run('ansible', args), run('deployer', args)]);
    expect(ours).toEqual(theirs);
  }, 60_000);
});
