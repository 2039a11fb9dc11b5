/**
 * The Python that has ansible-core on the controller: `DEPLOYER_ANSIBLE_PYTHON`, else the
 * interpreter of the `ansible-playbook` (or `ansible`) found on the PATH, read from its shebang,
 * so that the helper runs the very Ansible that ansible-playbook would.
 */
import fs from 'node:fs';
import path from 'node:path';

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(':').filter(Boolean)) {
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not in this folder
    }
  }
  return undefined;
}

/** `#!/usr/bin/python3` or `#!/usr/bin/env python3`: the interpreter a script names. */
function shebangInterpreter(file: string, env: NodeJS.ProcessEnv): string | undefined {
  const first = fs.readFileSync(file, 'utf8').slice(0, 256).split('\n')[0];
  const match = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(first);
  if (!match) return undefined;
  if (path.basename(match[1]) === 'env' && match[2]) return onPath(match[2], env);
  return match[1];
}

/** The interpreter to run the helper with, or why there is none. */
export function ansiblePython(env: NodeJS.ProcessEnv = process.env): { python: string } | { missing: string } {
  if (env.DEPLOYER_ANSIBLE_PYTHON) return { python: env.DEPLOYER_ANSIBLE_PYTHON };
  for (const name of ['ansible-playbook', 'ansible']) {
    const script = onPath(name, env);
    const python = script ? shebangInterpreter(script, env) : undefined;
    if (python) return { python };
  }
  return { missing: 'ansible-core is not installed on the controller (no ansible-playbook on the PATH)' };
}

/** What to install to get it. */
export const INSTALL_HINT = "install ansible-core on the controller (Debian: apt install ansible-core, or Debian's ansible package for the community collections; elsewhere: pip install ansible-core)";
