#!/usr/bin/env bash
# Playbook speed: bench/playbook/site.yml (command, shell, file, copy, template) and site-facts.yml
# (the same with facts gathered and used) on a local fleet of N real sshd hosts, every run from
# empty install roots, deployer against ansible-playbook with pipelining on and forks = N,
# measured in the same run.
# Usage: bench/playbook.sh [N...]   (default: 50 200). Writes bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
# DEPLOYER_NO_SETUP=1: the tools are there already (a worktree whose node_modules is shared must not be reinstalled)
[ -n "${DEPLOYER_NO_SETUP:-}" ] || bash bin/setup.sh --bench
sizes=("$@")
[ $# -eq 0 ] && sizes=(50 200)
work=$(mktemp -d)
chmod 755 "$work"
cleanup() { node bin/fleet.js stop "$work/fleet" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
rows=()
for n in "${sizes[@]}"; do
  node bin/fleet.js stop "$work/fleet" 2>/dev/null || true
  rm -rf "$work/fleet"
  inventory=$(node bin/fleet.js start "$work/fleet" "$n")
  export ANSIBLE_CONFIG="$work/none.cfg" ANSIBLE_PIPELINING=True ANSIBLE_SSH_ARGS='-o ControlMaster=auto -o ControlPersist=60s'
  touch "$ANSIBLE_CONFIG"
  for variant in site site-facts; do
    # both must succeed, and leave the same files, before their times count
    bash bench/reset-roots.sh "$work/fleet"
    node bin/deployer.js play "bench/playbook/$variant.yml" -i "$inventory" -f "$n" > "$work/deployer.out"
    (cd "$work/fleet/hosts" && find . -type f -exec sha1sum {} + | sort) > "$work/deployer.files"
    bash bench/reset-roots.sh "$work/fleet"
    ansible-playbook "bench/playbook/$variant.yml" -i "$inventory" -f "$n" > "$work/ansible.out"
    (cd "$work/fleet/hosts" && find . -type f -exec sha1sum {} + | sort) > "$work/ansible.files"
    diff -q "$work/deployer.files" "$work/ansible.files"
    hyperfine --style basic --runs 3 --prepare "bash bench/reset-roots.sh $work/fleet" --export-json "$work/deployer-$variant-$n.json" \
      -n "deployer play $variant (N=$n)" "node bin/deployer.js play bench/playbook/$variant.yml -i $inventory -f $n > /dev/null"
    hyperfine --style basic --runs 1 --prepare "bash bench/reset-roots.sh $work/fleet" --export-json "$work/ansible-$variant-$n.json" \
      -n "ansible-playbook $variant (N=$n)" "ansible-playbook bench/playbook/$variant.yml -i $inventory -f $n > /dev/null"
  done
  rows+=("$n")
done
node bench/write-results.mjs playbook "bench/playbook.sh ${sizes[*]}" "$work"/deployer-*.json "$work"/ansible-*.json < <(
  for n in "${rows[@]}"; do
    echo "deployer play site (N=$n)|ansible-playbook site (N=$n)|5-task playbook on $n hosts from empty install roots, no facts (ansible: pipelining, forks=$n)"
    echo "deployer play site-facts (N=$n)|ansible-playbook site-facts (N=$n)|the same with facts gathered and used (gather_facts: true) on $n hosts"
  done
)
