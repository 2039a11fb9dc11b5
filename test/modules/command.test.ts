/** The command modules as data: exact command lines and how outcomes are read. */
import { joinArgs, parseFreeForm, planCommand, splitPreservingQuotes } from '../../src/modules/command.js';

const run = (stdout: string, exitCode = 0, stderr = '') => ({ exitCode, stdout, stderr, durationMs: 1 });

describe('planCommand', () => {
  it.each<[string, string, string]>([
    ['shell', 'df -h /data | tail -1', "/bin/sh -c 'df -h /data | tail -1'"],
    ['shell', 'echo hi executable=/bin/bash', "/bin/bash -c 'echo hi'"],
    ['command', 'echo "a  b" $HOME', "exec echo 'a  b' \"$HOME\""],
    ['command', 'ls ~/x ${DIR}/y', 'exec ls "$HOME"/x "${DIR}"/y'],
    ['command', 'chdir=/usr pwd', 'cd -P /usr 2>/dev/null || { if [ ! -e /usr ]; then echo __deployer_skipped__chdir2; elif [ ! -d /usr ]; then echo __deployer_skipped__chdir20; else echo __deployer_skipped__chdir13; fi; exit 0; }; exec pwd'],
    ['command', 'touch /tmp/f creates=/tmp/f', 'if (p=/tmp/f; IFS=; for f in $p; do if [ -e "$f" ] || [ -L "$f" ]; then exit 0; fi; done; exit 1); then echo __deployer_skipped__creates; exit 0; fi; exec touch /tmp/f'],
    ['raw', 'uptime; w', 'uptime; w'],
    ['raw', 'echo $0 executable=/bin/bash', "/bin/bash -c 'echo $0'"],
  ])('%s %j', (module, args, command) => {
    expect(planCommand(module as 'shell', args).command).toBe(command);
  });

  it('reads outcomes as Ansible does: trailing newline trimmed, rc != 0 failed', () => {
    const plan = planCommand('shell', 'x');
    expect(plan.interpret(run('out\n', 0, 'err\n'))).toEqual({ changed: true, failed: false, rc: 0, stdout: 'out', stderr: 'err' });
    expect(plan.interpret(run('', 3))).toEqual({ changed: true, failed: true, rc: 3, stdout: '', stderr: '', msg: 'non-zero return code' });
    expect(planCommand('raw', 'x').interpret(run('raw\n'))).toEqual({ changed: true, failed: false, rc: 0, stdout: 'raw\n', stderr: '' });
    expect(planCommand('shell', 'x', { strip: false }).interpret(run('out \n \r\n', 0, 'err\n'))).toEqual({ changed: true, failed: false, rc: 0, stdout: 'out \n \r\n', stderr: 'err\n' });
  });

  it('reports a creates= skip as Ansible does', () => {
    const plan = planCommand('command', 'touch /tmp/f creates=/tmp/f');
    expect(plan.interpret(run('__deployer_skipped__creates\n'))).toEqual({
      changed: false,
      failed: false,
      rc: 0,
      stdout: 'skipped, since /tmp/f exists',
      stderr: '',
      msg: "Did not run command since '/tmp/f' exists",
      notRun: true,
    });
  });

  it('in check mode reads chdir, creates and removes, then only says the command would have run', () => {
    const plan = planCommand('command', 'touch /tmp/f creates=/tmp/f', { check: true });
    expect(plan.command).toMatch(/; echo __deployer_would_run__$/);
    expect(plan.interpret(run('__deployer_would_run__\n'))).toEqual({ changed: true, failed: false, rc: 0, stdout: '', stderr: '', msg: 'Command would have run if not in check mode', notRun: true });
    expect(plan.interpret(run('__deployer_skipped__creates\n')).msg).toBe("Would not run command since '/tmp/f' exists");
    const unguarded = planCommand('shell', 'echo hi chdir=/tmp', { check: true });
    expect(unguarded.command).toMatch(/^cd -P \/tmp .*; echo __deployer_would_run__$/);
    expect(unguarded.interpret(run('__deployer_would_run__\n'))).toEqual({ changed: false, failed: false, rc: 0, stdout: '', stderr: '', msg: 'Command would have run if not in check mode', notRun: true, skipped: true });
  });

  const notFound = (program: string) => ({ changed: false, failed: true, rc: 2, stdout: '', stderr: '', msg: `[Errno 2] No such file or directory: b'${program}'`, notStarted: true });
  it.each<[string, string, number, string, object]>([
    ['dash, a name', 'nothere --x', 127, 'sh: 1: exec: nothere: not found\n', notFound('nothere')],
    ['bash, a name', 'nothere', 127, 'bash: line 1: exec: nothere: not found\n', notFound('nothere')],
    ['bash, a path', './nothere chdir=/tmp', 127, 'bash: line 1: /tmp/nothere: No such file or directory\n', notFound('./nothere')],
    ['bash, not executable', '/etc/passwd x', 126, 'bash: line 1: /etc/passwd: Permission denied\nbash: line 1: exec: /etc/passwd: cannot execute: Permission denied\n', { ...notFound('/etc/passwd'), rc: 13, msg: "[Errno 13] Permission denied: b'/etc/passwd'" }],
    ['a program that ran and said so itself', 'tool', 127, 'tool: config: not found\nsomething else\n', { changed: true, failed: true, rc: 127, stdout: '', stderr: 'tool: config: not found\nsomething else', msg: 'non-zero return code' }],
  ])('a program that cannot start (%s) fails as Python\'s OSError in Ansible', (_case, args, rc, stderr, outcome) => {
    expect(planCommand('command', args).interpret(run('', rc, stderr))).toEqual(outcome);
  });

  it.each<[string, number, string]>([
    ['/nothere', 2, 'No such file or directory'],
    ['/etc/passwd', 20, 'Not a directory'],
    ['/root/private', 13, 'Permission denied'],
  ])('a chdir it cannot enter (%s) fails before anything runs, as Python\'s OSError in Ansible', (folder, errno, reason) => {
    const plan = planCommand('command', `chdir=${folder} touch x creates=x`);
    expect(plan.command.indexOf(`cd -P ${folder}`)).toBe(0);
    expect(plan.interpret(run(`__deployer_skipped__chdir${errno}\n`))).toEqual({
      changed: false,
      failed: true,
      rc: -1,
      stdout: '',
      stderr: '',
      msg: `Unable to change directory before execution: [Errno ${errno}] ${reason}: b'${folder}'`,
      notInChdir: true,
    });
  });

  it('refuses an empty command', () => {
    expect(() => planCommand('shell', 'chdir=/tmp')).toThrow(/no command given/);
  });

  it('splits free-form arguments, keeping quotes in the command', () => {
    expect(parseFreeForm(`echo 'a b' chdir="/my dir"`)).toEqual({ raw: "echo 'a b'", params: { chdir: '/my dir' } });
  });

  it.each<[string, string]>([
    ['echo a \\\nb', 'echo a b'],
    ['echo a \\ b', 'echo a b'],
    ['echo "x \\\ny"', 'echo "x \\\ny"'],
    ['a\\\nb', 'a\\\nb'],
    ['echo a \\\n\\\nc', 'echo a c'],
    ['cat <<EOF\nOne\n  Two\n    Three\nEOF\n', 'cat <<EOF\nOne\n  Two\n    Three\nEOF\n'],
    ['a  b\tc', 'a  b\tc'],
    ['msg="{{ x }}"  y={% if a %}b{% endif %}', 'msg="{{ x }}"  y={% if a %}b{% endif %}'],
  ])('words split and joined give the text back, a lone backslash word continues the line (Ansible\'s split_args and join_args): %j', (text, joined) => {
    expect(joinArgs(splitPreservingQuotes(text))).toBe(joined);
  });
});
