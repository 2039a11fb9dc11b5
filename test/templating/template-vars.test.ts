/**
 * The variables Ansible adds to a template file's (generate_ansible_template_vars): the path as
 * given and found, the owner, the file's modification time and the run's as Python prints a
 * datetime; and `in` over a dict's keys(), values() and items(), as templates test them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderString } from '../../src/templating/jinja.js';
import { ansibleTemplateVars } from '../../src/templating/template-vars.js';

describe('ansibleTemplateVars', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deployer-tvars-'));
    fs.writeFileSync(path.join(dir, 'whole.j2'), '');
    fs.writeFileSync(path.join(dir, 'fraction.j2'), '');
    fs.utimesSync(path.join(dir, 'whole.j2'), new Date(2024, 4, 1, 12, 30, 0), new Date(2024, 4, 1, 12, 30, 0));
    fs.utimesSync(path.join(dir, 'fraction.j2'), new Date(2024, 4, 1, 12, 30, 0, 250), new Date(2024, 4, 1, 12, 30, 0, 250));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['whole.j2', '2024-05-01 12:30:00'],
    ['fraction.j2', '2024-05-01 12:30:00.250000'],
  ])('%s was modified at %s', (name, mtime) => expect(ansibleTemplateVars(name, path.join(dir, name)).template_mtime).toBe(mtime));

  it('names the template, its owner, the controller and where it goes', () => {
    const vars = ansibleTemplateVars('whole.j2', path.join(dir, 'whole.j2'), '/etc/x.conf');
    expect(vars).toMatchObject({ template_path: 'whole.j2', template_fullpath: path.join(dir, 'whole.j2'), template_destpath: '/etc/x.conf', template_host: os.hostname(), ansible_managed: 'Ansible managed' });
    expect(vars.template_uid).toBe(os.userInfo().username);
    expect(vars.template_run_date).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d{6})?$/);
  });
});

describe('in a view of a dict', () => {
  it.each([
    ["{{ 'a' in x.keys() }}", 'True'],
    ["{{ 'b' in x.keys() }}", 'False'],
    ['{{ 1 in x.values() }}', 'True'],
    ["{{ ('a', 1) in x.items() }}", 'True'],
    ["{{ ['a', 1] in x.items() }}", 'False'],
  ])('%s', (template, expected) => expect(renderString(template, { x: { a: 1 } })).toBe(expected));
});
