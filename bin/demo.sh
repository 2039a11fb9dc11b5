#!/usr/bin/env bash
# The main job, end to end on the embedded example platform (inventories/example).
# Today: the inventory engine, compared live with Ansible's own answers.
set -euo pipefail
cd "$(dirname "$0")/.."
bash bin/setup.sh

deployer() { node bin/deployer.js "$@"; }
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
inv=inventories/example

step deployer inventory -i $inv --graph
deployer inventory -i $inv --graph

step deployer inventory -i $inv --list-hosts "'kafka_servers:!kafka_back'"
deployer inventory -i $inv --list-hosts 'kafka_servers:!kafka_back'

step deployer inventory -i $inv --list-hosts "'patchable:&kafka_servers'" -l "'shiva_local[0:1]'"
deployer inventory -i $inv --list-hosts 'patchable:&kafka_servers' -l 'shiva_local[0:1]'

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

step deployer inventory -i $inv --list-hosts nosuchgroup
deployer inventory -i $inv --list-hosts nosuchgroup
