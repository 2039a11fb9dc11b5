/**
 * The Python that has ansible-core on the controller: `DEPLOYER_ANSIBLE_PYTHON`, else the
 * interpreter of the first `ansible-playbook` (or `ansible`) on the PATH whose shebang names a
 * Python, so that the helper runs the very Ansible that ansible-playbook would.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Every executable `name` on the PATH, in the PATH's order. */
function allOnPath(name: string, env: NodeJS.ProcessEnv): string[] {
  const found: string[] = [];
  for (const dir of (env.PATH ?? '').split(':').filter(Boolean)) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      found.push(file);
    } catch {
      // not in this folder
    }
  }
  return found;
}

/** `#!/usr/bin/python3` or `#!/usr/bin/env python3`: the interpreter a script names. */
function shebangInterpreter(file: string, env: NodeJS.ProcessEnv): string | undefined {
  const first = fs.readFileSync(file, 'utf8').slice(0, 256).split('\n')[0];
  const match = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(first);
  if (!match) return undefined;
  const interpreter = path.basename(match[1]) === 'env' && match[2] ? allOnPath(match[2], env)[0] : match[1];
  // a wrapper script (`#!/bin/sh ... exec ansible-playbook "$@"`) names no Python: look further
  return interpreter && /^python[0-9.]*$/.test(path.basename(interpreter)) ? interpreter : undefined;
}

/** The interpreter to run the helper with, or why there is none. */
export function ansiblePython(env: NodeJS.ProcessEnv = process.env): { python: string } | { missing: string } {
  if (env.DEPLOYER_ANSIBLE_PYTHON) return { python: env.DEPLOYER_ANSIBLE_PYTHON };
  for (const name of ['ansible-playbook', 'ansible']) {
    for (const script of allOnPath(name, env)) {
      const python = shebangInterpreter(script, env);
      if (python) return { python };
    }
  }
  return { missing: 'ansible-core is not installed on the controller (no ansible-playbook on the PATH runs with Python)' };
}

/** What to install to get it. */
export const INSTALL_HINT = "install ansible-core on the controller (Debian: apt install ansible-core, or Debian's ansible package for the community collections; elsewhere: pip install ansible-core)";
