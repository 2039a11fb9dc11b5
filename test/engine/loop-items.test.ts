/**
 * The items of `loop` and of `with_<lookup>` loops, as Ansible's task executor gets them: the
 * loop's terms templated, then given to the lookup of that name (first_found skips the terms it
 * cannot template, and looks in `templates/` for template tasks, `vars/` for include_vars).
 */
import path from 'node:path';
import { loopItems } from '../../src/engine/playbook/loop-items.js';
import { repo } from '../support/fleet.js';

const fixtures = path.join(repo, 'test/fixtures/lookups');
const vars = {
  playbook_dir: fixtures,
  ports: { http: 80, https: 443 },
  users: [
    { name: 'alice', keys: ['a1', 'a2'], mysql: { hosts: ['%', 'localhost'] } },
    { name: 'bob', keys: ['b1'], mysql: { hosts: [] } },
  ],
  groups: { all: ['web1', 'web2', 'db1'], ungrouped: [], web: ['web1', 'web2'], db: ['db1'] },
};

describe('with_<lookup> loops', () => {
  const items = (kind: string, value: unknown, action = 'debug') => loopItems({ loop: { kind, value } }, structuredClone(vars), action);

  it.each<[string, unknown, unknown[]]>([
    ['with_items', [1, [2, 3], [[4]]], [1, 2, 3, [4]]],
    ['with_list', [1, [2, 3]], [1, [2, 3]]],
    ['with_nested', [['a', 'b'], [1, 2]], [['a', 1], ['a', 2], ['b', 1], ['b', 2]]],
    ['with_nested', ['{{ ports | list }}', ['x']], [['http', 'x'], ['https', 'x']]],
    ['with_together', [['a', 'b'], [1]], [['a', 1], ['b', null]]],
    ['with_dict', '{{ ports }}', [{ key: 'http', value: 80 }, { key: 'https', value: 443 }]],
    ['with_indexed_items', ['a', 'b'], [[0, 'a'], [1, 'b']]],
    ['with_sequence', 'start=1 end=3', ['1', '2', '3']],
    ['with_sequence', 'count=0', []],
    ['with_subelements', ['{{ users }}', 'keys'], [[{ name: 'alice', mysql: { hosts: ['%', 'localhost'] } }, 'a1'], [{ name: 'alice', mysql: { hosts: ['%', 'localhost'] } }, 'a2'], [{ name: 'bob', mysql: { hosts: [] } }, 'b1']]],
    ['with_ansible.builtin.items', ['x'], ['x']],
    ['with_inventory_hostnames', 'web', ['web1', 'web2']],
    ['with_first_found', ['{{ undefined_name }}.txt', 'greeting.txt'], [path.join(fixtures, 'files/greeting.txt')]],
  ])('%s %j', (kind, value, expected) => expect(items(kind, value)).toEqual(expected));

  it('with_first_found looks in templates/ for a template task', () => {
    expect(items('with_first_found', ['app.conf.j2'], 'template')).toEqual([path.join(fixtures, 'templates/app.conf.j2')]);
    expect(items('with_first_found', ['app.conf.j2'], 'ansible.builtin.template')).toEqual([path.join(fixtures, 'templates/app.conf.j2')]);
  });

  it("a role task's search path has the role first", () => {
    const roleVars = { ...structuredClone(vars), ansible_search_path: [path.join(fixtures, 'roles/web'), path.join(fixtures, 'roles/web/tasks'), fixtures] };
    expect(loopItems({ loop: { kind: 'with_file', value: ['motd.txt', 'greeting.txt'] } }, roleVars, 'debug')).toEqual(['role file', 'greetings from files/']);
    expect(loopItems({ loop: { kind: 'with_fileglob', value: ['*.txt'] } }, roleVars, 'debug')).toEqual([path.join(fixtures, 'roles/web/files/motd.txt')]);
  });

  it('loop needs a list, with the hint Ansible gives', () => {
    expect(() => items('loop', '{{ ports }}')).toThrow(
      "Invalid data passed to 'loop', it requires a list, got this instead: {'http': 80, 'https': 443}. Hint: If you passed a list/dict of just one element, try adding wantlist=True",
    );
  });
});
