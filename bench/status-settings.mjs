// Settings for the status benchmark: every host of a loopback sshd fleet (bin/fleet.js) runs
// COMPONENTS components, each with its own systemd unit (none exists there: the fleet has no
// systemd, and a missing unit is a valid answer, so the facts are gathered in full).
// Usage: status-settings.mjs FLEET_DIR CONF_DIR [COMPONENTS]   → writes CONF_DIR/deployment.yml
import fs from 'node:fs';
import path from 'node:path';

const [fleetDir, conf, count = '5'] = process.argv.slice(2);
const fleet = JSON.parse(fs.readFileSync(path.join(fleetDir, 'fleet.json'), 'utf8'));
const names = fleet.hosts.map((_h, i) => `h${String(i + 1).padStart(4, '0')}`);
const lines = [
  'platform: { name: bench, install_root: /data/opt, binaries_version: punch-6.4.5 }',
  'vars:',
  `  ansible_user: ${fleet.user}`,
  `  ansible_ssh_private_key_file: ${path.join(fleetDir, 'ssh/client_ed25519')}`,
  `  ansible_ssh_common_args: "-o UserKnownHostsFile=${path.join(fleetDir, 'known_hosts')} -o StrictHostKeyChecking=yes"`,
  'hosts:',
  ...fleet.hosts.map((h, i) => `  ${names[i]}: { ansible_host: ${h.address}, ansible_port: ${h.port} }`),
  'components:',
];
for (let c = 0; c < Number(count); c++) {
  lines.push(
    `  service${c}:`,
    `    version: 1.${c}.0`,
    `    clusters: { main: { hosts: [${names.join(', ')}] } }`,
    '    config: { conf/service.conf: templates/service.conf.j2 }',
    `    service: { exec_start: "{{ install_dir }}/bin/run --port ${9000 + c}" }`,
    '    patchable: true',
  );
}
fs.mkdirSync(path.join(conf, 'templates'), { recursive: true });
fs.writeFileSync(path.join(conf, 'templates/service.conf.j2'), 'port={{ port | default(0) }}\n');
fs.writeFileSync(path.join(conf, 'deployment.yml'), `${lines.join('\n')}\n`);
