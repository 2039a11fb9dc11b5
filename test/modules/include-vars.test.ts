/** include_vars as Ansible 2.14's action reads files and folders, and where it looks for them. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { includeVars } from '../../src/modules/include-vars.js';
import type { ModuleContext } from '../../src/modules/types.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deployer-iv-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
}

function context(place: { taskFile: string; rolePath?: string }, vars = {}): ModuleContext {
  return {
    host: 'h',
    vars,
    check: false,
    diff: false,
    searchDirs: [],
    place: { baseDir: dir, taskFile: path.join(dir, place.taskFile), ...(place.rolePath ? { rolePath: path.join(dir, place.rolePath) } : {}) },
    exec: () => Promise.reject(new Error('include_vars runs on the controller')),
    evaluate: () => undefined,
    render: (text) => text,
  };
}

const neutral = (value: unknown) => JSON.parse(JSON.stringify(value).split(dir).join('<dir>'));

const FOLDER = {
  'vars/d/b.yml': 'b: 1\norder: b\n',
  'vars/d/a.json': '{"a": 1, "order": "a"}',
  'vars/d/sub/c.yaml': 'c: 1\norder: c\n',
  'vars/d/sub/deeper/e.yml': 'e: 1\n',
  'vars/d/zz.txt': 'not: vars\n',
  'vars/d/skip.yml': 'skip: 1\n',
};

describe('include_vars', () => {
  it.each<[string, Record<string, string>, Record<string, unknown>, { taskFile: string; rolePath?: string }, Record<string, unknown>]>([
    ['free form, under vars/ of the playbook', { 'vars/x.yml': 'x: 1\n' }, { _raw_params: 'x.yml' }, { taskFile: 'site.yml' }, { ansible_facts: { x: 1 }, ansible_included_var_files: ['<dir>/vars/x.yml'] }],
    ['file, beside the playbook', { 'x.yml': 'x: 2\n' }, { file: 'x.yml' }, { taskFile: 'site.yml' }, { ansible_facts: { x: 2 }, ansible_included_var_files: ['<dir>/x.yml'] }],
    ["in a role: the role's vars/ first", { 'roles/r/vars/x.yml': 'x: role\n', 'roles/r/tasks/main.yml': '[]', 'vars/x.yml': 'x: playbook\n' }, { _raw_params: 'x.yml' }, { taskFile: 'roles/r/tasks/main.yml', rolePath: 'roles/r' }, { ansible_facts: { x: 'role' }, ansible_included_var_files: ['<dir>/roles/r/vars/x.yml'] }],
    ['under a name', { 'vars/x.yml': 'x: 1\n' }, { file: 'x.yml', name: 'bundle' }, { taskFile: 'site.yml' }, { ansible_facts: { bundle: { x: 1 } }, ansible_included_var_files: ['<dir>/vars/x.yml'] }],
    ['an empty file: no variables', { 'vars/x.yml': '# nothing\n' }, { file: 'x.yml' }, { taskFile: 'site.yml' }, { ansible_facts: {}, ansible_included_var_files: ['<dir>/vars/x.yml'] }],
    ['not a dictionary', { 'vars/x.yml': '- a\n' }, { file: 'x.yml' }, { taskFile: 'site.yml' }, { failed: true, message: '<dir>/vars/x.yml must be stored as a dictionary/hash', ansible_facts: {}, ansible_included_var_files: [] }],
    [
      'a folder, sorted by path, subfolders after',
      FOLDER,
      { dir: 'vars/d', ignore_files: ['zz.txt', 'sk.p.yml'] },
      { taskFile: 'site.yml' },
      { ansible_facts: { a: 1, b: 1, c: 1, e: 1, order: 'c' }, ansible_included_var_files: ['<dir>/vars/d/a.json', '<dir>/vars/d/b.yml', '<dir>/vars/d/sub/c.yaml', '<dir>/vars/d/sub/deeper/e.yml'] },
    ],
    ['depth counts the folders taken', FOLDER, { dir: 'vars/d', depth: 2, files_matching: '^[a-e]\\.', extensions: ['yml', 'yaml', 'json'] }, { taskFile: 'site.yml' }, { ansible_facts: { a: 1, b: 1, c: 1, order: 'c' }, ansible_included_var_files: ['<dir>/vars/d/a.json', '<dir>/vars/d/b.yml', '<dir>/vars/d/sub/c.yaml'] }],
    ['ignore_files as a string of patterns', FOLDER, { dir: 'vars/d', ignore_files: 'zz.txt skip.yml', depth: 1 }, { taskFile: 'site.yml' }, { ansible_facts: { a: 1, b: 1, order: 'b' }, ansible_included_var_files: ['<dir>/vars/d/a.json', '<dir>/vars/d/b.yml'] }],
    ['unknown extensions ignored', FOLDER, { dir: 'vars/d', depth: 1, extensions: ['yml'], ignore_unknown_extensions: true }, { taskFile: 'site.yml' }, { ansible_facts: { b: 1, order: 'b', skip: 1 }, ansible_included_var_files: ['<dir>/vars/d/b.yml', '<dir>/vars/d/skip.yml'] }],
    [
      'a file of another extension fails, keeping what earlier folders gave',
      { 'vars/d/a.yml': 'a: 1\n', 'vars/d/sub/b.yml': 'b: 1\n', 'vars/d/sub/c.txt': 'c: 1\n' },
      { dir: 'vars/d' },
      { taskFile: 'site.yml' },
      { failed: true, message: '<dir>/vars/d/sub/c.txt does not have a valid extension: yaml, yml, json', ansible_facts: { a: 1 }, ansible_included_var_files: ['<dir>/vars/d/a.yml', '<dir>/vars/d/sub/b.yml'] },
    ],
    ["a folder in a role: under the role's vars/", { 'roles/r/vars/conf/x.yml': 'x: 1\n' }, { dir: 'conf' }, { taskFile: 'roles/r/tasks/main.yml', rolePath: 'roles/r' }, { ansible_facts: { x: 1 }, ansible_included_var_files: ['<dir>/roles/r/vars/conf/x.yml'] }],
    ['a folder that is not there', {}, { dir: 'nope' }, { taskFile: 'site.yml' }, { failed: true, message: '<dir>/nope directory does not exist', ansible_facts: {}, ansible_included_var_files: [] }],
    ['a folder that is a file', { 'f.yml': 'a: 1\n' }, { dir: 'f.yml' }, { taskFile: 'site.yml' }, { failed: true, message: '<dir>/f.yml is not a directory', ansible_facts: {}, ansible_included_var_files: [] }],
    [
      'a file that is nowhere: the places searched',
      {},
      { _raw_params: 'nope.yml' },
      { taskFile: 'tasks/t.yml' },
      {
        failed: true,
        message: "Could not find or access 'nope.yml'\nSearched in:\n\t<dir>/tasks/vars/nope.yml\n\t<dir>/tasks/nope.yml\n\t<dir>/vars/nope.yml\n\t<dir>/nope.yml on the Ansible Controller.\nIf you are using a module and expect the file to exist on the remote, see the remote_src option",
        ansible_facts: {},
        ansible_included_var_files: [],
      },
    ],
  ])('%s', async (_name, files, args, place, expected) => {
    write(files);
    expect(neutral(await includeVars.run(args, context(place)))).toEqual(expected);
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['an unknown option', { file: 'x.yml', colour: 'red' }, 'colour is not a valid option in include_vars'],
    ['file and dir options together', { file: 'x.yml', depth: 1 }, 'You are mixing file only and dir only arguments, these are incompatible'],
    ['extensions that are no list', { dir: 'd', extensions: { yml: 1 } }, 'Invalid type for "extensions" option, it must be a list'],
  ])('%s is an error of the task', async (_name, args, message) => {
    write({ 'd/x.yml': 'x: 1\n' });
    await expect(includeVars.run(args, context({ taskFile: 'site.yml' }))).rejects.toThrow(message);
  });

  it.each<[string, Record<string, unknown>]>([
    ['merge', { conf: { a: 1, b: 2, nested: { x: 1, y: 2 } } }],
    // replace is the configured behaviour here: the included value as it is
    ['replace', { conf: { b: 2, nested: { y: 2 } } }],
  ])('hash_behaviour %s', async (behaviour, expected) => {
    write({ 'vars/x.yml': 'conf: {b: 2, nested: {y: 2}}\n' });
    const current = { conf: { a: 1, nested: { x: 1 } } };
    expect((await includeVars.run({ file: 'x.yml', hash_behaviour: behaviour }, context({ taskFile: 'site.yml' }, current))).ansible_facts).toEqual(expected);
  });

  it.each<[string, Record<string, unknown>]>([
    ['an empty file (a lookup that found nothing)', { file: '' }],
    ['a file of None', { file: null }],
    ['an empty file and empty free-form text', { file: '', _raw_params: '' }],
  ])('%s: not found, as Ansible words it', async (_name, args) => {
    expect(await includeVars.run(args, context({ taskFile: 'site.yml' }))).toEqual({
      failed: true,
      message: 'Could not find file on the Ansible Controller.\nIf you are using a module and expect the file to exist on the remote, see the remote_src option',
      ansible_included_var_files: [],
      ansible_facts: {},
    });
  });
});
