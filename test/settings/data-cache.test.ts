/**
 * Large settings files are read from a private cache of their parsed data the second time: the
 * same settings come back, an entry is named by the file's SHA-256 (a changed file parses again),
 * a damaged entry is parsed again, and the entry is readable by its user only.
 */
import fs from 'node:fs';
import path from 'node:path';
import { CACHED_FROM_BYTES } from '../../src/settings/data-cache.js';
import { parseSettings } from '../../src/settings/load.js';
import { tempDir } from '../support/fleet.js';

const where = { file: '/conf/deployment.yml', confDir: '/conf', name: 'deployment.yml' };

/** Settings with enough hosts to be cached; `version` changes the file. */
function large(version: string): Buffer {
  const hosts: string[] = [];
  for (let i = 0, size = 0; size < CACHED_FROM_BYTES; i++, size += hosts.at(-1)!.length + 1) hosts.push(`  host${String(i).padStart(5, '0')}: { ansible_host: 127.1.${(i >> 8) & 255}.${i & 255}, rack: "r${i % 7}", weight: 1.5, spare: ~ }`);
  const names = hosts.map((line) => line.trim().split(':')[0]);
  return Buffer.from(`platform: { name: big, install_root: /opt/big }\nhosts:\n${hosts.join('\n')}\ncomponents:\n  app:\n    version: ${version}\n    clusters: { all: { hosts: [${names.join(', ')}] } }\n`);
}

let previous: string | undefined;
let cache: string;
beforeEach(() => {
  previous = process.env.XDG_CACHE_HOME;
  process.env.XDG_CACHE_HOME = cache = tempDir('deployer-settings-cache-');
});
afterEach(() => {
  if (previous === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = previous;
});

const entries = () => fs.readdirSync(path.join(cache, 'deployer', 'settings')).sort();

describe('the parsed-data cache of large settings files', () => {
  it('gives the same settings from its entry as from the YAML, in a private file named by the SHA-256', () => {
    const bytes = large('1.0.0');
    const parsed = parseSettings(bytes, where);
    expect(entries()).toEqual([`${parsed.settings.sha256}.v8`]);
    const dir = path.join(cache, 'deployer', 'settings');
    expect([fs.statSync(dir).mode & 0o777, fs.statSync(path.join(dir, entries()[0])).mode & 0o777]).toEqual([0o700, 0o600]);
    expect(parseSettings(bytes, where)).toEqual(parsed);
  });

  it('parses a changed file again, and a damaged entry', () => {
    const first = parseSettings(large('1.0.0'), where);
    const second = parseSettings(large('2.0.0'), where);
    expect(second.hosts[0].version).toBe('2.0.0');
    expect(entries()).toHaveLength(2);
    fs.writeFileSync(path.join(cache, 'deployer', 'settings', `${first.settings.sha256}.v8`), 'not a serialization');
    expect(parseSettings(large('1.0.0'), where)).toEqual(first);
  });

  it('keeps no entry for a small file', () => {
    parseSettings(Buffer.from('platform: { name: small, install_root: /opt/small }\nhosts: { a: {} }\ncomponents: { app: { version: 1.0.0, clusters: { c: { hosts: [a] } } } }\n'), where);
    expect(fs.existsSync(path.join(cache, 'deployer'))).toBe(false);
  });
});
