#!/usr/bin/env bash
# What one privileged shell per host, held open (deployer's transport since commit bb7793e),
# saves against a session and sudo per task: bench/persistent-shell.mjs on a systemd fleet (HOSTS, 30 by default, as
# bench/rollout.sh), 20 tasks per host, two commands (a test that costs nothing, and a
# `systemctl show` as the role's checks run); and how many commands a deploy runs through sudo
# per host (sudo's own journal lines on one host, over one `deployer deploy` of bench/rollout.sh's
# three components).
# Usage: bench/persistent-shell.sh [HOSTS]   Writes the persistent-shell section of bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash bin/setup.sh >/dev/null
hosts=${1:-30}
source bench/systemd-fleet.sh
systemd_fleet "$hosts"
tables=$(for command in 'test -d /run/systemd/system' 'systemctl show -p ActiveState app >/dev/null'; do
  node bench/persistent-shell.mjs "$work/fleet" 20 "$command"; echo; done)

# sudo commands per host: a deploy of three components, counted on the first host
conf="$work/conf"
node bin/fleet-settings.js "$work/fleet" examples/local-fleet "$conf" >/dev/null
bash bin/build-archives.sh "$conf/archives" a:1.0.0:app b:1.0.0:app c:1.0.0:app a:1.1.0:app b:1.1.0:app c:1.1.0:app >/dev/null
node bench/rollout/settings.mjs "$conf/deployment.yml" "$hosts"
deployer() { node bin/deployer.js "$@"; }
version() { sed -i "s/^    version: .*/    version: $1/" "$conf/deployment.yml"; deployer generate-inventory --conf-dir "$conf" >/dev/null; }
address=$(node -e "console.log(require('$work/fleet/systemd-fleet.json').hosts[0].address)")
sudo_lines() { ssh -q -o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -i "$work/fleet/client_ed25519" -p 2222 "dfleet@$address" sudo journalctl -q _COMM=sudo --no-pager | grep -c 'COMMAND='; }
version 1.0.0
deployer deploy --conf-dir "$conf" --no-progress >/dev/null
before=$(sudo_lines)
version 1.1.0
deployer deploy --conf-dir "$conf" --no-progress >/dev/null
# the count's own ssh runs one sudo too
per_host=$(( $(sudo_lines) - before - 1 ))

node --input-type=module - "bench/persistent-shell.sh $hosts" "$per_host" "$tables" <<'EOF_NODE'
import os from 'node:os';
import { writeSection } from './bench/results-section.mjs';
const [command, perHost, tables] = process.argv.slice(2);
const block = [
  '<!-- persistent-shell:begin -->',
  '### one privileged shell per host',
  '',
  `Command: \`${command}\` — run on ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0].model}, Node ${process.version}. Not a comparison with Ansible: what deployer's transport pays per task on a systemd-nspawn host (an SSH session and \`sudo\` for each, as before commit bb7793e) against one \`sudo /bin/sh\` per host held open (as deployer does since), each task written to it and its end and exit code framed by a marker (bench/persistent-shell.mjs, ssh2 connections opened beforehand). *Machine CPU*: the whole machine's busy time from /proc/stat, so the containers' sshd, sudo and shells count.`,
  '',
  tables.trim(),
  '',
  `A \`deployer deploy\` of bench/rollout.sh's three components runs **${perHost}** command${perHost === '1' ? '' : 's'} through sudo per host, for the whole deploy (sudo's journal on one host): the pre-flight's probe, run as root, and the privileged shell held open for the rest.`,
  '<!-- persistent-shell:end -->',
].join('\n');
writeSection('persistent-shell', block);
console.log(block);
EOF_NODE
