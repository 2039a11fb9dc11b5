/**
 * deployer's facts against real `ansible localhost -m setup` on the same host (both over the
 * local connection): every fact of COMPARED_FACTS must be equal. What legitimately differs:
 * `env._` (the program that started the module: /usr/bin/ansible, or node) and the live
 * counters of mounts (free blocks and inodes, which change between the two runs).
 */
import { execa } from 'execa';
import { deployer, tempDir } from '../support/fleet.js';
import { COMPARED_FACTS, comparable } from '../support/facts-compare.js';

const factsOf = (stdout: string) => (JSON.parse(stdout.slice(stdout.indexOf('{'))) as { ansible_facts: Record<string, unknown> }).ansible_facts;

function withoutStarter(name: string, value: unknown): unknown {
  if (name !== 'env' || !value || typeof value !== 'object') return comparable(name, value);
  const { _: _starter, ...env } = value as Record<string, unknown>;
  return env;
}

describe('setup: deployer and Ansible 2.14 on the same host', () => {
  let ansible: Record<string, unknown>;
  let ours: Record<string, unknown>;
  beforeAll(async () => {
    const cwd = tempDir();
    const [theirs, mine] = await Promise.all([
      execa('ansible', ['localhost', '-m', 'setup'], { cwd, env: { ANSIBLE_CONFIG: '', NO_COLOR: '1', CI: 'true' }, reject: false }),
      deployer(['localhost', '-m', 'setup'], { cwd }),
    ]);
    expect([theirs.exitCode, mine.exitCode]).toEqual([0, 0]);
    ansible = factsOf(theirs.stdout);
    ours = factsOf(mine.stdout);
  }, 120_000);

  it.each(COMPARED_FACTS)('ansible_%s', (name) => {
    expect(withoutStarter(name, ours[`ansible_${name}`])).toEqual(withoutStarter(name, ansible[`ansible_${name}`]));
  });

  it('names setup\'s own facts as Ansible does', () => {
    expect([ours.gather_subset, ours.module_setup]).toEqual([ansible.gather_subset, ansible.module_setup]);
  });
});
