/** What user warns of: append without groups, and a password Ansible's check_password_encrypted takes for plain text. */
import { passwordWarning, userWarnings } from '../../src/modules/user-warnings.js';

const sha512 = `$6$salt$${'a'.repeat(86)}`;

describe("user's password warning", () => {
  it.each<[unknown, boolean]>([
    ['plaintextpassword', true],
    [sha512, false],
    [`$6$rounds=656000$tgK3gYTyRLUmhyv2$${'a'.repeat(80)}+++++`, true],
    [`$6$salt$${'a'.repeat(85)}`, true],
    [`$1$salt$${'a'.repeat(22)}`, false],
    [`$5$salt$${'a'.repeat(43)}`, false],
    [`$y$j9T$salt$${'a'.repeat(43)}`, false],
    ['$constructor$x$abc', false],
    ['a$b', true],
    ['*', false],
    ['!', false],
    ['!locked$x$y', true],
    ['', false],
    [undefined, false],
  ])('%j: warned %s', (password, warned) => {
    expect(passwordWarning(password) !== undefined).toBe(warned);
  });
});

describe("user's warnings, in Ansible's order", () => {
  const append = "'append' is set, but no 'groups' are specified. Use 'groups' for appending new groups.This will change to an error in Ansible 2.14.";
  it.each<[Record<string, unknown>, number[]]>([
    [{ name: 'u' }, []],
    [{ name: 'u', append: true }, [0]],
    [{ name: 'u', append: 'yes', groups: ['g'] }, []],
    [{ name: 'u', append: false }, []],
    [{ name: 'u', append: true, password: 'plain' }, [0, 1]],
  ])('%j', (args, which) => {
    const all = [append, passwordWarning('plain')];
    expect(userWarnings(args)).toEqual(which.map((i) => all[i]));
  });
});
