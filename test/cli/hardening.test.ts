/**
 * Hostile input, as a new user would try it, against the real binary: every case ends with a
 * clear one-line error (or a quiet exit), never a stack trace, a hang or a lost exit code. Each
 * case reproduces a defect found by probing deployer; it failed before its fix.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const bin = path.join(repo, 'bin/deployer.js');
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^(ANSIBLE_|DEPLOYER_)/.test(name)));

/** A hang is a failure: every run is bounded (the bound is a safety net, not a measurement). */
function deployer(args: string[], cwd: string, env: Record<string, string> = {}) {
  return execa('node', [bin, ...args], { cwd, env: { ...cleanEnv, NO_COLOR: '1', ...env }, extendEnv: false, reject: false, timeout: 30_000 });
}

const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'deployer-hostile-'));
const noStack = (stderr: string) => expect(stderr).not.toMatch(/\n\s+at |Unexpected internal error/);

/** "Billion laughs": 9 levels of 9 aliases each, as mapping entries `a:` to `i:`. */
function aliasBombLines(): string[] {
  const letter = (i: number) => String.fromCharCode(97 + i);
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) lines.push(`${letter(i)}: &${letter(i)} [${Array(9).fill(`*${letter(i - 1)}`).join(',')}]`);
  return lines;
}
const aliasBomb = (after: string) => `${aliasBombLines().join('\n')}\n${after}`;

describe('YAML alias bombs are refused, not expanded', () => {
  const bombInventory = () => {
    const d = dir();
    fs.writeFileSync(path.join(d, 'inventory.yml'), `all:\n  hosts:\n    web1:\n  vars:\n${aliasBombLines().map((l) => `    ${l}`).join('\n')}\n`);
    return d;
  };

  it.each([['--list'], ['--host', 'web1']])('deployer inventory %s', async (...args) => {
    const d = bombInventory();
    const result = await deployer(['inventory', '-i', 'inventory.yml', ...args], d);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^ERROR! .*inventory\.yml:\d+: YAML aliases expand more than 10000 times/);
    noStack(result.stderr);
  });

  it('in a group_vars file', async () => {
    const d = dir();
    fs.writeFileSync(path.join(d, 'hosts'), '[web]\nweb1\n');
    fs.mkdirSync(path.join(d, 'group_vars'));
    fs.writeFileSync(path.join(d, 'group_vars/all.yml'), aliasBomb('boom: *i\n'));
    const result = await deployer(['inventory', '-i', 'hosts', '--list'], d);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/all\.yml: YAML aliases expand more than 10000 times/);
  });

  it('in a playbook', async () => {
    const d = dir();
    fs.writeFileSync(path.join(d, 'site.yml'), `- hosts: all\n  vars:\n${aliasBombLines().map((l) => `    ${l}`).join('\n')}\n  tasks: []\n`);
    const result = await deployer(['play', 'site.yml', '-i', 'localhost,', '--list-tasks'], d);
    // a playbook that does not parse: ansible-playbook's exit code 4
    expect(result.exitCode).toBe(4);
    expect(result.stderr).toMatch(/site\.yml:\d+: YAML aliases expand more than 10000 times/);
  });

  it('in -e @file', async () => {
    const d = dir();
    fs.writeFileSync(path.join(d, 'vars.yml'), aliasBomb('boom: *i\n'));
    const result = await deployer(['ssh', 'localhost', 'true', '-i', 'localhost,', '-c', 'local', '-e', '@vars.yml'], d);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/vars\.yml: YAML aliases expand more than 10000 times/);
  });

  it('in the deployment settings', async () => {
    const d = dir();
    fs.writeFileSync(path.join(d, 'deployment.yml'), aliasBomb('boom: *i\n'));
    const result = await deployer(['validate'], d);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/deployment\.yml:1:1: YAML aliases expand more than 10000 times/);
  });
});

describe('files that are not what they seem', () => {
  it.each([
    ['a symbolic link loop in an inventory folder', (d: string) => fs.symlinkSync('loop', path.join(d, 'inv/loop')), /inv\/loop: a symbolic link loop/],
    ['a dangling symbolic link in an inventory folder', (d: string) => fs.symlinkSync('nowhere', path.join(d, 'inv/dangling')), /inv\/dangling: not found \(or a symbolic link to nothing\)/],
    ['a FIFO as inventory', (d: string) => execFileSync('mkfifo', [path.join(d, 'inv/fifo')]), /inv\/fifo: not a regular file/],
  ])('%s: an error naming it', async (_name, make, message) => {
    const d = dir();
    fs.mkdirSync(path.join(d, 'inv'));
    fs.writeFileSync(path.join(d, 'inv/hosts'), '[web]\nweb1\n');
    make(d);
    const result = await deployer(['inventory', '-i', 'inv', '--list'], d);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(message);
    noStack(result.stderr);
  });

  it('/dev/zero as inventory', async () => {
    const result = await deployer(['inventory', '-i', '/dev/zero', '--list'], dir());
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe('ERROR! Inventory source /dev/zero: not a regular file (a device, FIFO or socket is not read)');
  });

  it('-e @ a folder', async () => {
    const result = await deployer(['ssh', 'localhost', 'true', '-i', 'localhost,', '-c', 'local', '-e', '@/tmp'], dir());
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe('ERROR! Extra vars file /tmp: is a folder, not a file');
  });

  it('YAML nested 1000 levels deep', async () => {
    const d = dir();
    fs.writeFileSync(path.join(d, 'inventory.yml'), `all:\n  vars:\n    deep: ${'['.repeat(1000)}${']'.repeat(1000)}\n`);
    const result = await deployer(['inventory', '-i', 'inventory.yml', '--list'], d);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/inventory\.yml(:\d+)?: YAML nested too deeply/);
    noStack(result.stderr);
  });
});

describe('host patterns', () => {
  const inventory = () => {
    const d = dir();
    fs.writeFileSync(path.join(d, 'hosts'), `[web]\nweb1\nweb2\n[long]\n${'a'.repeat(100_000)}\n`);
    return d;
  };

  it.each([['['], ['web[0'], ['web]'], ['web:[1']])('a malformed pattern %j is an error, not every host', async (pattern) => {
    const result = await deployer(['ssh', pattern, 'true', '-i', 'hosts', '-c', 'local'], inventory());
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^ERROR! Invalid host pattern '.*': unbalanced '\[' or '\]'$/);
  });

  it('a 50,000-character pattern is an error with the pattern cut short', async () => {
    const result = await deployer(['inventory', '-i', 'hosts', '--list-hosts', `~${'(a'.repeat(25_000)}${')'.repeat(25_000)}`], inventory());
    expect(result.exitCode).toBe(1);
    expect(result.stderr.length).toBeLessThan(400);
    noStack(result.stderr);
  });

  it('a regex that backtracks for ever on a very long host name is matched in linear time', async () => {
    const result = await deployer(['inventory', '-i', 'hosts', '--list-hosts', '~(a|a)*b'], inventory());
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('  hosts (0):');
    expect(result.stderr).toBe('[WARNING]: Could not match supplied host pattern, ignoring: ~(a|a)*b\n[WARNING]: No hosts matched, nothing to do');
  });

  it('a regex nesting thousands of groups is refused before V8 compiles it', async () => {
    const result = await deployer(['inventory', '-i', 'hosts', '--list-hosts', `~${'(a'.repeat(1000)}${')'.repeat(1000)}`], inventory());
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^ERROR! Host pattern '~\(a\(a.*\.\.\.' nests groups more than 32 deep$/);
  });
});

describe('output into a closed pipe', () => {
  it.each([
    ['deployer ssh --help | head -1', `node ${bin} ssh --help | head -1`],
    ["deployer ssh localhost 'seq 100000' | head -2", `node ${bin} ssh localhost 'seq 100000' -i localhost, -c local | head -2`],
  ])('%s ends quietly', async (_name, pipeline) => {
    const result = await execa('bash', ['-c', `${pipeline}; echo "status=\${PIPESTATUS[0]}" >&2`], { cwd: dir(), env: { ...cleanEnv, NO_COLOR: '1' }, extendEnv: false, reject: false, timeout: 30_000 });
    expect(result.stderr).toMatch(/^status=0$/m);
    expect(result.stderr.replace(/^status=0$/m, '').trim()).toBe('');
  });
});

describe('playbooks', () => {
  it('a task file that includes itself stops with the chain named', async () => {
    const d = dir();
    fs.writeFileSync(path.join(d, 'again.yml'), '- include_tasks: again.yml\n');
    fs.writeFileSync(path.join(d, 'site.yml'), '- hosts: all\n  gather_facts: false\n  tasks:\n    - include_tasks: again.yml\n');
    const result = await deployer(['play', 'site.yml', '-i', 'localhost,', '-c', 'local'], d);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/again\.yml:1: include_tasks nested more than 50 deep, an include that never ends: again\.yml -> again\.yml/);
  });

  it('template and when errors show the expression, the place and the template file, never the internal wrapper', async () => {
    const d = dir();
    fs.mkdirSync(path.join(d, 'templates'));
    fs.writeFileSync(path.join(d, 'templates/bad.j2'), 'port={{ port + }}\n');
    fs.writeFileSync(
      path.join(d, 'site.yml'),
      [
        '- hosts: all',
        '  gather_facts: false',
        '  tasks:',
        '    - name: bad condition',
        '      debug: msg=hi',
        '      when: 1 +',
        '      ignore_errors: true',
        '    - name: bad expression',
        '      debug:',
        '        msg: "{{ (1 + ) }}"',
        '      ignore_errors: true',
        '    - name: bad template',
        '      template: src=bad.j2 dest=/tmp/never-written-by-deployer-test',
        '',
      ].join('\n'),
    );
    const result = await deployer(['play', 'site.yml', '-i', 'localhost,', '-c', 'local'], d);
    expect(result.stdout).not.toContain('__deployer');
    expect(result.stdout).toContain("The conditional check '1 +' failed. The error was: template error while templating '1 +'");
    expect(result.stdout).toContain(`The error appears to be in '${path.join(d, 'site.yml')}': line 4`);
    expect(result.stdout).toContain(`template error while templating '(1 + )'`);
    expect(result.stdout).toContain(`The error appears to be in '${path.join(d, 'site.yml')}': line 8`);
    expect(result.stdout).toContain(`${path.join(d, 'templates/bad.j2')}: template error while templating`);
    expect(result.exitCode).toBe(2);
  });
});

describe('messages', () => {
  it('an INI error never shows a password', async () => {
    const d = dir();
    fs.writeFileSync(path.join(d, 'hosts'), '[web]\nweb1 ansible_password="s3cr3t ansible_user=x\n');
    const result = await deployer(['inventory', '-i', 'hosts', '--list'], d);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('ansible_password=********');
    expect(result.stderr).not.toContain('s3cr3t');
  });

  it('deployer ssh -v says which configuration it uses', async () => {
    const d = dir();
    fs.writeFileSync(path.join(d, 'ansible.cfg'), '[defaults]\nforks = 3\n');
    const result = await deployer(['ssh', 'localhost', 'true', '-i', 'localhost,', '-c', 'local', '-v'], d);
    expect(result.stdout.split('\n')[0]).toBe(`Using ${path.join(d, 'ansible.cfg')} as config file`);
    expect(result.exitCode).toBe(0);
  });

  it('an unwritable retry folder is a warning; the exit code of the run stays', async () => {
    const d = dir();
    fs.writeFileSync(path.join(d, 'hosts'), 'ghost ansible_host=127.0.0.1 ansible_port=1\n');
    fs.writeFileSync(path.join(d, 'ansible.cfg'), '[defaults]\nretry_files_save_path = /proc/deployer-cannot-write-here\n');
    const result = await deployer(['ssh', 'ghost', 'true', '-i', 'hosts', '-T', '2'], d);
    expect(result.exitCode).toBe(4);
    expect(result.stderr).toMatch(/\[WARNING\]: Could not update the retry file \/proc\/deployer-cannot-write-here\/ssh\.retry: E[A-Z]+/);
    noStack(result.stderr);
  });

  it('an internal error says so in one line and leaves its stack in a file', async () => {
    const { failureOf } = await import('../../src/cli/failures.js');
    const crashDir = dir();
    const failure = failureOf(new TypeError('boom'), crashDir);
    expect(failure.exitCode).toBe(250);
    const report = /details in (\S+)$/.exec(failure.message!)![1];
    expect(failure.message).toBe(`Unexpected internal error (please report it): TypeError: boom; details in ${report}`);
    expect(fs.readFileSync(report, 'utf8')).toMatch(/TypeError: boom\n\s+at /);
  });

  it('a crash report keeps no secret of the command line or the error, and only its user reads it', async () => {
    const { failureOf } = await import('../../src/cli/failures.js');
    const failure = failureOf(new Error('bad answer to db_password=s3cr3t'), dir(), ['deploy', '-e', 'ansible_become_password=hunter2', '--extra-vars={"token": "t0k"}']);
    const report = /details in (\S+)$/.exec(failure.message!)![1];
    const text = fs.readFileSync(report, 'utf8');
    expect(text).toMatch(/^deployer deploy -e ansible_become_password=\*\*\* --extra-vars=\{"token":"\*\*\*"\}\n/);
    expect(text).toContain('Error: bad answer to db_password=***');
    expect(text).not.toMatch(/hunter2|s3cr3t|t0k/);
    expect(fs.statSync(report).mode & 0o777).toBe(0o600);
  });

  it('a file-system error from a path the user gave names the path and the reason', async () => {
    const { failureOf } = await import('../../src/cli/failures.js');
    const error = Object.assign(new Error('EACCES: permission denied'), { code: 'EACCES', path: '/srv/inv/private', syscall: 'scandir' });
    expect(failureOf(error)).toEqual({ message: '/srv/inv/private: permission denied (scandir)', exitCode: 1 });
  });
});
