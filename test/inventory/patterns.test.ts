/**
 * Host patterns, table-driven. The first tables are Ansible's own unit-test tables
 * (test/units/plugins/inventory/test_inventory.py); the last one runs every pattern form against
 * one inventory and checks hosts *and their order*, as `ansible PATTERN --list-hosts` prints them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expandHostRange } from '../../src/inventory/addresses.js';
import { InventoryData } from '../../src/inventory/model.js';
import { HostSelector, orderPatterns, splitHostPattern } from '../../src/inventory/patterns.js';
import { loadInventory } from '../../src/inventory/sources.js';

const ASCII_LETTERS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';

describe('split_host_pattern', () => {
  it.each<[string, string[]]>([
    ['a', ['a']],
    ['a, b', ['a', 'b']],
    ['a , b', ['a', 'b']],
    [' a,b ,c[1:2] ', ['a', 'b', 'c[1:2]']],
    ['9a01:7f8:191:7701::9', ['9a01:7f8:191:7701::9']],
    ['9a01:7f8:191:7701::9,9a01:7f8:191:7701::9', ['9a01:7f8:191:7701::9', '9a01:7f8:191:7701::9']],
    ['9a01:7f8:191:7701::9,9a01:7f8:191:7701::9,foo', ['9a01:7f8:191:7701::9', '9a01:7f8:191:7701::9', 'foo']],
    ['foo[1:2]', ['foo[1:2]']],
    ['a::b', ['a::b']],
    ['a:b', ['a', 'b']],
    [' a : b ', ['a', 'b']],
    ['foo:bar:baz[1:2]', ['foo', 'bar', 'baz[1:2]']],
    ['a,,b', ['a', 'b']],
    ['a,  ,b,,c, ,', ['a', 'b', 'c']],
    [',', []],
    ['', []],
    ['web:&db:!web1', ['web', '&db', '!web1']],
    ['host.example.com:22', ['host.example.com:22']],
  ])('%j', (pattern, expected) => {
    expect(splitHostPattern(pattern)).toEqual(expected);
  });

  it.each<[string[], string[]]>([
    [['a'], ['a']],
    [['a', 'b'], ['a', 'b']],
    [['a, b'], ['a', 'b']],
    [['9a01:7f8:191:7701::9', '9a01:7f8:191:7701::9,foo'], ['9a01:7f8:191:7701::9', '9a01:7f8:191:7701::9', 'foo']],
  ])('list %j', (patterns, expected) => {
    expect(splitHostPattern(patterns)).toEqual(expected);
  });
});

describe('order_patterns', () => {
  it.each<[string[], string[]]>([
    [['!a', 'b', '&c', 'd'], ['b', 'd', '&c', '!a']],
    [['&a'], ['all', '&a']],
    [['!a'], ['all', '!a']],
    [['', 'a'], ['a']],
  ])('%j', (patterns, expected) => {
    expect(orderPatterns(patterns)).toEqual(expected);
  });
});

describe('subscripts, on a group whose hosts are string.ascii_letters', () => {
  // Ansible's table calls the group `a`; here it is `letters`, since hosts are named `a`..`Z`.
  const inventory = new InventoryData();
  inventory.addGroup('letters');
  for (const letter of ASCII_LETTERS) inventory.addHost(letter, 'letters');
  inventory.reconcile();
  const selector = new HostSelector(inventory);

  it.each<[string, string[]]>([
    ['letters', [...ASCII_LETTERS]],
    ['letters[0]', ['a']],
    ['letters[1]', ['b']],
    ['letters[2:3]', ['c', 'd']],
    ['letters[-1]', ['Z']],
    ['letters[-2]', ['Y']],
    ['letters[48:]', ['W', 'X', 'Y', 'Z']],
    ['letters[49:]', ['X', 'Y', 'Z']],
    ['letters[1:]', [...ASCII_LETTERS.slice(1)]],
    ['letters[60:70]', []],
  ])('%s', (pattern, expected) => {
    expect(selector.select(pattern).map((h) => h.name)).toEqual(expected);
  });

  it('[x-y] subscripts still work but warn, as in Ansible', () => {
    expect(selector.select('letters[0-1]').map((h) => h.name)).toEqual(['a', 'b']);
    expect(inventory.warnings).toContain('Use [x:y] inclusive subscripts instead of [x-y] which has been removed');
  });
});

describe('host ranges', () => {
  it.each<[string, string[]]>([
    ['a[1:2]', ['a1', 'a2']],
    ['a[1:10:2]', ['a1', 'a3', 'a5', 'a7', 'a9']],
    ['a[a:b]', ['aa', 'ab']],
    ['a[a:i:3]', ['aa', 'ad', 'ag']],
    ['a[a:b][c:d]', ['aac', 'aad', 'abc', 'abd']],
    ['a[0:1][2:3]', ['a02', 'a03', 'a12', 'a13']],
    ['a[a:b][2:3]', ['aa2', 'aa3', 'ab2', 'ab3']],
    ['web[01:03]', ['web01', 'web02', 'web03']],
    ['db-[y:B]', ['db-y', 'db-z', 'db-A', 'db-B']],
    ['n[:2]', ['n0', 'n1', 'n2']],
    ['n[3:1]', []],
    ['plain', ['plain']],
  ])('%s', (pattern, expected) => {
    expect(expandHostRange(pattern)).toEqual(expected);
  });
});

describe('patterns against an inventory, in Ansible host order', () => {
  let dir: string;
  let selector: HostSelector;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deployer-patterns-'));
    fs.writeFileSync(
      path.join(dir, 'hosts'),
      [
        'solo',
        '[web]', 'web1', 'web2', 'web3',
        '[db]', 'db1', 'db2',
        '[cache]', 'cache1', 'web3',
        '[prod:children]', 'web', 'db',
        '[staging]', 'stage-web1', 'stage-db1',
        '[monitoring]', 'mon.example.com', '10.0.0.5',
      ].join('\n'),
    );
    fs.writeFileSync(path.join(dir, 'retry'), 'db2\nweb1\n');
    selector = new HostSelector(loadInventory(['hosts'], { cwd: dir }), { cwd: dir });
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  // `all` walks its child groups in the order they were attached: ungrouped, then the groups that
  // had no parent (cache, prod, staging, monitoring), then grandchildren (web, db). Taken from
  // `ansible -i hosts all --list-hosts`, as is every row below.
  const everyone = ['solo', 'cache1', 'web3', 'stage-web1', 'stage-db1', 'mon.example.com', '10.0.0.5', 'web1', 'web2', 'db1', 'db2'];
  it.each<[string, string | undefined, string[]]>([
    ['all', undefined, everyone],
    ['*', undefined, everyone],
    ['ungrouped', undefined, ['solo']],
    ['web', undefined, ['web1', 'web2', 'web3']],
    ['web:db', undefined, ['web1', 'web2', 'web3', 'db1', 'db2']],
    ['db:web', undefined, ['db1', 'db2', 'web1', 'web2', 'web3']],
    ['web,db', undefined, ['web1', 'web2', 'web3', 'db1', 'db2']],
    ['web:&cache', undefined, ['web3']],
    ['web:!web2', undefined, ['web1', 'web3']],
    ['!web2:web', undefined, ['web1', 'web3']],
    ['prod:!db', undefined, ['web1', 'web2', 'web3']],
    ['prod:&cache:!web1', undefined, ['web3']],
    ['&cache', undefined, ['cache1', 'web3']],
    ['!prod', undefined, ['solo', 'cache1', 'stage-web1', 'stage-db1', 'mon.example.com', '10.0.0.5']],
    ['web*', undefined, ['web1', 'web2', 'web3']],
    ['*web*', undefined, ['web1', 'web2', 'web3', 'stage-web1']],
    ['stage-*', undefined, ['stage-web1', 'stage-db1']],
    ['~web[12]', undefined, ['web1', 'web2']],
    ['~^(db|cache)', undefined, ['db1', 'db2', 'cache1', 'web3']],
    ['web[0]', undefined, ['web1']],
    ['web[-1]', undefined, ['web3']],
    ['web[1:]', undefined, ['web2', 'web3']],
    ['prod[2:3]', undefined, ['web3', 'db1']],
    ['web1:db2:cache1', undefined, ['web1', 'db2', 'cache1']],
    ['mon.example.com', undefined, ['mon.example.com']],
    ['10.0.0.*', undefined, ['10.0.0.5']],
    ['web1,web1', undefined, ['web1']],
    ['cach?', undefined, ['cache1', 'web3']],
    ['nosuch', undefined, []],
    ['localhost', undefined, ['localhost']],
    ['all', '@retry', ['web1', 'db2']],
    ['prod', 'db:stage-*', ['db1', 'db2']],
    ['all', 'web[0]:db[-1]', ['web1', 'db2']],
    ['web', '!web1', ['web2', 'web3']],
  ])('%s (limit %s)', (pattern, limit, expected) => {
    expect(selector.select(pattern, limit).map((h) => h.name)).toEqual(expected);
  });
});
