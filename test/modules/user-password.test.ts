/** The password user warns of, as Ansible's check_password_encrypted tells a hash from plain text. */
import { passwordWarning } from '../../src/modules/user-password.js';

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
