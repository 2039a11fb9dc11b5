/**
 * A configuration folder for a systemd fleet: an example's settings folder copied, with its hosts'
 * addresses and the connection variables (user, port, key, known_hosts) of this fleet filled in,
 * comments kept. What the demo and the deploy tests start from.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import type { SystemdFleetState } from './systemd-fleet.js';

export function writeFleetSettings(state: SystemdFleetState, exampleDir: string, confDir: string): string {
  fs.rmSync(confDir, { recursive: true, force: true });
  fs.cpSync(exampleDir, confDir, { recursive: true });
  const file = path.join(confDir, 'deployment.yml');
  const document = parseDocument(fs.readFileSync(file, 'utf8'));
  for (const host of state.hosts) document.setIn(['hosts', host.name], document.createNode({ ansible_host: host.address }, { flow: true }));
  document.set(
    'vars',
    document.createNode({
      ansible_user: state.user,
      ansible_port: state.hosts[0]?.port ?? 2222,
      ansible_ssh_private_key_file: state.clientKey,
      ansible_ssh_common_args: `-o UserKnownHostsFile=${state.knownHosts} -o StrictHostKeyChecking=yes`,
      ansible_python_interpreter: '/usr/bin/python3',
    }),
  );
  fs.writeFileSync(file, document.toString());
  return file;
}
