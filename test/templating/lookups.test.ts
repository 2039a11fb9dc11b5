/**
 * Lookups as Ansible 2.14's templar runs them: `lookup` joins a list of strings with commas,
 * `query`/`q` always give a list, `errors=` decides what a failure does, and each ansible.builtin
 * lookup behaves as its documentation (and Ansible itself, for every case here) says. Files are
 * found from test/fixtures/lookups, the "playbook folder" of these templates.
 */
import { jest } from '@jest/globals';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { renderString, UndefinedVariableError } from '../../src/templating/jinja.js';
import { repo } from '../support/fleet.js';

const fixtures = path.join(repo, 'test/fixtures/lookups');
const vars = {
  playbook_dir: fixtures,
  who: 'world',
  greeting: 'hello {{ who }}',
  users: [
    { name: 'alice', keys: ['a1', 'a2'], mysql: { hosts: ['%', 'localhost'] } },
    { name: 'bob', keys: ['b1'], mysql: { hosts: [] } },
  ],
  ports: { http: 80, https: 443 },
  inventory_hostname: 'web1',
  hostvars: { web1: { from_hostvars: 'hv' } },
  groups: { all: ['web1', 'web2', 'db1'], ungrouped: [], web: ['web1', 'web2'], db: ['db1'] },
};

const render = (template: string) => renderString(template, structuredClone(vars));

describe('lookup() and query()', () => {
  it.each<[string, string]>([
    // lookup joins strings with commas; anything else stays a list (or its one item)
    ["{{ lookup('items', 'a', 'b') }}", 'a,b'],
    ["{{ lookup('items', [1, 2]) }}", '[1, 2]'],
    ["{{ lookup('items', ['only']) }}", 'only'],
    ["{{ lookup('items', [[1, 2], [3]], wantlist=True) }}", '[[1, 2], [3]]'],
    ["{{ query('items', 'a') }}", "['a']"],
    ["{{ q('items', 'a', ['b', ['c']]) }}", "['a', 'b', ['c']]"],
    // an empty result is an empty list, even for lookup
    ["{{ lookup('fileglob', '*.none') }}", '[]'],
    ["{{ lookup('ansible.builtin.items', ['fqcn']) }}", 'fqcn'],
    ["{{ lookup('ansible.legacy.items', ['legacy']) }}", 'legacy'],
  ])('%s', (template, expected) => expect(render(template)).toBe(expected));

  it.each<[string, string]>([
    ["{{ lookup('file', 'nope.txt', errors='ignore') }}", ''],
    ["{{ query('file', 'nope.txt', errors='ignore') }}", '[]'],
    ["{{ query('file', 'nope.txt', errors='warn') }}", '[]'],
    ["{{ lookup('first_found', 'nope.txt', errors='ignore') }}", ''],
    ["{{ lookup('pipe', 'exit 3', errors='ignore') | default('none', true) }}", 'none'],
  ])('errors= %s gives %j', (template, expected) => {
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(render(template)).toBe(expected);
    } finally {
      write.mockRestore();
    }
  });

  it.each<[string, string]>([
    ["{{ lookup('nope', 'x') }}", 'lookup plugin (nope) not found'],
    // a failure the lookup did not expect is wrapped; an AnsibleLookupError is said as it is
    [
      "{{ lookup('pipe', 'exit 3') }}",
      "An unhandled exception occurred while running the lookup plugin 'pipe'. Error was a <class 'ansible.errors.AnsibleError'>, original message: lookup_plugin.pipe(exit 3) returned 3. lookup_plugin.pipe(exit 3) returned 3",
    ],
    ["{{ lookup('first_found', 'nope.txt') }}", 'No file was found when using first_found.'],
    ["{{ lookup('ini', 'x', section='nope', file='app.ini') }}", "No section 'nope' in app.ini"],
    // bad options are errors whatever errors= says
    [
      "{{ lookup('config', 'X', on_missing='bad', errors='ignore') }}",
      'Invalid value "bad" for configuration option "plugin_type: lookup plugin: config setting: on_missing ", valid values are: error, skip, warn',
    ],
  ])('%s fails: %s', (template, message) => {
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(() => render(template)).toThrow(message);
    } finally {
      write.mockRestore();
    }
  });
});

describe('each lookup', () => {
  it.each<[string, string]>([
    // list shapes
    ["{{ q('nested', ['a', 'b'], [1, 2]) }}", "[['a', 1], ['a', 2], ['b', 1], ['b', 2]]"],
    ["{{ q('nested', ['a'], [1, 2], ['x']) }}", "[['a', 1, 'x'], ['a', 2, 'x']]"],
    ["{{ q('together', [1, 2], ['x']) }}", '[[1, \'x\'], [2, None]]'],
    ["{{ q('indexed_items', ['a', 'b']) }}", "[(0, 'a'), (1, 'b')]"],
    ["{{ q('list', ['a', ['b']]) }}", "[['a', ['b']]]"],
    ["{{ q('dict', ports) }}", "[{'key': 'http', 'value': 80}, {'key': 'https', 'value': 443}]"],
    ["{{ q('subelements', users, 'keys') | map('last') | list }}", "['a1', 'a2', 'b1']"],
    ["{{ (q('subelements', users, 'keys') | first)[0] }}", "{'name': 'alice', 'mysql': {'hosts': ['%', 'localhost']}}"],
    ["{{ q('subelements', users, 'mysql.hosts') | map('last') | list }}", "['%', 'localhost']"],
    ["{{ q('subelements', users, 'missing', {'skip_missing': True}) }}", '[]'],
    ["{{ q('sequence', '4:host%02d') }}", "['host01', 'host02', 'host03', 'host04']"],
    ["{{ q('sequence', 'start=0x0f count=3 format=%04x') }}", "['000f', '0010', '0011']"],
    ["{{ q('sequence', '2-10/4', 'start=5 end=3 stride=-1') }}", "['2', '6', '10', '5', '4', '3']"],
    ["{{ q('random_choice', 'only') }}", "['only']"],
    // variables, hosts, environment, settings
    ["{{ lookup('vars', 'greeting') }}", 'hello world'],
    ["{{ lookup('vars', 'from_hostvars') }}", 'hv'],
    ["{{ q('vars', 'who', 'nope', default=0) }}", "['world', 0]"],
    ["{{ q('varnames', '^(who|greeting)$') | sort }}", "['greeting', 'who']"],
    ["{{ q('inventory_hostnames', 'web:!web2') }}", "['web1']"],
    ["{{ q('inventory_hostnames', 'all:&db') }}", "['db1']"],
    ["{{ lookup('env', 'DEPLOYER_LOOKUP_UNSET', default='fallback') }}", 'fallback'],
    ["{{ q('env', 'DEPLOYER_LOOKUP_UNSET') }}", "['']"],
    ["{{ lookup('config', 'DEFAULT_BECOME_USER') }}", 'root'],
    ["{{ lookup('config', 'NOPE', on_missing='skip') }}", '[]'],
    // files, found in files/ (or templates/) of the search path, then the folder itself
    ["{{ lookup('file', 'greeting.txt') }}", 'greetings from files/'],
    ["{{ lookup('file', 'padded.txt') }}", '  padded text'],
    ["{{ lookup('file', 'padded.txt', lstrip=True, rstrip=False) }}", 'padded text  \n'],
    ["{{ q('fileglob', '*.conf') | map('basename') | sort }}", "['a.conf', 'b.conf']"],
    ["{{ q('fileglob', 'files/.*.conf') | map('basename') | list }}", "['.c.conf']"],
    ["{{ lookup('first_found', 'nope.txt', 'greeting.txt') | basename }}", 'greeting.txt'],
    ["{{ lookup('first_found', {'files': ['nope', 'a.conf'], 'paths': ['files']}) | relpath(playbook_dir) }}", 'files/a.conf'],
    ["{{ lookup('first_found', 'nope', skip=True) }}", '[]'],
    ["{{ lookup('template', 'app.conf.j2', template_vars={'port': 8080}) }}", 'port=8080 of app.conf.j2\n'],
    ["{{ lookup('template', 'list.j2', template_vars={'port': 1, 'name': 'x'}) | type_debug }}", 'list'],
    ["{{ lookup('template', 'list.j2', template_vars={'port': 1, 'name': 'x'}, convert_data=False) | type_debug }}", 'str'],
    ["{{ lookup('csvfile', 'beta') }}", 'two words'],
    ["{{ lookup('csvfile', 'db, primary file=services.csv delimiter=, col=2') }}", 'dba'],
    ["{{ lookup('csvfile', 'zzz') }}", '[]'],
    ["{{ lookup('ini', 'url section=database file=app.ini') }}", 'postgres://db1:5432/app'],
    ["{{ lookup('ini', 'motd', section='database', file='app.ini') }}", 'first line\nsecond line'],
    ["{{ lookup('ini', 'percent', section='database', file='app.ini') }}", '100%'],
    ["{{ lookup('ini', 'HOME', file='app.ini') }}", '/srv/app'],
    ["{{ q('ini', 'p.*', section='database', file='app.ini', re=True) }}", "['5432', '100%']"],
    ["{{ lookup('ini', 'java.home', type='properties', file='app.properties') }}", '/usr/lib/jvm'],
    ["{{ lookup('ini', 'nope', section='database', file='app.ini', default='dflt') }}", 'dflt'],
    // the controller's shell, in the playbook's folder
    ["{{ lookup('pipe', 'echo hi; echo there  ') }}", 'hi\nthere'],
    ["{{ lookup('pipe', 'ls files/greeting.txt') }}", 'files/greeting.txt'],
    ["{{ q('lines', 'printf \"a\\\\nb\\\\n\"') }}", "['a', 'b']"],
  ])('%s', (template, expected) => expect(render(template)).toBe(expected));

  it.each<[string, string]>([
    ["{{ q('subelements', users, 'missing') }}", "could not find 'missing' key in iterated item"],
    ["{{ q('sequence', 'end=3 stride=-1') }}", "to count forward don't make stride negative"],
    ["{{ q('sequence', 'foo=1 end=2') }}", "unrecognized arguments to with_sequence: ['foo']"],
    ["{{ q('sequence', '0664') }}", "can't parse end=0664 as integer"],
    ["{{ lookup('config', 'NOPE') }}", "Unable to find setting NOPE. module 'ansible.constants' has no attribute 'NOPE'"],
    ["{{ lookup('csvfile', 'alpha col=7') }}", 'csvfile: list index out of range'],
    ["{{ lookup('template', 'missing.j2') }}", 'the template file missing.j2 could not be found for the lookup'],
    ["{{ lookup('ini', 'user') }}", "Invalid filename: 'None'"],
  ])('%s fails: %s', (template, message) => {
    const write = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(() => render(template)).toThrow(message);
    } finally {
      write.mockRestore();
    }
  });

  it.each<[string, string]>([
    ["{{ lookup('items', undefined_term) }}", "'undefined_term' is undefined"],
    ["{{ lookup('vars', 'nope') }}", 'No variable found with this name: nope'],
    ["{{ lookup('env', 'DEPLOYER_LOOKUP_UNSET', default=undef()) }}", 'The "env" lookup, found an undefined variable: DEPLOYER_LOOKUP_UNSET'],
  ])('%s is an undefined variable: %s', (template, message) => {
    expect(() => render(template)).toThrow(UndefinedVariableError);
    expect(() => render(template)).toThrow(message);
  });
});

describe('password', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deployer-password-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('makes up a password, stores it (0600, folders 0700) and reads it back', () => {
    const own = { ...vars, playbook_dir: dir };
    const first = renderString("{{ lookup('password', 'creds/db length=12 chars=digits') }}", own);
    expect(first).toMatch(/^\d{12}$/);
    expect(fs.readFileSync(path.join(dir, 'creds/db'), 'utf8')).toBe(`${first}\n`);
    expect(fs.statSync(path.join(dir, 'creds/db')).mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.join(dir, 'creds')).mode & 0o777).toBe(0o700);
    expect(renderString("{{ lookup('password', 'creds/db') }}", own)).toBe(first);
  });

  it.each<[string, RegExp]>([
    ["{{ lookup('password', '/dev/null') }}", /^[A-Za-z0-9.,:_-]{20}$/],
    ["{{ lookup('password', '/dev/null', length=5, chars=['ascii_uppercase']) }}", /^[A-Z]{5}$/],
    ["{{ lookup('password', '/dev/null chars=ascii_lowercase,,') }}", /^[a-z,]{20}$/],
  ])('%s', (template, shape) => expect(render(template)).toMatch(shape));

  it('reads the password of a file written with a salt', () => {
    fs.writeFileSync(path.join(dir, 'salted'), 'secret salt=abcd\n');
    expect(renderString("{{ lookup('password', 'salted') }}", { ...vars, playbook_dir: dir })).toBe('secret');
  });

  it('refuses what it does not know', () => {
    expect(() => render("{{ lookup('password', '/dev/null colour=red') }}")).toThrow('Unrecognized parameter(s) given to password lookup: colour');
  });
});
