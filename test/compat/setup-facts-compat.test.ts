/**
 * deployer's facts against real `ansible -m setup` on the same host, over the local connection
 * and over SSH (the light sshd fleet): every fact of COMPARED_FACTS must be equal. What
 * legitimately differs: in `env`, `_` (the program that started the module: /usr/bin/ansible,
 * or node) and, over SSH, what belongs to the session rather than the host (OpenSSH's client
 * sends LC_* and asks for a terminal, ssh2 does neither; the client's port; the shell nesting
 * level); the live counters of mounts (free blocks and inodes, which change between two runs).
 */
import { execa } from 'execa';
import { deployer, tempDir, testFleet, type TestFleet } from '../support/fleet.js';
import { COMPARED_FACTS, comparable } from '../support/facts-compare.js';

const factsOf = (stdout: string) => (JSON.parse(stdout.slice(stdout.indexOf('{'))) as { ansible_facts: Record<string, unknown> }).ansible_facts;

const SESSION_VARIABLES = ['_', 'LC_CTYPE', 'SHLVL', 'SSH_CLIENT', 'SSH_CONNECTION', 'SSH_TTY', 'TERM'];

function withoutSession(name: string, value: unknown, session: string[]): unknown {
  if (name !== 'env' || !value || typeof value !== 'object') return comparable(name, value);
  return Object.fromEntries(Object.entries(value).filter(([key]) => !session.includes(key)));
}

const withoutStarter = (name: string, value: unknown) => withoutSession(name, value, ['_']);

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

describe('setup over SSH: deployer and Ansible 2.14 on the same fleet host', () => {
  let fleet: TestFleet;
  let ansible: Record<string, unknown>;
  let ours: Record<string, unknown>;
  beforeAll(async () => {
    fleet = await testFleet(1);
    const host = fleet.hosts[0]!.name;
    const env = { ANSIBLE_CONFIG: '', NO_COLOR: '1', CI: 'true' };
    const [theirs, mine] = await Promise.all([
      execa('ansible', ['-i', fleet.inventory, host, '-m', 'setup'], { env, reject: false }),
      deployer(['-i', fleet.inventory, host, '-m', 'setup']),
    ]);
    expect([theirs.exitCode, mine.exitCode]).toEqual([0, 0]);
    ansible = factsOf(theirs.stdout);
    ours = factsOf(mine.stdout);
  }, 120_000);
  afterAll(() => fleet?.stop());

  it.each(COMPARED_FACTS)('ansible_%s', (name) => {
    expect(withoutSession(name, ours[`ansible_${name}`], SESSION_VARIABLES)).toEqual(withoutSession(name, ansible[`ansible_${name}`], SESSION_VARIABLES));
  });
});
