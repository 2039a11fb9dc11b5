#!/usr/bin/env bash
# Fleet-wide ad-hoc speed: on a local fleet of N real sshd hosts, in one run, time
#   deployer ssh all "df -h /"           (one fresh ssh2 connection per host)
#   a bare loop of ssh2 connections      (the floor)
#   ansible all -m raw                   (OpenSSH, ControlPersist off: a fresh connection per host)
#   ansible all -m shell, pipelining on
#   parallel-ssh (Debian pssh)
# and deployer's peak RSS. Writes the figures to bench/RESULTS.md.
# Usage: bench/adhoc.sh [N...]   (default: 50 200 500)
set -euo pipefail
cd "$(dirname "$0")/.."
bash bin/setup.sh --bench
sizes=("${@:-50 200 500}")
[ $# -eq 0 ] && sizes=(50 200 500)
work=$(mktemp -d)
chmod 755 "$work" # the fleet's login user reads its authorized_keys below it
cleanup() { node bin/fleet.js stop "$work/fleet" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
cmd='df -h /'
results=()
for n in "${sizes[@]}"; do
  node bin/fleet.js stop "$work/fleet" 2>/dev/null || true
  rm -rf "$work/fleet"
  inventory=$(node bin/fleet.js start "$work/fleet" "$n")
  user=$(node -e "console.log(JSON.parse(require('fs').readFileSync('$work/fleet/fleet.json')).user)")
  node -e "const f=JSON.parse(require('fs').readFileSync('$work/fleet/fleet.json'));for(const h of f.hosts)console.log(h.address+':'+h.port)" > "$work/pssh-hosts"
  # 20 forks was the fastest of 5, 20, 50 and 100 for `ansible -m raw` on 200 hosts of a 2-core machine
  ansible_forks=$(( n < 20 ? n : 20 ))
  export ANSIBLE_CONFIG="$work/none.cfg" ANSIBLE_SSH_ARGS='-o ControlMaster=no -o ControlPersist=no' ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3
  touch "$ANSIBLE_CONFIG"
  # every tool must succeed on every host before its time counts
  node bin/deployer.js ssh all "$cmd" -i "$inventory" -f "$n" > /dev/null
  ansible all -i "$inventory" -m raw -a "$cmd" -f "$ansible_forks" > /dev/null
  parallel-ssh -h "$work/pssh-hosts" -l "$user" -p "$n" -t 120 \
    -x "-i $work/fleet/ssh/client_ed25519 -o UserKnownHostsFile=$work/fleet/known_hosts -o StrictHostKeyChecking=yes" "$cmd" > /dev/null
  rss=$( { /usr/bin/time -f '%M' node bin/deployer.js ssh all "$cmd" -i "$inventory" -f "$n" > /dev/null; } 2>&1 | tail -1 )
  hyperfine --style basic --warmup 1 --runs 5 --export-json "$work/fast-$n.json" \
    -n "deployer ssh (N=$n)" "node bin/deployer.js ssh all '$cmd' -i $inventory -f $n > /dev/null" \
    -n "bare ssh2 loop (N=$n)" "node bench/bare-ssh2.mjs $work/fleet '$cmd'" \
    -n "parallel-ssh (N=$n)" "parallel-ssh -h $work/pssh-hosts -l $user -p $n -t 120 -x '-i $work/fleet/ssh/client_ed25519 -o UserKnownHostsFile=$work/fleet/known_hosts' '$cmd' > /dev/null"
  hyperfine --style basic --runs 2 --export-json "$work/ansible-$n.json" \
    -n "ansible -m raw (N=$n)" "ansible all -i $inventory -m raw -a '$cmd' -f $ansible_forks > /dev/null" \
    -n "ansible -m shell, pipelining (N=$n)" "ANSIBLE_PIPELINING=True ansible all -i $inventory -m shell -a '$cmd' -f $ansible_forks > /dev/null"
  results+=("$n:$rss:$ansible_forks")
done
node bench/write-adhoc-results.mjs "bench/adhoc.sh ${sizes[*]}" "$work" "${results[@]}"
