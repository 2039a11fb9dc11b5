#!/usr/bin/env bash
# Writes a large INI inventory folder: HOSTS hosts in 200 range-defined groups under 10 parents,
# with group_vars for every group and a few inline host vars.  Usage: gen-inventory.sh DIR [HOSTS]
set -euo pipefail
dir=$1
hosts=${2:-50000}
groups=200
per_group=$(( hosts / groups ))
mkdir -p "$dir/group_vars"
{
  for g in $(seq -w 1 $groups); do
    printf '[svc%s]\n' "$g"
    printf 'node%s-[0001:%04d].dc.local tier=t%s\n' "$g" "$per_group" "$(( 10#$g % 3 ))"
    printf 'extra%s.dc.local ansible_port=2222 role="extra host"\n\n' "$g"
    printf 'role: svc%s\n' "$g" > "$dir/group_vars/svc$g.yml"
    printf 'quorum: %d\n' "$(( 10#$g % 5 + 1 ))" >> "$dir/group_vars/svc$g.yml"
  done
  for p in $(seq -w 1 10); do
    printf '[site%s:children]\n' "$p"
    for g in $(seq $(( (10#$p - 1) * 20 + 1 )) $(( 10#$p * 20 ))); do printf 'svc%03d\n' "$g"; done
    printf '\n[site%s:vars]\nsite=%s\n\n' "$p" "$p"
  done
} > "$dir/hosts"
printf 'install_root: /data/opt\nbinaries_version: punch-binaries-6.4.5\n' > "$dir/group_vars/all.yml"
