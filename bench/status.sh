#!/usr/bin/env bash
# `deployer status` speed: the facts of 5 components (units, process table, file ages) gathered
# on every host, by `deployer status` and by `ansible all -m shell` running the same probe
# command (pipelining on), in the same run:
#   - on a loopback fleet of N real sshd hosts, each with its own process table (one sshd per
#     host, PID 1 of its own PID namespace, as on a real fleet); no systemd there: missing units
#     are a valid answer, so the facts are gathered in full;
#   - on the systemd fleet (6 hosts by default) with the example app deployed.
# Wall time (median of runs) and the controller's own CPU (user+sys of the tool and its
# children, per host: on a real fleet each host has its own CPU; here every sshd shares the
# machine's two cores).
# Usage: bench/status.sh [SSHD_HOSTS] [SYSTEMD_HOSTS]   Writes the status section of bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash bin/setup.sh >/dev/null
sshd_hosts=${1:-200}
systemd_hosts=${2:-6}
work=$(mktemp -d)
chmod 755 "$work" # the fleet's login user reads its authorized_keys below it
cleanup() { node bin/fleet.js stop "$work/fleet" 2>/dev/null || true; node bin/systemd-fleet.js stop "$work/systemd" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
repo=$(pwd)
results="$work/results.txt"
export ANSIBLE_PIPELINING=True ANSIBLE_CONFIG="$work/none.cfg" ANSIBLE_RETRY_FILES_ENABLED=False ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3
touch "$ANSIBLE_CONFIG"

# `timed FLEET TOOL RUNS COMMAND...`: each run's wall time and user+sys (with children) into results
timed() {
  local fleet=$1 tool=$2 runs=$3; shift 3
  for _ in $(seq 1 "$runs"); do
    # status exits 1-3 when rows are not ok (the sshd fleet has no units): only a crash counts
    /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" > "$work/last.out" 2>&1 || [ $? -le 3 ] || { cat "$work/last.out"; exit 1; }
    # (time's first line says when the exit status is not 0: the figures are on the last)
    read -r wall user sys < <(tail -n 1 "$work/time")
    echo "$fleet|$tool|$wall|$(echo "$user + $sys" | bc)" >> "$results"
  done
}

# every host must answer before times count
measure() {
  local fleet=$1 conf=$2 forks=$3 ansible_forks=$4
  local probe inventory="$conf/generated_inventory/current-deployment.inv"
  node bin/deployer.js generate-inventory --conf-dir "$conf" > /dev/null
  # Ansible templates module arguments: the probe is passed through raw
  probe="{% raw %}$(node bench/status-probe.mjs "$conf"){% endraw %}"
  # (a first burst of hundreds of handshakes on 2 cores can time one out: three tries)
  for try in 1 2 3; do
    node bin/deployer.js status --conf-dir "$conf" -f "$forks" > "$work/check.out" || true
    grep -q unreachable "$work/check.out" || break
    [ "$try" = 3 ] && { grep unreachable "$work/check.out" | head; exit 1; }
  done
  ANSIBLE_SSH_CONTROL_PATH_DIR=$(mktemp -d -p "$work") ansible all -i "$inventory" -m shell -a "$probe" -f "$ansible_forks" > /dev/null
  # what one host's share of the work costs here: the probe run locally, 20 times in a row, in a
  # process table of its own as each fleet host has
  if [[ "$fleet" == *sshd* ]]; then
    node bench/status-probe.mjs "$conf" > "$work/probe.sh"
    /usr/bin/time -f "%e" -o "$work/probe-time" bash -c "for i in \$(seq 20); do unshare --pid --fork --mount-proc sh '$work/probe.sh' > /dev/null; done"
    echo "$fleet|probe|$(echo "$(cat "$work/probe-time") / 20" | bc -l)|0" >> "$results"
  fi
  timed "$fleet" deployer 5 node "$repo/bin/deployer.js" status --conf-dir "$conf" -f "$forks"
  # Ansible as a new command: no connection left from an earlier one (a fresh ControlPath folder)
  timed "$fleet" ansible 2 bash -c 'ANSIBLE_SSH_CONTROL_PATH_DIR=$(mktemp -d -p "$1") exec "${@:2}"' _ "$work" ansible all -i "$inventory" -m shell -a "$probe" -f "$ansible_forks"
  # Ansible reusing the SSH connections (ControlPersist, 60 s by default) of a run just before
  export ANSIBLE_SSH_CONTROL_PATH_DIR="$work/warm-$RANDOM"
  ansible all -i "$inventory" -m shell -a "$probe" -f "$ansible_forks" > /dev/null
  timed "$fleet" ansible-warm 2 ansible all -i "$inventory" -m shell -a "$probe" -f "$ansible_forks"
  unset ANSIBLE_SSH_CONTROL_PATH_DIR
}

# the loopback sshd fleet, 5 components on every host
node bin/fleet.js start "$work/fleet" "$sshd_hosts" --own-process-table > /dev/null
node bench/status-settings.mjs "$work/fleet" "$work/sshd-conf" 5
# 20 forks was the fastest of 5, 20, 50 and 100 for Ansible on 200 hosts of a 2-core machine
# (bench/adhoc.sh); deployer works on 100 hosts at once (-f 100, its default is 200): here every host's probe
# shares the same two cores, and 200 at once time out some handshakes (not so on a real fleet)
measure "$sshd_hosts sshd hosts, 5 components" "$work/sshd-conf" 100 20
node bin/fleet.js stop "$work/fleet"

# the systemd fleet with the example app deployed and running
node bin/systemd-fleet.js start "$work/systemd" "$systemd_hosts" > /dev/null
conf="$work/systemd-conf"
node bin/fleet-settings.js "$work/systemd" examples/local-fleet "$conf" > /dev/null
names=$(for i in $(seq 1 "$systemd_hosts"); do printf 'node%02d,' "$i"; done)
sed -i "s/hosts: \[ node01, node02, node03 \]/hosts: [ ${names%,} ]/" "$conf/deployment.yml"
bash bin/build-archives.sh "$conf/archives" app:1.0.0 > /dev/null
node bin/deployer.js deploy --conf-dir "$conf" --no-progress > /dev/null
measure "$systemd_hosts systemd hosts, the example app" "$conf" "$systemd_hosts" "$systemd_hosts"

node - "$results" "bench/status.sh $sshd_hosts $systemd_hosts" <<'EOF_NODE'
const fs = require('fs');
const os = require('os');
const [file, command] = process.argv.slice(2);
const rows = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split('|'));
const median = (values) => { const s = [...values].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const of = (fleet, tool, column) => median(rows.filter((r) => r[0] === fleet && r[1] === tool).map((r) => Number(r[column])));
const fleets = [...new Set(rows.map((r) => r[0]))];
const table = fleets.map((fleet) => {
  const hosts = Number(fleet.split(' ')[0]);
  const wall = (tool) => of(fleet, tool, 2);
  const cpu = (tool) => of(fleet, tool, 3);
  const perHost = (seconds) => `${(1000 * seconds / hosts).toFixed(1)} ms`;
  const probe = of(fleet, 'probe', 2);
  return `| ${fleet} | ${wall('deployer').toFixed(2)} s | ${wall('ansible').toFixed(2)} s | **${(wall('ansible') / wall('deployer')).toFixed(1)}x** | ${wall('ansible-warm').toFixed(2)} s | ${(wall('ansible-warm') / wall('deployer')).toFixed(1)}x | ${perHost(cpu('deployer'))} | ${perHost(cpu('ansible'))} | **${(cpu('ansible') / cpu('deployer')).toFixed(1)}x** | ${perHost(cpu('ansible-warm'))} | ${(cpu('ansible-warm') / cpu('deployer')).toFixed(1)}x | ${Number.isNaN(probe) ? '-' : `${(1000 * probe).toFixed(0)} ms`} |`;
});
const block = [
  '<!-- status:begin -->',
  '### status',
  '',
  `Command: \`${command}\` — run on ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0].model}, Node ${process.version}. \`deployer status\` against \`ansible all -m shell\` running the same probe command (pipelining; forks: deployer 100 and Ansible 20 on the sshd fleet, both = hosts on the systemd fleet), one round trip per host for all components; medians of 5 runs (deployer) and 2 (Ansible), measured in the same run. Ansible is measured twice: as a new command (its default ControlPersist on, but no connection left from an earlier run: what \`deployer status\` is, every time), and *warm*, reusing the SSH master connections of an Ansible run made just before (within ControlPersist's 60 s), which skips every handshake. Controller CPU: user+sys of the tool and its children, per host (a warm Ansible's master connections are not its children: their share is not counted). Each sshd host has its own process table (one sshd per host, PID 1 of its own PID namespace with its own /proc), as a real host has, but all of them share this machine's two cores: the wall times include every host's probe and sshd session one after the other, where a real fleet runs them at once. The last column is one host's share of that work: the probe run locally, in a PID namespace of its own.`,
  '',
  '| fleet | deployer status | ansible -m shell | speed-up | ansible, warm | speed-up | deployer CPU per host | ansible CPU per host | CPU ratio | ansible warm CPU per host | CPU ratio | the probe, run once here |',
  '|---|---|---|---|---|---|---|---|---|---|---|---|',
  ...table,
  '<!-- status:end -->',
].join('\n');
import(require('url').pathToFileURL(require('path').resolve('bench/results-section.mjs'))).then(({ writeSection }) => {
  writeSection('status', block);
  console.log(block);
});
EOF_NODE
