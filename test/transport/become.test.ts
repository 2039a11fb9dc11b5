/** sudo wrapping: commands as data, and how sudo's answers are read. */
import { becomeCommand, shellQuote, unwrapBecome } from '../../src/transport/become.js';

const result = (stdout: string, stderr = '', extra = {}) => ({ exitCode: 0, stdout, stderr, durationMs: 1, ...extra });

describe('become', () => {
  it('without a password: sudo -n, the command behind a success marker', () => {
    const plan = becomeCommand("echo 'hi'", { method: 'sudo', user: 'root', flags: '-H -S' });
    expect(plan.command).toBe(`sudo -H -S -n -u root /bin/sh -c 'echo ${plan.marker}; echo '\\''hi'\\'''`);
    expect(plan.respond).toBeUndefined();
    expect(unwrapBecome(result(`${plan.marker}\nhi\n`), plan)).toEqual(result('hi\n'));
  });

  it('with a password: a unique prompt answered on stdin, never on the command line', () => {
    const plan = becomeCommand('id', { method: 'sudo', user: 'kafka', password: 'pw', flags: '-H -S' });
    expect(plan.command).not.toContain('pw');
    expect(plan.command).toMatch(/^sudo -H -S -p '\[sudo via deployer, key=[0-9a-f]+\] password:' -u kafka \/bin\/sh -c /);
    expect(plan.respond).toEqual({ prompt: expect.stringMatching(/^\[sudo via deployer/), answer: 'pw', ready: plan.marker });
  });

  it.each<[string, object, string]>([
    ['sudo -n needs a password', result('', 'sudo: a password is required\n', { exitCode: 1 }), 'Missing sudo password'],
    ['a wrong password', result('', 'Sorry, try again.\n', { exitCode: 1, promptRepeated: true }), 'Incorrect sudo password'],
    ['user not in sudoers', result('', 'dfleet is not in the sudoers file.\n', { exitCode: 1 }), 'privilege escalation failed: dfleet is not in the sudoers file.'],
  ])('%s', (_name, raw, message) => {
    const plan = becomeCommand('id', { method: 'sudo', user: 'root', flags: '-H -S' });
    expect(unwrapBecome(raw as ReturnType<typeof result>, plan)).toEqual({ becomeError: message });
  });

  it.each([
    ['simple', 'simple'],
    ['/data/opt', '/data/opt'],
    ['a b', "'a b'"],
    ["it's", "'it'\\''s'"],
    ['$HOME', "'$HOME'"],
  ])('shellQuote(%j) = %s', (value, quoted) => {
    expect(shellQuote(value)).toBe(quoted);
  });
});
