#!/usr/bin/env bash
# Rolling upgrade speed: 3 components (a -> b -> c: b depends on a, c on b; each the example app
# on its own port) on every host of a systemd fleet (30 hosts by default), max_unavailable: 25%,
# each batch health-gated, upgraded by `deployer deploy` and by the Ansible playbook a user would
# write for it (bench/rollout/upgrade.yml: serial: 25%, wait_for the port after the restart), on
# the same hosts, in the same run, alternately (deployer 1.0.0 -> 1.1.0, Ansible -> 1.2.0,
# deployer -> 1.3.0, Ansible -> 1.4.0; after each Ansible run, an untimed deployer run puts
# deployer's units back); then Ansible twice more (-> 1.5.0, -> 1.6.0) with deployer's layout
# (-e layout=start-script: the unit runs a start script that names the release, no reload).
# Wall time, the controller's CPU (user+sys of the tool and its children), and the time spent
# waiting for health, apart: per batch, the slowest host's health task (deployer: its --json
# events; Ansible: wait_for's `elapsed`, from its junit callback); and the machine's CPU, with the
# hosts' systemd and what runs over SSH on them apart.
# Usage: bench/rollout.sh [HOSTS]   Writes the rollout section of bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash bin/setup.sh >/dev/null
hosts=${1:-30}
repo=$(pwd)
source bench/systemd-fleet.sh
systemd_fleet "$hosts"
conf="$work/conf"
node bin/fleet-settings.js "$work/fleet" examples/local-fleet "$conf" >/dev/null
versions="1.0.0 1.1.0 1.2.0 1.3.0 1.4.0 1.5.0 1.6.0"
bash bin/build-archives.sh "$conf/archives" $(for c in a b c; do for v in $versions; do echo "$c:$v:app"; done; done) >/dev/null
node bench/rollout/settings.mjs "$conf/deployment.yml" "$hosts"
deployer() { node "$repo/bin/deployer.js" "$@"; }
version() { sed -i "s/^    version: .*/    version: $1/" "$conf/deployment.yml"; deployer generate-inventory --conf-dir "$conf" >/dev/null; }
export ANSIBLE_PIPELINING=True ANSIBLE_CONFIG="$work/none.cfg" ANSIBLE_RETRY_FILES_ENABLED=False ANSIBLE_PYTHON_INTERPRETER=/usr/bin/python3
touch "$ANSIBLE_CONFIG"
inventory="$conf/generated_inventory/current-deployment.inv"
results="$work/results.txt"
: > "$results"

# `timed TOOL COMMAND...`: wall time, user+sys (the command and its children), the health wait and
# the machine's CPU (all, the hosts' systemd, over SSH on the hosts) into results
timed() {
  local tool=$1; shift
  read -r machine0 systemd0 ssh0 < <(node bench/rollout/cpu-now.mjs "$work/fleet")
  /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" > "$work/last.out" 2>&1 || { tail -50 "$work/last.out"; exit 1; }
  read -r machine1 systemd1 ssh1 < <(node bench/rollout/cpu-now.mjs "$work/fleet")
  read -r wall user sys < <(tail -n 1 "$work/time")
  echo "$tool|$wall|$(echo "$user + $sys" | bc)|$(health_wait "$tool")|$(echo "$machine1 - $machine0" | bc)|$(echo "$systemd1 - $systemd0" | bc)|$(echo "$ssh1 - $ssh0" | bc)" >> "$results"
}

# seconds spent waiting for health in the last run: per batch, its slowest host
health_wait() {
  if [ "$1" = deployer ]; then
    node - "$work/last.out" <<'EOF_NODE'
const fs = require('fs');
const events = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l));
let total = 0, group = null, slowest = 0;
for (const e of events.filter((x) => x.event === 'task')) {
  const key = `${e.component} ${e.task}`;
  if (key !== group) { total += slowest; slowest = 0; group = key; }
  if (/: healthy within/.test(e.task)) slowest = Math.max(slowest, e.ms);
}
console.log(((total + slowest) / 1000).toFixed(2));
EOF_NODE
  else
    node - "$work/junit" "$hosts" <<'EOF_NODE'
const fs = require('fs');
const [dir, hosts] = process.argv.slice(2);
// serial: 25% of the hosts (rounded down, at least 1): a task's results, in order, are its batches.
// junit's own times count from the task's first batch: the wait is wait_for's `elapsed` (whole seconds)
const batch = Math.max(1, Math.floor((Number(hosts) * 25) / 100));
let total = 0;
for (const file of fs.readdirSync(dir)) {
  const xml = fs.readFileSync(`${dir}/${file}`, 'utf8');
  const waits = [...xml.matchAll(/<testcase [^>]*name="\[[^\]]+\] upgrade (\w) to [^:]*: healthy before the next batch[^"]*"[\s\S]*?&quot;elapsed&quot;: (\d+)/g)];
  for (const component of new Set(waits.map((m) => m[1]))) {
    const of = waits.filter((m) => m[1] === component).map((m) => Number(m[2]));
    for (let i = 0; i < of.length; i += batch) total += Math.max(...of.slice(i, i + batch));
  }
  fs.rmSync(`${dir}/${file}`);
}
console.log(total.toFixed(2));
EOF_NODE
  fi
}

version 1.0.0
deployer deploy --conf-dir "$conf" --no-progress > /dev/null
for step in "deployer 1.1.0" "ansible 1.2.0" "deployer 1.3.0" "ansible 1.4.0" "ansible-start-script 1.5.0" "ansible-start-script 1.6.0"; do
  read -r tool v <<< "$step"
  version "$v"
  if [ "$tool" = deployer ]; then
    timed deployer node "$repo/bin/deployer.js" deploy --conf-dir "$conf" --json
  else
    mkdir -p "$work/junit"
    layout=unit; [ "$tool" = ansible ] || layout=start-script
    ANSIBLE_CALLBACKS_ENABLED=junit JUNIT_OUTPUT_DIR="$work/junit" \
      timed "$tool" ansible-playbook -i "$inventory" bench/rollout/upgrade.yml -e "version=$v" -e "archives=$conf/archives" -e "layout=$layout" -f "$hosts"
  fi
  # every host runs the new version of every component
  node - "$work/fleet/systemd-fleet.json" "$v" <<'EOF_NODE'
const fs = require('fs');
const [state, version] = process.argv.slice(2);
const hosts = JSON.parse(fs.readFileSync(state, 'utf8')).hosts;
Promise.all(hosts.flatMap((h) => [8081, 8082, 8083].map(async (port) => (await (await fetch(`http://${h.address}:${port}/version`)).text()).trim()))).then((answers) => {
  const wrong = answers.filter((a) => a !== version).length;
  if (wrong) { console.error(`${wrong} of ${answers.length} services do not run ${version}`); process.exit(1); }
});
EOF_NODE
  # Ansible's playbook wrote units of its own: deployer takes its hosts back (not timed), so that
  # each tool's timed run upgrades a fleet in the state it leaves it in, as a user of one tool has
  # it (deployer's units run a start script and need no daemon-reload for a new release)
  [ "$tool" != ansible ] || deployer deploy --conf-dir "$conf" --no-progress > /dev/null
done

node - "$results" "bench/rollout.sh $hosts" "$hosts" <<'EOF_NODE'
const fs = require('fs');
const os = require('os');
const [file, command, hosts] = process.argv.slice(2);
const rows = fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => l.split('|'));
const mean = (tool, column) => { const of = rows.filter((r) => r[0] === tool).map((r) => Number(r[column])); return of.reduce((a, b) => a + b, 0) / of.length; };
const [dw, dc, dh, dm, ds, dx] = [1, 2, 3, 4, 5, 6].map((c) => mean('deployer', c));
const [aw, ac, ah, am, as, ax] = [1, 2, 3, 4, 5, 6].map((c) => mean('ansible', c));
const [lw, lc, , lm, ls] = [1, 2, 3, 4, 5].map((c) => mean('ansible-start-script', c));
const block = [
  '<!-- rollout:begin -->',
  '### rolling upgrade',
  '',
  `Command: \`${command}\` — run on ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0].model}, Node ${process.version}. Three components (a -> b -> c, each the example app on its own port) on ${hosts} systemd-nspawn hosts, upgraded one version, \`max_unavailable: 25%\` (batches of ${Math.max(1, Math.floor(hosts * 0.25))}), each batch gated on its port answering: \`deployer deploy\` against the playbook an Ansible user writes for it (bench/rollout/upgrade.yml: one play per component, \`serial: 25%\`, copy and unarchive, the unit, a restart, \`wait_for\` the port; pipelining, forks = hosts), alternately on the same fleet (after each Ansible run an untimed deployer run puts deployer's units back: each tool upgrades a fleet in the state it leaves it in), means of 2 runs each. deployer's unit runs a start script that names the release, so a new release needs no \`daemon-reload\`; the playbook templates the unit, as Ansible users do, and reloads. *Health wait*: per batch, the slowest host's health task, summed (deployer: its --json events, to the millisecond; Ansible: \`wait_for\`'s \`elapsed\` from its junit callback, in whole seconds, so up to a second per batch may be missing); *own time* is the rest: the tool's work, with every container's share of this machine's two cores. Controller CPU: user+sys of the tool and its children, per host.`,
  '',
  '| | deployer | ansible-playbook | speed-up |',
  '|---|---|---|---|',
  `| wall | ${dw.toFixed(1)} s | ${aw.toFixed(1)} s | **${(aw / dw).toFixed(1)}x** |`,
  `| waiting for health | ${dh.toFixed(1)} s | ${ah.toFixed(1)} s | |`,
  `| own time (wall - health wait) | ${(dw - dh).toFixed(1)} s | ${(aw - ah).toFixed(1)} s | **${((aw - ah) / (dw - dh)).toFixed(1)}x** |`,
  `| controller CPU per host | ${(1000 * dc / hosts).toFixed(0)} ms | ${(1000 * ac / hosts).toFixed(0)} ms | **${(ac / dc).toFixed(1)}x** |`,
  '',
  `Where this machine's CPU went (bench/rollout/cpu-now.mjs, read before and after each run; the containers' cgroups): every core, every process; of it, the hosts' systemd (PID 1: reading units, \`daemon-reload\`, starting and stopping) and everything run over SSH on the hosts (sshd, sudo, shells, the commands and modules). The services' own CPU is not in either (a restart gives them a new cgroup).`,
  '',
  '| machine CPU | deployer | ansible-playbook | less |',
  '|---|---|---|---|',
  `| all | ${dm.toFixed(1)} s | ${am.toFixed(1)} s | ${(am / dm).toFixed(1)}x |`,
  `| the hosts' systemd | ${ds.toFixed(1)} s | ${as.toFixed(1)} s | ${(as / ds).toFixed(1)}x |`,
  `| over SSH on the hosts | ${dx.toFixed(1)} s | ${ax.toFixed(1)} s | ${(ax / dx).toFixed(1)}x |`,
  `| the controller (the tool and its children) | ${dc.toFixed(1)} s | ${ac.toFixed(1)} s | ${(ac / dc).toFixed(1)}x |`,
  '',
  `How much of it is the layout: the same playbook with deployer's layout on the hosts (\`-e layout=start-script\`: only the start script written, a restart without \`daemon-reload\`), 2 runs: wall ${lw.toFixed(1)} s (deployer **${(lw / dw).toFixed(1)}x** faster), machine CPU ${lm.toFixed(1)} s (of it the hosts' systemd ${ls.toFixed(1)} s), controller CPU per host ${(1000 * lc / hosts).toFixed(0)} ms.`,
  '<!-- rollout:end -->',
].join('\n');
import(require('url').pathToFileURL(require('path').resolve('bench/results-section.mjs'))).then(({ writeSection }) => {
  writeSection('rollout', block);
  console.log(block);
});
EOF_NODE
