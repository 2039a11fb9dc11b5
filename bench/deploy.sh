#!/usr/bin/env bash
# Deploy speed on a fleet of real systemd hosts (systemd-nspawn, 6 by default): the example app
# installed, updated, re-run with nothing to do, and rolled back, by `deployer` and by
# `ansible-playbook` running the same shipped playbooks with the same generated inventory
# (pipelining on, forks = hosts), on the same fleet, in the same run. Wall time, and the
# controller's own CPU time (user+sys of the tool and its children: on a real fleet each host has
# its own CPU; here the containers share the machine's two cores).
# Usage: bench/deploy.sh [HOSTS]   Writes the deploy section of bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash bin/setup.sh >/dev/null
hosts=${1:-6}
work=$(mktemp -d)
cleanup() { node bin/systemd-fleet.js stop "$work/fleet" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
node bin/systemd-fleet.js start "$work/fleet" "$hosts" >/dev/null
conf="$work/conf"
node bin/fleet-settings.js "$work/fleet" examples/local-fleet "$conf" >/dev/null
# every host of the fleet in the app's cluster
names=$(for i in $(seq 1 "$hosts"); do printf 'node%02d,' "$i"; done)
sed -i "s/hosts: \[ node01, node02, node03 \]/hosts: [ ${names%,} ]/" "$conf/deployment.yml"
bash bin/build-archives.sh "$conf/archives" app:1.0.0 app:1.1.0 >/dev/null
deployer() { node "$(pwd)/bin/deployer.js" "$@"; }
version() { sed -i "s/^    version: .*/    version: $1/" "$conf/deployment.yml"; deployer generate-inventory --conf-dir "$conf" >/dev/null; }
reset() { deployer ssh all 'systemctl stop app 2>/dev/null; rm -rf /opt/platform /etc/systemd/system/app.service; systemctl daemon-reload' -b --conf-dir "$conf" >/dev/null; }
export ANSIBLE_PIPELINING=True ANSIBLE_CONFIG="$work/none.cfg" ANSIBLE_RETRY_FILES_ENABLED=False ANSIBLE_FORKS="$hosts"
touch "$ANSIBLE_CONFIG"
repo=$(pwd)
results="$work/results.txt"
# `timed TOOL LABEL COMMAND...`: wall time and user+sys (the command and its children) into results
timed() {
  local tool=$1 label=$2; shift 2
  /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" > "$work/last.out" || { cat "$work/last.out"; exit 1; }
  read -r wall user sys < "$work/time"
  echo "$tool|$label|$wall|$(echo "$user + $sys" | bc)" >> "$results"
}
inventory="$conf/generated_inventory/current-deployment.inv"
for tool in deployer ansible; do
  reset
  for step in "install 1.0.0:deploy:1.0.0" "update to 1.1.0:deploy:1.1.0" "re-run, nothing to do:deploy:1.1.0" "rollback to 1.0.0:rollback:1.1.0"; do
    IFS=: read -r label action v <<< "$step"
    version "$v"
    if [ "$tool" = deployer ]; then
      if [ "$action" = deploy ]; then timed deployer "$label" node "$repo/bin/deployer.js" deploy --conf-dir "$conf" --no-progress
      else timed deployer "$label" node "$repo/bin/deployer.js" rollback app --conf-dir "$conf" --no-progress; fi
    else
      timed ansible "$label" ansible-playbook -i "$inventory" "$repo/playbooks/$action.yml" -e component=app -f "$hosts"
    fi
  done
done
node - "$results" "bench/deploy.sh $hosts" "$hosts" <<'EOF_NODE'
const fs = require('fs');
const os = require('os');
const [file, command, hosts] = process.argv.slice(2);
const rows = fs.readFileSync(file, 'utf8').trim().split('\n').filter((l) => l.includes('|')).map((l) => l.split('|'));
const of = (tool, label) => rows.find((r) => r[0] === tool && r[1] === label);
const labels = [...new Set(rows.map((r) => r[1]))];
const table = labels.map((label) => {
  const [, , dw, dc] = of('deployer', label);
  const [, , aw, ac] = of('ansible', label);
  return `| ${label} | ${Number(dw).toFixed(2)} s | ${Number(aw).toFixed(2)} s | **${(aw / dw).toFixed(1)}x** | ${(dc / hosts).toFixed(3)} s | ${(ac / hosts).toFixed(3)} s | **${(ac / dc).toFixed(1)}x** |`;
});
const block = [
  '<!-- deploy:begin -->',
  '### deploy',
  '',
  `Command: \`${command}\` — run on ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0].model}, Node ${process.version}. The example app on ${hosts} systemd-nspawn hosts, the shipped playbooks run by deployer and by ansible-playbook (pipelining, forks=${hosts}) on the same fleet, one after the other; each run ends with every host healthy (its HTTP health check answers). Controller CPU: user+sys of the tool and its children, divided by the hosts.`,
  '',
  '| step | deployer | ansible-playbook | speed-up | deployer CPU per host | ansible CPU per host | CPU ratio |',
  '|---|---|---|---|---|---|---|',
  ...table,
  '<!-- deploy:end -->',
].join('\n');
import(require('url').pathToFileURL(require('path').resolve('bench/results-section.mjs'))).then(({ writeSection }) => {
  writeSection('deploy', block);
  console.log(block);
});
EOF_NODE
