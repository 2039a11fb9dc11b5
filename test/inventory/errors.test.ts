/**
 * Bad inventories are errors that name the file and line and say what was expected; nothing
 * half-parsed is ever returned. (Ansible often only warns and continues with half an inventory.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DeployerError, ParseError } from '../../src/errors.js';
import { HostSelector } from '../../src/inventory/patterns.js';
import { VarsResolver } from '../../src/inventory/resolver.js';
import { loadInventory } from '../../src/inventory/sources.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deployer-inv-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
}

function loadError(source: string): ParseError | DeployerError {
  try {
    const inventory = loadInventory([source], { cwd: dir });
    // vars files are read when variables are resolved
    const resolver = new VarsResolver(inventory);
    for (const host of inventory.hosts.values()) resolver.hostVars(host);
  } catch (error) {
    if (error instanceof DeployerError) return error;
    throw error;
  }
  throw new Error('expected an error');
}

describe.each([
  ['bad section header', { hosts: '[web]\nw1\n[web servers]\nw2\n' }, 'hosts', 3, /Invalid section entry: '\[web servers\]'/],
  ['unknown section type', { hosts: '[web:hostz]\nw1\n' }, 'hosts', 1, /Section \[web:hostz\] has unknown type: hostz/],
  ['trailing ; comment on a header', { hosts: '[web]\nw1\n[web:vars] ; note\nx=1\n' }, 'hosts', 3, /Invalid host range '\[web:vars\]'/],
  ['bad range', { hosts: '[web]\nweb[01:9]\n' }, 'hosts', 2, /equal-length begin and end/],
  ['range without end', { hosts: '[web]\nweb[1:]\n' }, 'hosts', 2, /host range must specify end value/],
  ['range with zero step', { hosts: '[web]\nweb[1:3:0]\n' }, 'hosts', 2, /step must not be zero/],
  ['children cycle', { hosts: '[a:children]\nb\n[b:children]\na\n' }, 'hosts', 4, /recursive dependency loop/],
  ['group as its own child', { hosts: '[a]\nh\n[a:children]\na\n' }, 'hosts', 4, /to itself/],
  ['undefined child group', { hosts: '[parent:children]\nmissing\n[other]\nh\n' }, 'hosts', 2, /Section \[parent:children\] includes undefined group: missing/],
  ['vars for an undefined group', { hosts: '[ghost:vars]\nx=1\n[web]\nw\n' }, 'hosts', 1, /Section \[ghost:vars\] not valid for undefined group: ghost/],
  ['host token without =', { hosts: '[web]\nw1 ansible_port=22 oops\n' }, 'hosts', 2, /Expected key=value host variable assignment, got: oops/],
  ['group var without =', { hosts: '[web]\nw1\n[web:vars]\njustaword\n' }, 'hosts', 4, /Expected key=value, got: justaword/],
  ['bad child line', { hosts: '[web]\nw1\n[p:children]\nweb extra\n' }, 'hosts', 4, /Expected group name, got: web extra/],
  ['unclosed quote', { hosts: '[web]\nw1 x="open\n' }, 'hosts', 2, /No closing quotation/],
  ['host ending in a colon', { hosts: '[web]\nw1:\n' }, 'hosts', 2, /ending in ':' is not allowed/],
  ['YAML document in an INI file', { 'hosts.cfg': '---\n' }, 'hosts.cfg', 1, /'---' is normally a sign this is a YAML file/],
  ['bracketed IPv6 without port', { hosts: '[a]\n[2001:db8::3]\n' }, 'hosts', 2, /Invalid section entry/],
  ['invalid UTF-8', { hosts: Buffer.concat([Buffer.from('# caf\xe9 ok in a comment\n[web]\nw\xe9b\n', 'latin1')]) }, 'hosts', 3, /invalid UTF-8/],
  ['YAML syntax error', { 'inv.yml': 'all:\n  hosts:\n    a: [1, 2\n  vars: {}\n' }, 'inv.yml', 4, /YAML syntax error/],
  ['YAML that is not a mapping', { 'inv.yml': '- web1\n- web2\n' }, 'inv.yml', 1, /should be a dictionary/],
  ['YAML hosts as a list', { 'inv.yml': 'web:\n  hosts:\n    - w1\n    - w2\n' }, 'inv.yml', 3, /Invalid "hosts" entry for "web" group, requires a dictionary/],
  ['YAML misspelt section', { 'inv.yml': 'web:\n  host:\n    w1:\n' }, 'inv.yml', 2, /Unexpected key \(host\) in group \(web\)/],
  ['YAML group that is a string', { 'inv.yml': 'web: w1\n' }, 'inv.yml', 1, /Invalid group definition for "web"/],
  ['YAML numeric host', { 'inv.yml': 'web:\n  hosts:\n    10:\n' }, 'inv.yml', 3, /Host pattern .*10.* must be a string/],
  ['YAML host vars that are a list', { 'inv.yml': 'web:\n  hosts:\n    w1: [a, b]\n' }, 'inv.yml', 3, /expected a dictionary of variables/],
  ['YAML children cycle', { 'inv.yml': 'a:\n  children:\n    b:\n      children:\n        a:\n' }, 'inv.yml', 3, /Adding group 'b' as child to 'a' creates a recursive dependency loop/],
  ['inventory plugin config', { 'inv.yml': 'plugin: constructed\n' }, 'inv.yml', 1, /Plugin configuration YAML file/],
])('%s', (_name, files, source, line, message) => {
  it('fails with file, line and what was expected', () => {
    write(files);
    const error = loadError(source);
    expect(error).toBeInstanceOf(ParseError);
    const parseError = error as ParseError;
    expect(parseError.location.file).toBe(path.join(dir, source));
    expect(parseError.location.line).toBe(line);
    expect(parseError.message).toMatch(message);
    expect(parseError.message.startsWith(`${path.join(dir, source)}:${line === undefined ? '' : `${line}:`}`)).toBe(true);
  });
});

describe('other bad input', () => {
  it.each<[string, string[], string[]]>([
    // as Ansible's InventoryManager: a missing source is a warning, and with nothing parsed only localhost is left
    ['a missing source', ['nope.ini'], ['Unable to parse <dir>/nope.ini as an inventory source', 'No inventory was parsed, only implicit localhost is available']],
    ['a missing source beside one that parses', ['nope.ini', 'hosts'], ['Unable to parse <dir>/nope.ini as an inventory source']],
    ['/dev/null (ANSIBLE_INVENTORY=/dev/null): an empty inventory, parsed', ['/dev/null'], []],
    ['the default /etc/ansible/hosts when absent: nothing said about it', ['/etc/ansible/hosts'], ['No inventory was parsed, only implicit localhost is available']],
  ])('%s', (_name, sources, warnings) => {
    write({ hosts: '[web]\nw1\n' });
    if (sources.includes('/etc/ansible/hosts') && fs.existsSync('/etc/ansible/hosts')) return;
    const inventory = loadInventory(sources, { cwd: dir });
    expect(inventory.warnings.map((w) => w.split(dir).join('<dir>'))).toEqual(warnings);
    expect([...inventory.hosts.keys()]).toEqual(sources.includes('hosts') ? ['w1'] : []);
  });

  it('a group_vars file that is not a dictionary names the file', () => {
    write({ hosts: '[web]\nw1\n', 'group_vars/web.yml': '- a\n- b\n' });
    expect(loadError('hosts').message).toBe(`${path.join(dir, 'group_vars/web.yml')}: expected a dictionary of variables, got a list`);
  });

  it('a group_vars file with a YAML error names the file and line', () => {
    write({ hosts: '[web]\nw1\n', 'group_vars/web.yml': 'a: 1\nb: [\n' });
    const error = loadError('hosts') as ParseError;
    expect(error.location).toEqual({ file: path.join(dir, 'group_vars/web.yml'), line: 3 });
  });

  it('an unreadable file is an error', () => {
    write({ hosts: '[web]\nw1\n' });
    fs.chmodSync(path.join(dir, 'hosts'), 0o000);
    // root reads anything, so only an unprivileged run can see this case
    if (process.getuid?.() === 0) return;
    expect(loadError('hosts').message).toMatch(/Unable to read inventory source .*hosts/);
  });

  it('an empty file is an empty inventory, as in Ansible', () => {
    write({ 'inv.yml': '# nothing yet\n' });
    const inventory = loadInventory(['inv.yml'], { cwd: dir });
    expect([...inventory.hosts.keys()]).toEqual([]);
  });

  it('a missing @file limit is an error', () => {
    write({ hosts: '[web]\nw1\n' });
    const inventory = loadInventory(['hosts'], { cwd: dir });
    expect(() => new HostSelector(inventory, { cwd: dir }).select('all', '@missing.retry')).toThrow(
      `Unable to find limit file ${path.join(dir, 'missing.retry')}`,
    );
  });

  it('an out-of-range subscript is an error', () => {
    write({ hosts: '[web]\nw1\nw2\n' });
    const inventory = loadInventory(['hosts'], { cwd: dir });
    expect(() => new HostSelector(inventory).select('web[5]')).toThrow("No hosts matched the subscripted pattern 'web[5]'");
  });

  it('a pattern that matches nothing only warns', () => {
    write({ hosts: '[web]\nw1\n' });
    const inventory = loadInventory(['hosts'], { cwd: dir });
    expect(new HostSelector(inventory).select('nosuch')).toEqual([]);
    expect(inventory.warnings).toContain('Could not match supplied host pattern, ignoring: nosuch');
  });
});
