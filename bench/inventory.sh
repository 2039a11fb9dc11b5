#!/usr/bin/env bash
# Inventory speed: a generated 50,000-host INI inventory (ranges, 200 groups, group_vars),
# `deployer inventory --list` and a pattern `--list-hosts`, against `ansible-inventory --list`
# and `ansible PATTERN --list-hosts`, all measured in the same run. Writes bench/RESULTS.md.
# Usage: bench/inventory.sh [HOSTS]   (default 50000)
set -euo pipefail
cd "$(dirname "$0")/.."
bash bin/setup.sh --bench
hosts=${1:-50000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bash bench/gen-inventory.sh "$work/inv" "$hosts"
pattern='site01:&~node00[1-3].*:!svc002'

# Correctness first: the two must agree before their speed means anything.
node bin/deployer.js inventory -i "$work/inv" --list > "$work/deployer.json"
ansible-inventory -i "$work/inv" --list > "$work/ansible.json"
python3 -c 'import json,sys; a,b=(json.load(open(f)) for f in sys.argv[1:]); sys.exit(0 if a==b else "outputs differ")' "$work/deployer.json" "$work/ansible.json"

export ANSIBLE_CONFIG="$work/none.cfg"
touch "$ANSIBLE_CONFIG"
hyperfine --style basic --warmup 1 --runs 5 --export-json "$work/deployer.json" \
  -n 'deployer inventory --list' "node bin/deployer.js inventory -i $work/inv --list > /dev/null" \
  -n 'deployer inventory --list-hosts' "node bin/deployer.js inventory -i $work/inv --list-hosts '$pattern' > /dev/null"
hyperfine --style basic --runs 2 --export-json "$work/ansible.json" \
  -n 'ansible-inventory --list' "ansible-inventory -i $work/inv --list > /dev/null" \
  -n 'ansible --list-hosts' "ansible -i $work/inv '$pattern' --list-hosts > /dev/null"

node bench/write-results.mjs inventory "bench/inventory.sh $hosts" "$work/deployer.json" "$work/ansible.json" <<EOF_TABLE
deployer inventory --list|ansible-inventory --list|list all groups, hosts and hostvars ($hosts hosts)
deployer inventory --list-hosts|ansible --list-hosts|pattern \`$pattern\`
EOF_TABLE
