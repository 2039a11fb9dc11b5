#!/usr/bin/env bash
# The main job, end to end, on embedded defaults:
#   1. the inventory engine on the example platform (inventories/example), checked against Ansible;
#   2. a local fleet of real sshd hosts on loopback, and fleet work on it: ad-hoc commands,
#      templated commands, sudo, disk and process checks, an unreachable host and its retry file.
# The fleet is stopped (by PID) when the demo ends, however it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
bash bin/setup.sh

deployer() { node "$repo/bin/deployer.js" "$@"; }
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
inv=inventories/example

echo "== 1. Inventories, exactly as Ansible reads them"
step deployer inventory -i $inv --graph kafka_servers
deployer inventory -i $inv --graph kafka_servers

step deployer inventory -i $inv --list-hosts "'kafka_servers:!kafka_back'"
deployer inventory -i $inv --list-hosts 'kafka_servers:!kafka_back'

step deployer inventory -i $inv --host kafka4.platform.local
deployer inventory -i $inv --host kafka4.platform.local
echo "(kafka_cluster is 'front': group_vars/ files outrank inline [kafka_back:vars], exactly as in Ansible)"

step "deployer inventory -i $inv --list  vs  ansible-inventory -i $inv --list"
if diff <(deployer inventory -i $inv --list | python3 -m json.tool --sort-keys) \
        <(ansible-inventory -i $inv --list | python3 -m json.tool --sort-keys) >/dev/null; then
  echo "identical: deployer sees exactly the hosts, groups and variables Ansible sees"
else
  echo "DIFFERENT from ansible-inventory" >&2
  exit 1
fi

echo
echo "== 2. A local fleet of 6 real sshd hosts on loopback"
work=$(mktemp -d)
chmod 755 "$work"
trap 'node "$repo/bin/fleet.js" stop "$work/fleet"; rm -rf "$work"' EXIT
export FLEET_GROUPS='{"zookeeper_servers":[0,1,2],"kafka_servers":[3,4],"operator_servers":[5]}'
fleet=$(node "$repo/bin/fleet.js" start "$work/fleet" 6)
cd "$work"
echo "inventory: $fleet"

step deployer ssh kafka_servers "'df -h / | tail -1'" -i fleet/inventory
deployer ssh kafka_servers 'df -h / | tail -1' -i fleet/inventory

step deployer --ssh operator_servers "'ls -d {{install_root}}/{{binaries_version}}'" -e binaries_version=punch-6.4.5 -i fleet/inventory
mkdir -p "$(sed -n 's/^host006 .*install_root=\([^ ]*\).*/\1/p' fleet/inventory)/punch-6.4.5/patch"
deployer --ssh operator_servers 'ls -d {{install_root}}/{{binaries_version}}/patch' -e binaries_version=punch-6.4.5 -i fleet/inventory

step deployer ssh zookeeper_servers whoami -b -o -i fleet/inventory
deployer ssh zookeeper_servers whoami -b -o -i fleet/inventory

step deployer df all / -i fleet/inventory
deployer df all / -i fleet/inventory

step deployer ps kafka_servers "'sshd: dfleet'" -i fleet/inventory
deployer ps kafka_servers 'sshd: dfleet' -i fleet/inventory

step "deployer ssh 'zookeeper_servers:gone' uptime -o  (gone: a host whose sshd does not answer)"
printf '\n[lost]\ngone ansible_host=127.0.0.1 ansible_port=1\n' >> fleet/inventory
set +e
deployer ssh 'zookeeper_servers:gone' uptime -o -i fleet/inventory
echo "exit code: $? (4: some hosts unreachable, as Ansible)"
set -e

step deployer ssh all hostname -o -i fleet/inventory -l @ssh.retry
deployer ssh all hostname -o -i fleet/inventory -l @ssh.retry || true
echo "(only the host in the retry file was tried again)"
sed -i '/^\[lost\]/,$d' fleet/inventory

echo
echo "== 3. Playbooks: Ansible syntax, run natively over SSH"
step deployer play $repo/playbooks/examples/release.yml -i fleet/inventory -l kafka_servers
deployer play "$repo/playbooks/examples/release.yml" -i fleet/inventory -l kafka_servers

step "deployer play ... -e release=1.1 --check --diff -l host004   (predicts and shows the changes, changes nothing)"
deployer play "$repo/playbooks/examples/release.yml" -i fleet/inventory -l host004 -e release=1.1 --check --diff --no-progress | sed -n '/TASK \[configuration/,/^changed/p; /TASK \[point current/,/^changed/p'

step "deployer play ... -e release=1.1   (a new release beside the old one)"
deployer play "$repo/playbooks/examples/release.yml" -i fleet/inventory -l kafka_servers -e release=1.1 | tail -9

step "deployer play ... -e release=1.1   (again: nothing to change)"
deployer play "$repo/playbooks/examples/release.yml" -i fleet/inventory -l kafka_servers -e release=1.1 | tail -4
