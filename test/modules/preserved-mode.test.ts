/** mode: preserve, read from the controller file as Ansible's copy and template actions read it. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { withPreservedMode } from '../../src/modules/preserved-mode.js';

describe('mode: preserve', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deployer-preserve-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  it.each<[number, string]>([
    [0o644, '0644'],
    [0o750, '0750'],
    [0o4755, '04755'],
    [0o000, '0000'],
  ])('a file of mode %o gives %s', (mode, expected) => {
    const file = path.join(dir, mode.toString(8));
    fs.writeFileSync(file, 'x');
    fs.chmodSync(file, mode);
    expect(withPreservedMode({ dest: '/d', mode: 'preserve' }, file)).toEqual({ dest: '/d', mode: expected });
  });
  it('any other mode stays as given', () => {
    expect(withPreservedMode({ mode: '0600' }, '/nonexistent')).toEqual({ mode: '0600' });
  });
});
