/**
 * The releases a host's deployer units name: RELEASES_COMMAND's output, captured on systemd
 * hosts of the test fleet (units written by an earlier deployer, which name the release
 * themselves: after an update, after a first install, with no unit; this deployer's units,
 * whose start scripts name it), parsed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseReleases } from '../../src/inspect/releases.js';
import { repo } from '../support/fleet.js';

const fixture = (name: string) => fs.readFileSync(path.join(repo, 'test/fixtures/releases', name), 'utf8');

describe('parseReleases', () => {
  it.each([
    ['updated.txt', [{ unit: 'app', component: 'app', release: 'app-1.1.0', previous: 'app-1.0.0' }]],
    ['first-install.txt', [{ unit: 'app', component: 'app', release: 'app-1.0.0' }]],
    ['no-units.txt', []],
    // this deployer's units: the unit names its start script, the start script the releases
    ['start-script.txt', ['a', 'app', 'b', 'c'].map((c) => ({ unit: c, component: c, release: `${c}-${c === 'app' ? '1.1.0' : '1.5.0'}`, previous: `${c}-${c === 'app' ? '1.0.0' : '1.4.0'}` }))],
  ])('%s', (name, expected) => {
    expect(parseReleases(fixture(name))).toEqual(expected);
  });

  it('reads several units and ignores a unit without its release line', () => {
    const output = `${fixture('updated.txt')}unit kafka-front.service\nX-Deployer-Component=kafka\nX-Deployer-Release=kafka_2.12-2.8.1\nX-Deployer-Previous=\nunit broken.service\nX-Deployer-Component=broken\n`;
    expect(parseReleases(output).map((u) => `${u.unit}:${u.release}:${u.previous ?? '-'}`)).toEqual(['app:app-1.1.0:app-1.0.0', 'kafka-front:kafka_2.12-2.8.1:-']);
  });
});
