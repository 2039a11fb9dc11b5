/** Which tasks given async fail, as Ansible's action plugins that cannot run in the background do. */
import { asyncRefusal } from '../../src/modules/async-support.js';

describe('async refused', () => {
  it.each<[string, unknown, boolean]>([
    ['script', 2, true],
    ['script', '2', true],
    ['copy', 10, true],
    ['raw', 1, true],
    ['script', 0, false],
    ['command', 2, false],
    ['shell', 2, false],
    ['apt', 2, false],
  ])('%s with async %j: %s', (module, seconds, refused) => {
    expect(asyncRefusal(module, seconds)?.msg).toBe(refused ? 'async is not supported for this task.' : undefined);
  });
});
