import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ansiblePython } from '../../src/bridge/python.js';

/** Folders on a PATH, each holding executable scripts with the given first lines. */
function pathOf(folders: Record<string, string>[]): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'deployer-bridge-python-'));
  return folders
    .map((scripts, index) => {
      const dir = path.join(root, String(index));
      fs.mkdirSync(dir);
      for (const [name, first] of Object.entries(scripts)) fs.writeFileSync(path.join(dir, name), `${first}\nexit 0\n`, { mode: 0o755 });
      return dir;
    })
    .join(':');
}

describe('the Python that runs the bridge helper', () => {
  it('is DEPLOYER_ANSIBLE_PYTHON when it is set', () => {
    expect(ansiblePython({ DEPLOYER_ANSIBLE_PYTHON: '/opt/py/bin/python3', PATH: pathOf([{ 'ansible-playbook': '#!/usr/bin/python3' }]) })).toEqual({ python: '/opt/py/bin/python3' });
  });

  it('is the interpreter ansible-playbook names', () => {
    expect(ansiblePython({ PATH: pathOf([{ 'ansible-playbook': '#!/usr/bin/python3.11' }]) })).toEqual({ python: '/usr/bin/python3.11' });
  });

  it('is found through env on the PATH', () => {
    const bin = pathOf([{ python3: '#!/bin/sh' }, { 'ansible-playbook': '#!/usr/bin/env python3' }]);
    expect(ansiblePython({ PATH: bin })).toEqual({ python: path.join(bin.split(':')[0], 'python3') });
  });

  it('skips a wrapper script on the PATH for the real ansible-playbook further on', () => {
    const bin = pathOf([{ 'ansible-playbook': '#!/bin/sh', ansible: '#!/bin/sh' }, { 'ansible-playbook': '#!/usr/bin/python3' }]);
    expect(ansiblePython({ PATH: bin })).toEqual({ python: '/usr/bin/python3' });
  });

  it('is missing when only wrappers are found', () => {
    expect(ansiblePython({ PATH: pathOf([{ 'ansible-playbook': '#!/bin/sh' }]) })).toEqual({ missing: expect.stringContaining('ansible-core is not installed') });
  });
});
