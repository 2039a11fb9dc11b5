/**
 * `deployer play` on a terminal shows a live line per task (listr2) and prints in full only what
 * needs reading; in CI, pipes, with NO_COLOR or --no-progress it prints ansible-playbook's lines.
 * The terminal is a real pseudo-terminal (util-linux `script`); the hosts are local connections.
 */
import fs from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { repo, tempDir } from '../support/fleet.js';

const bin = path.join(repo, 'bin/deployer.js');
let dir: string;

beforeAll(() => {
  dir = tempDir();
  fs.writeFileSync(path.join(dir, 'hosts'), 'web1 ansible_connection=local\nweb2 ansible_connection=local\n');
  fs.writeFileSync(
    path.join(dir, 'site.yml'),
    [
      '- hosts: all',
      '  gather_facts: false',
      '  tasks:',
      '    - name: say hello',
      '      command: echo hello',
      '    - name: only web2 fails',
      '      command: /bin/false',
      "      when: inventory_hostname == 'web2'",
      '      ignore_errors: true',
      '    - name: show a message',
      '      debug: msg="from {{ inventory_hostname }}"',
      '',
    ].join('\n'),
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Runs deployer in a pseudo-terminal 120 columns wide; returns what the terminal showed, without escapes. */
async function onTerminal(args: string[], env: Record<string, string> = {}) {
  const command = `stty cols 120 rows 40; exec node ${bin} ${args.join(' ')}`;
  const result = await execa('script', ['-qfec', command, '/dev/null'], {
    cwd: dir,
    extendEnv: false,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', LANG: 'C.UTF-8', ANSIBLE_RETRY_FILES_ENABLED: 'false', ...env },
    reject: false,
  });
  const text = result.stdout.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').replace(/\r/g, '\n');
  return { exitCode: result.exitCode, lines: text.split('\n').map((l) => l.trimEnd()).filter(Boolean) };
}

describe('on a terminal', () => {
  it('shows one summary line per task, failures and debug output in full, and the recap', async () => {
    const { exitCode, lines } = await onTerminal(['play', '-i', 'hosts', 'site.yml']);
    expect(exitCode).toBe(0);
    expect(lines).toContain('✔ TASK [say hello]  changed=2');
    expect(lines).toContain('✔ TASK [only web2 fails]  failed=1 skipped=1 ignored=1');
    expect(lines.some((l) => l.startsWith('fatal: [web2]: FAILED! => {'))).toBe(true);
    expect(lines).toContain('...ignoring');
    expect(lines).toContain('ok: [web1] => {');
    expect(lines).toContain('    "msg": "from web2"');
    expect(lines.some((l) => l.startsWith('PLAY RECAP'))).toBe(true);
    expect(lines.some((l) => /^web2\s+: ok=3\s+changed=2\s+unreachable=0\s+failed=0\s+skipped=0\s+rescued=0\s+ignored=1/.test(l))).toBe(true);
    // the per-host lines of successful tasks are summarized, not printed
    expect(lines).not.toContain('changed: [web1]');
  }, 60_000);

  it.each([
    ['CI is set', ['play', '-i', 'hosts', 'site.yml'], { CI: 'true' }],
    ['NO_COLOR is set', ['play', '-i', 'hosts', 'site.yml'], { NO_COLOR: '1' }],
    ['--no-progress is given', ['play', '-i', 'hosts', 'site.yml', '--no-progress'], {}],
  ])("prints ansible-playbook's plain lines when %s", async (_why, args, env) => {
    const { exitCode, lines } = await onTerminal(args, env);
    expect(exitCode).toBe(0);
    expect(lines).toContain('changed: [web1]');
    expect(lines.some((l) => l.startsWith('TASK [say hello] ****'))).toBe(true);
    expect(lines.some((l) => l.startsWith('✔'))).toBe(false);
  }, 60_000);
});

describe('Ctrl-C', () => {
  it("ends the run as ansible-playbook does: 'User interrupted execution', exit code 99", async () => {
    fs.writeFileSync(path.join(dir, 'slow.yml'), '- hosts: web1\n  gather_facts: false\n  tasks:\n    - name: wait\n      pause: seconds=30\n');
    const run = execa('node', [bin, 'play', '-i', 'hosts', 'slow.yml'], { cwd: dir, reject: false, env: { CI: 'true' } });
    await new Promise<void>((resolve) => {
      let seen = '';
      run.stdout!.on('data', (chunk: Buffer) => {
        seen += chunk.toString();
        if (seen.includes('TASK [wait]')) resolve();
      });
    });
    run.kill('SIGINT');
    const result = await run;
    expect(result.exitCode).toBe(99);
    expect(result.stderr).toContain('[ERROR]: User interrupted execution');
  }, 60_000);

  it('on a terminal also gives the cursor back that the live view hid', async () => {
    const command = `stty cols 120; node ${bin} play -i hosts slow.yml & pid=$!; sleep 2; kill -INT $pid; wait $pid; echo "exit=$?"`;
    const result = await execa('script', ['-qfec', command, '/dev/null'], { cwd: dir, extendEnv: false, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/root', LANG: 'C.UTF-8' } });
    const hidden = result.stdout.lastIndexOf('\x1b[?25l');
    expect(hidden).toBeGreaterThanOrEqual(0);
    expect(result.stdout.indexOf('\x1b[?25h', hidden)).toBeGreaterThan(hidden);
    expect(result.stdout).toContain('[ERROR]: User interrupted execution');
    expect(result.stdout).toContain('exit=99');
  }, 60_000);
});
