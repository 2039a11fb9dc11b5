/** Playbooks that cannot be loaded are refused before anything runs, naming file, line and task. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ParseError } from '../../src/errors.js';
import { loadPlaybook } from '../../src/playbook/loader.js';
import { shouldRun } from '../../src/playbook/tags.js';
import { deployer } from '../support/fleet.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deployer-pb-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
}

const play = (tasks: string) => `- hosts: all\n  tasks:\n${tasks}`;

describe.each<[string, Record<string, string>, string, number | undefined, RegExp]>([
  ['YAML syntax error', { 'site.yml': play('    - name: a\n      debug: {msg: x\n    - name: b\n') }, 'site.yml', 5, /YAML syntax error/],
  ['free-form words given to debug', { 'site.yml': play('    - name: a\n      debug: msg=x garbage\n') }, 'site.yml', 4, /this task 'debug' has extra params, which is only allowed in the following modules: command, shell, raw, script, include, /],
  ['unbalanced quotes in arguments', { 'site.yml': play('    - name: a\n      debug: msg="unterminated\n') }, 'site.yml', 4, /unbalanced quotes in module arguments: msg="unterminated \(task 'a'\)/],
  ['not a list of plays', { 'site.yml': 'hosts: all\n' }, 'site.yml', 1, /A playbook must be a list of plays/],
  ['unknown play keyword', { 'site.yml': '- hosts: all\n  taks: []\n' }, 'site.yml', 2, /'taks' is not a valid attribute for a Play/],
  ['missing hosts', { 'site.yml': '- name: x\n  tasks: []\n' }, 'site.yml', 1, /the field 'hosts' is required/],
  ['unknown module', { 'site.yml': play('    - name: install it\n      packagez: name=x\n') }, 'site.yml', 4, /couldn't resolve module\/action 'packagez'.*\(task 'install it'\)/],
  ['misspelt keyword beside a module', { 'site.yml': play('    - name: t\n      command: id\n      regster: out\n') }, 'site.yml', 5, /'regster' is not a valid attribute for a Task, nor a known module \(task 't'\)/],
  ['two modules', { 'site.yml': play('    - name: t\n      command: id\n      shell: id\n') }, 'site.yml', 5, /conflicting action statements: command, shell/],
  ['no module', { 'site.yml': play('    - name: lonely\n      register: x\n') }, 'site.yml', 3, /no module\/action detected in task \(task 'lonely'\)/],
  ['unknown block keyword', { 'site.yml': play('    - block:\n        - debug: msg=x\n      resuce: []\n') }, 'site.yml', 5, /'resuce' is not a valid attribute for a Block/],
  ['missing import_tasks file', { 'site.yml': play('    - import_tasks: nope.yml\n') }, 'site.yml', 3, /Could not find or access 'nope.yml'/],
  ['error inside an imported file', { 'site.yml': play('    - import_tasks: more.yml\n'), 'more.yml': '- name: bad\n  debugg: msg=x\n' }, 'more.yml', 2, /couldn't resolve module\/action 'debugg'/],
  ['missing role', { 'site.yml': '- hosts: all\n  roles: [ghost]\n' }, 'site.yml', 2, /the role 'ghost' was not found/],
  ['loop and with_items together', { 'site.yml': play('    - debug: var=item\n      loop: [1]\n      with_items: [2]\n') }, 'site.yml', 5, /cannot have both 'loop' and 'with_items'/],
  ['a with_ loop of no lookup', { 'site.yml': play('    - debug: var=item\n      with_itemz: [1]\n') }, 'site.yml', 4, /'with_itemz' is not a valid attribute for a Task/],
  ['a with_ loop without a value', { 'site.yml': play('    - debug: var=item\n      with_items:\n') }, 'site.yml', 4, /you must specify a value when using with_items/],
  ['vars that are not a dictionary', { 'site.yml': '- hosts: all\n  vars: [a]\n  tasks: []\n' }, 'site.yml', 2, /Vars in a Play must be specified as a dictionary, or a list of dictionaries/],
  ['action and local_action together', { 'site.yml': play('    - action: ping\n      local_action: ping\n') }, 'site.yml', 4, /action and local_action are mutually exclusive/],
  ['action beside a module', { 'site.yml': play('    - action: ping\n      debug: msg=x\n') }, 'site.yml', 4, /conflicting action statements: ping, debug/],
  ['an unknown module in action', { 'site.yml': play('    - name: t\n      action: pingz data=x\n') }, 'site.yml', 4, /couldn't resolve module\/action 'pingz'.*\(task 't'\)/],
  ['import_role without a name', { 'site.yml': play('    - import_role: common\n') }, 'site.yml', 3, /'name' is a required field for import_role\./],
  ['include_role with an unknown option', { 'site.yml': play('    - include_role: name=common colour=red\n') }, 'site.yml', 3, /Invalid options for include_role: colour/],
])('%s', (_name, files, file, line, message) => {
  it('is refused with file, line and what was expected', () => {
    write(files);
    let error: unknown;
    try {
      loadPlaybook(path.join(dir, 'site.yml'));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ParseError);
    expect((error as ParseError).location).toEqual({ file: path.join(dir, file), line });
    expect((error as ParseError).message).toMatch(message);
  });
});

it('runs nothing when the playbook cannot be loaded', async () => {
  write({ 'site.yml': play('    - name: first\n      command: touch created\n    - name: second\n      nosuchmodule: x\n'), hosts: 'localhost ansible_connection=local\n' });
  const result = await deployer(['play', 'site.yml', '-i', 'hosts'], { cwd: dir });
  // ansible-playbook's exit code for a playbook that does not parse (AnsibleParserError)
  expect(result.exitCode).toBe(4);
  expect(result.stdout).toBe('');
  expect(result.stderr).toMatch(/^ERROR! .*site\.yml:6: couldn't resolve module\/action 'nosuchmodule'/);
  expect(fs.existsSync(path.join(dir, 'created'))).toBe(false);
});

describe('tag selection (Ansible evaluate_tags)', () => {
  it.each<[string[], string[], string[], boolean]>([
    [[], [], [], true],
    [['deploy'], ['deploy'], [], true],
    [['patch'], ['deploy'], [], false],
    [[], ['deploy'], [], false],
    [['always'], ['deploy'], [], true],
    [['always'], [], ['always'], false],
    [['never', 'debug'], [], [], false],
    [['never', 'debug'], ['debug'], [], true],
    [['never'], ['all'], [], false],
    [['x'], ['tagged'], [], true],
    [[], ['tagged'], [], false],
    [[], ['untagged'], [], true],
    [['x'], ['untagged'], [], false],
    [['x'], [], ['x'], false],
    [['x'], [], ['tagged'], false],
    [['always'], [], ['all'], true],
  ])('tags %j with -t %j --skip-tags %j runs: %s', (tags, only, skip, runs) => {
    expect(shouldRun(tags, only, skip)).toBe(runs);
  });
});

describe('strategies', () => {
  it.each(['free', 'host_pinned', 'ansible.builtin.linear', 'anything'])("'%s' loads as written, with no warning (the run decides what it means)", (strategy) => {
    write({ 'site.yml': `- hosts: all\n  gather_facts: false\n  strategy: ${strategy}\n  tasks: []\n` });
    const { plays, warnings } = loadPlaybook(path.join(dir, 'site.yml'));
    expect(warnings).toEqual([]);
    expect(plays[0].strategy).toBe(strategy);
  });
});
