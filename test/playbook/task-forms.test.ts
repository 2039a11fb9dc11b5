/** The forms in which Ansible 2.14 accepts a task's module and arguments, and `vars:`, loaded as it loads them. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadPlaybook } from '../../src/playbook/loader.js';
import type { TaskDef } from '../../src/playbook/model.js';
import { parseKeyValues } from '../../src/playbook/parse-kv.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deployer-forms-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function firstTask(tasks: string): TaskDef {
  fs.writeFileSync(path.join(dir, 'site.yml'), `- hosts: all\n  tasks:\n${tasks}`);
  const item = loadPlaybook(path.join(dir, 'site.yml')).plays[0].tasks[0];
  if (item.kind !== 'task') throw new Error(`expected a task, got a ${item.kind}`);
  return item;
}

describe("key=value arguments (Ansible's parse_kv)", () => {
  it.each<[string, boolean, Record<string, unknown>]>([
    ['src=a dest=b', false, { src: 'a', dest: 'b' }],
    ['msg="a b" x=1', false, { msg: 'a b', x: '1' }],
    ['{{ item }}=moo', false, { '{{ item }}': 'moo' }],
    ['{{ a ~ "-x" }}={{ b }} c=d', false, { '{{ a ~ "-x" }}': '{{ b }}', c: 'd' }],
    ['name=common', false, { name: 'common' }],
    ['common', false, { _raw_params: 'common' }],
    ['a\\=b', false, { _raw_params: 'a=b' }],
    ['=x', false, { _raw_params: '=x' }],
    ['echo a=b chdir=/tmp', true, { _raw_params: 'echo a=b', chdir: '/tmp' }],
    ['cat x strip_empty_ends=no stdin_add_newline=no', true, { _raw_params: 'cat x', strip_empty_ends: 'no', stdin_add_newline: 'no' }],
    ['echo {{ a }} {{ b }}', true, { _raw_params: 'echo {{ a }} {{ b }}' }],
  ])('%s (free form: %s)', (text, freeForm, expected) => {
    expect(parseKeyValues(text, freeForm)).toEqual(expected);
  });
});

describe('task forms', () => {
  it.each<[string, string, Pick<TaskDef, 'module' | 'args'> & { delegateTo?: string }]>([
    ['module: k=v', '    - copy: src=a dest=b\n', { module: 'copy', args: { src: 'a', dest: 'b' } }],
    ['FQCN module', '    - ansible.builtin.copy: {src: a, dest: b}\n', { module: 'copy', args: { src: 'a', dest: 'b' } }],
    ['ansible.legacy module', '    - ansible.legacy.command: echo hi\n', { module: 'command', args: { _raw_params: 'echo hi' } }],
    ['action: string', '    - action: copy src=a dest=b\n', { module: 'copy', args: { src: 'a', dest: 'b' } }],
    ['action: free-form command', '    - action: command echo a=b chdir=/tmp\n', { module: 'command', args: { _raw_params: 'echo a=b', chdir: '/tmp' } }],
    ['action: dict with module', '    - action:\n        module: copy\n        src: a\n        dest: b\n', { module: 'copy', args: { src: 'a', dest: 'b' } }],
    ['action: module with args inside', '    - action:\n        module: copy src=a\n        args: {dest: b}\n', { module: 'copy', args: { src: 'a', dest: 'b' } }],
    ['action with args:', '    - action: copy src=a\n      args:\n        dest: b\n        src: ignored\n', { module: 'copy', args: { src: 'a', dest: 'b' } }],
    ['local_action: string', '    - local_action: command echo hi\n', { module: 'command', args: { _raw_params: 'echo hi' }, delegateTo: 'localhost' }],
    ['local_action: dict', '    - local_action:\n        module: ansible.builtin.debug\n        msg: hi\n', { module: 'debug', args: { msg: 'hi' }, delegateTo: 'localhost' }],
    ['local_action beside delegate_to', '    - local_action: ping\n      delegate_to: db1\n', { module: 'ping', args: {}, delegateTo: 'localhost' }],
    ['set_fact with a templated name', '    - set_fact: "{{ item }}=moo"\n', { module: 'set_fact', args: { '{{ item }}': 'moo' } }],
    ['arguments as one template', '    - debug: "{{ params }}"\n', { module: 'debug', args: { _variable_params: '{{ params }}' } }],
    ['words left with a template', '    - debug: msg=x garbage {{ "y" }}\n', { module: 'debug', args: { msg: 'x', _variable_params: 'garbage {{ "y" }}' } }],
  ])('%s', (_name, tasks, expected) => {
    const task = firstTask(tasks);
    expect({ module: task.module, args: task.args, ...(task.delegateTo !== undefined ? { delegateTo: task.delegateTo } : {}) }).toEqual(expected);
  });

  it.each<[string, string, Record<string, unknown>]>([
    ['a dictionary', '      vars: {a: 1, b: 2}\n', { a: 1, b: 2 }],
    ['a list of dictionaries, later ones winning', '      vars:\n        - {a: 1, b: 2}\n        - {b: 3}\n', { a: 1, b: 3 }],
    ['nothing', '      vars:\n', {}],
  ])('vars: %s', (_name, vars, expected) => {
    expect(firstTask(`    - debug: msg=x\n${vars}`).vars).toEqual(expected);
  });

  it('import_role: name=x imports the role (k=v string)', () => {
    fs.mkdirSync(path.join(dir, 'roles/c/tasks'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'roles/c/tasks/main.yml'), '- debug: msg=in-c\n');
    const block = (() => {
      fs.writeFileSync(path.join(dir, 'site.yml'), '- hosts: all\n  tasks:\n    - import_role: name=c\n');
      return loadPlaybook(path.join(dir, 'site.yml')).plays[0].tasks[0];
    })();
    expect(block.kind === 'block' && block.block.map((t) => t.kind === 'task' && [t.role?.name, t.args])).toEqual([['c', { msg: 'in-c' }]]);
  });
});

describe('import_tasks with notify', () => {
  it("gives the import's notify to each imported task that has none of its own", () => {
    fs.writeFileSync(path.join(dir, 'more.yml'), '- debug: msg=a\n- debug: msg=b\n  notify: own\n- block:\n    - debug: msg=c\n');
    fs.writeFileSync(path.join(dir, 'site.yml'), '- hosts: all\n  tasks:\n    - import_tasks: more.yml\n      notify: from the import\n');
    const imported = loadPlaybook(path.join(dir, 'site.yml')).plays[0].tasks[0];
    if (imported.kind !== 'block') throw new Error('expected the import as a block');
    const [a, b, inner] = imported.block;
    if (a.kind !== 'task' || b.kind !== 'task' || inner.kind !== 'block' || inner.block[0].kind !== 'task') throw new Error('unexpected imported items');
    expect([a.notify, b.notify, inner.block[0].notify]).toEqual([['from the import'], ['own'], ['from the import']]);
  });
});
