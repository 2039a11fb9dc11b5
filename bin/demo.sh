#!/usr/bin/env bash
# The main job, end to end, on embedded defaults:
#   1. the deployment settings of the example platform (examples/platform/deployment.yml):
#      validation, the dependency graph, the generated Ansible inventory, checked against Ansible;
#   2. a local fleet of real sshd hosts on loopback, and fleet work on it: ad-hoc commands,
#      templated commands, sudo, disk and process checks, an unreachable host and its retry file,
#      Ctrl-C stopping the remote commands;
#   3. playbooks run natively;
#   4. deploy, patch, status and roll back on a fleet of 3 real systemd hosts (systemd-nspawn):
#      the example app installed from its release archives, patched, updated with a deferred
#      restart (status: restart pending, then ok host by host), settings ahead of the hosts
#      (status: drift), rolled back, the pre-flight and the plan of a rolling upgrade, the
#      upgrade whose failing host is rolled back at once, then converging, a restart refused
#      because a host is down and the quorum would be lost, the journal;
#   5. a quorum service: a 3-server ZooKeeper ensemble (Debian's own builds) upgraded and rolled
#      back under a live writer, the leader last, no acknowledged write lost;
#   6. several controllers on one etcd: the deploy lock (refused, then waited for), the history
#      and the fleet records shared.
# The fleets are stopped (by PID) when the demo ends, however it ends.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
bash bin/setup.sh

deployer() { node "$repo/bin/deployer.js" "$@"; }
step() { printf '\n\033[1m$ %s\033[0m\n' "$*"; }
work=$(mktemp -d)
chmod 755 "$work"
trap 'node "$repo/bin/fleet.js" stop "$work/fleet"; node "$repo/bin/systemd-fleet.js" stop "$work/systemd" 2>/dev/null; node "$repo/bin/systemd-fleet.js" stop "$work/zk-fleet" 2>/dev/null; node "$repo/bin/etcd-cluster.js" stop "$work/etcd"; rm -rf "$work"' EXIT

echo "== 1. One settings file describes the platform; deployer generates the Ansible inventory"
# a copy of the example configuration folder, so that the generated files stay out of the repository
cp -r examples/platform "$work/conf"
cd "$work/conf"

step deployer validate
deployer validate

step "deployer validate   (the same file with two typos)"
sed -e 's/hosts: \[zk1.platform.local, zk2/hosts: [zk1.platform.local, zk9/' -e 's/depends_on: \[kafka\]/depends_on: [kafak]/' deployment.yml > typos.yml
deployer validate --settings typos.yml || echo "exit code: $? (nothing was written)"
rm typos.yml

step deployer graph
deployer graph

step "deployer graph --dot | dot -Tsvg > graph.svg"
deployer graph --dot | dot -Tsvg > graph.svg && echo "graph.svg: $(wc -c < graph.svg) bytes of SVG (the README shows it)"

step "deployer -gi   (the Punchplatform spelling of deployer generate-inventory)"
deployer -gi
sed -n '1,16p;/^\[kafka_servers/,/^$/p;/^\[kafka_back/,/^$/p' generated_inventory/current-deployment.inv

echo
echo "Every command that takes -i now uses the generated inventory by default:"
step deployer inventory --graph kafka_servers
deployer inventory --graph kafka_servers

step deployer inventory --list-hosts "'kafka_servers:!kafka_back'"
deployer inventory --list-hosts 'kafka_servers:!kafka_back'

step "deployer inventory --host kafka4.platform.local | grep kafka_"
deployer inventory --host kafka4.platform.local | grep kafka_
echo "(kafka_listen_port is 9093: a host's own variable beats its component's, as in Ansible)"

inv=generated_inventory/current-deployment.inv
step "deployer inventory --list  vs  ansible-inventory -i $inv --list"
if diff <(deployer inventory --list | python3 -m json.tool --sort-keys) \
        <(ansible-inventory -i $inv --list | python3 -m json.tool --sort-keys) >/dev/null; then
  echo "identical: Ansible reads the generated inventory exactly as deployer does"
else
  echo "DIFFERENT from ansible-inventory" >&2
  exit 1
fi

step "deployer inventory --host ops1.platform.local | grep keep_releases   (after keep_releases: 3 -> 4 in the settings)"
sed -i 's/keep_releases: 3/keep_releases: 4/' deployment.yml
deployer inventory --host ops1.platform.local | grep keep_releases
cd "$repo"
echo
echo "== 2. A local fleet of 6 real sshd hosts on loopback"
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

step "deployer ssh all 'sleep 600'   (and Ctrl-C two seconds later)"
node "$repo/bin/deployer.js" ssh all 'sleep 600' -i fleet/inventory &
run=$!
sleep 2
kill -INT $run
set +e
wait $run
echo "exit code: $? (99, as Ansible after Ctrl-C); sleeps still running on the hosts: $(ps -u "$(sed -n 's/^ansible_user=//p' fleet/inventory)" -o stat=,comm= | awk '$1 !~ /Z/ && $2 == "sleep"' | wc -l)"
set -e
rm -f ssh.retry

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

echo
echo "== 4. Deploy, patch, status and roll back on 3 real systemd hosts (systemd-nspawn, 127.0.50.1-3)"
cd "$repo"
node bin/systemd-fleet.js start "$work/systemd" 3 > /dev/null
conf="$work/platform"
node bin/fleet-settings.js "$work/systemd" examples/local-fleet "$conf" > /dev/null
bash bin/build-archives.sh "$conf/archives" app:1.0.0 app:1.1.0 > /dev/null
cd "$conf"
versions() { for n in 1 2 3; do printf 'node0%s: %s  ' "$n" "$(curl -s "http://127.0.50.$n:8080/version")"; done; echo; }
echo "settings: examples/local-fleet/deployment.yml (the fleet's addresses and keys filled in), archives: $(ls archives | tr '\n' ' ')"

step deployer deploy
deployer deploy | tail -7
echo "running: $(versions)"

step "deployer deploy   (again: nothing to change)"
deployer deploy | grep -E '^node0[1-3] '

step "deployer ssh app_servers 'systemctl cat app | grep -E \"^(ExecStart|X-Deployer)\"; cat /opt/platform/.deployer/app/start' -l node01"
deployer ssh app_servers 'systemctl cat app | grep -E "^(ExecStart|X-Deployer)"; cat /opt/platform/.deployer/app/start' -l node01

step "cp hotfix-1.jar patches/app/ && deployer --deploy -t patch"
mkdir -p patches/app && cp "$repo/examples/local-fleet/patch-example/hotfix-1.jar" patches/app/
deployer --deploy -t patch | grep -E 'WARNING|summary|node0[1-3]  '
echo "patches the app started with: $(curl -s http://127.0.50.1:8080/patches)"

step "deployer rollback --patch   (and the patch file taken out of patches/)"
rm -rf patches
deployer rollback --patch | tail -5
echo "patches the app started with: '$(curl -s http://127.0.50.1:8080/patches)'"

step "deployer status   (desired, configured, running: all agree)"
deployer status

step "deployer deploy   (after version: 1.1.0 and restart: deferred in the settings: every host prepared, none restarted)"
sed -i 's/^    version: 1.0.0/    version: 1.1.0/; s/^    patchable: true/    patchable: true\n    restart: deferred/' deployment.yml
deployer deploy | tail -6
echo "running: $(versions)"

step "deployer status   (the units start 1.1.0, the processes still run 1.0.0: restart pending; exit code 1)"
deployer status || echo "(exit code $?)"

step "deployer restart app -l node01   (then status: node01 ok, the majority and the stragglers)"
deployer restart app -l node01 | tail -3
deployer status || echo "(exit code $?)"

step "deployer restart app   (host by host, each healthy before the next; status clears)"
deployer restart app | tail -5
deployer status | tail -3
echo "running: $(versions)"

step "deployer status   (after version: 1.2.0 in the settings, not deployed: drift)"
sed -i 's/^    version: 1.1.0/    version: 1.2.0/' deployment.yml
deployer status -c app || echo "(exit code $?)"
sed -i 's/^    version: 1.2.0/    version: 1.1.0/; /^    restart: deferred/d' deployment.yml
echo "(version: 1.1.0 again in the settings) $(deployer status | tail -1)"

step "deployer rollback app   (to the release recorded as previous: nothing is transferred)"
start=$(date +%s.%N)
deployer rollback app | tail -6
echo "took $(echo "$(date +%s.%N) - $start" | bc | cut -c1-4) s; running: $(versions)"

step "deployer preflight   (what every deploy checks first: sudo, systemd, free space, archives)"
deployer preflight

step "deployer deploy --plan   (1.1.0 again: what a deploy would do, read from what each host runs; nothing changes)"
deployer deploy --plan

step "deployer deploy   (1.1.0 again, rolling: one host at a time; node02 set to fail at start)"
sed -i 's/^  node02: { ansible_host: \(.*\) }$/  node02: { ansible_host: \1, app_fail_at_start: true }/' deployment.yml
deployer deploy | grep -E '^-- |summary|^    node0[1-3]  |^  node0[1-3]: ' || echo "(exit code $?: node02 failed its health gate and was rolled back; the rollout stopped)"
echo "running: $(versions)"
deployer status | tail -6 || true

step "deployer deploy   (node02 fixed: the rollout converges, host by host)"
sed -i 's/, app_fail_at_start: true }$/ }/' deployment.yml
deployer deploy | grep -E '^-- |summary|^    node0[1-3]  '
echo "running: $(versions)"

step "deployer restart app   (node03's sshd stopped, quorum: majority in the settings: refused before any restart)"
deployer ssh node03 'systemctl stop ssh' -b > /dev/null || true
sed -i 's/^    patchable: true$/    patchable: true\n    rollout: { quorum: majority }/' deployment.yml
deployer restart app | grep -E '^-- ' || echo "(exit code $?: nothing was restarted)"
sed -i '/^    rollout: { quorum: majority }$/d' deployment.yml

step deployer history
deployer history | tail -12

echo
echo "== 5. A quorum service: a ZooKeeper ensemble on 3 systemd hosts with Java (127.0.61.1-3), rolled under a live writer"
cd "$repo"
node bin/systemd-fleet.js stop "$work/systemd"
node bin/systemd-fleet.js start "$work/zk-fleet" 3 --java --network 61 > /dev/null
zk="$work/zookeeper"
node bin/fleet-settings.js "$work/zk-fleet" examples/zookeeper "$zk" > /dev/null
bash bin/build-zookeeper-archives.sh "$zk/archives" > /dev/null
cd "$zk"
echo "settings: examples/zookeeper/deployment.yml, archives (Debian's builds): $(ls archives | tr '\n' ' ')"
modes() { for n in 1 2 3; do printf 'node0%s: %s  ' "$n" "$( (exec 3<>/dev/tcp/127.0.61.$n/2181 && echo srvr >&3 && sed -n 's/^Mode: //p' <&3) 2>/dev/null || echo down)"; done; echo; }

step "deployer deploy   (3.8.0-deb12u1: three servers, zoo.cfg and myid rendered from the settings)"
deployer deploy | tail -5
echo "modes: $(modes)"

# rolls COMMAND... under the writer and the sampler, and says what they saw
under_load() {
  node "$repo/bin/zk-load.js" 127.0.61.1:2181,127.0.61.2:2181,127.0.61.3:2181 & load=$!
  sleep 2
  "$@" | grep -E '^-- zookeeper: (cluster main(,|:)|restarts)' || true
  sleep 1
  kill -TERM "$load"; wait "$load"
}

step "deployer deploy   (3.8.0-deb12u2, the security update; quorum: majority, the leader last; a client writes every 50 ms)"
sed -i 's/^    version: 3.8.0-deb12u1$/    version: 3.8.0-deb12u2/' deployment.yml
under_load deployer deploy
echo "modes: $(modes)"

step "deployer rollback zookeeper   (the same bound and the same leader rule; the writer still writing)"
under_load deployer rollback zookeeper

step "deployer status   (the JVMs' class paths name the release each server runs)"
deployer status | tail -5 || true

echo
echo "== 6. Several controllers, one truth: the deploy lock, the journal and the fleet records on etcd (127.0.207.1-3)"
cd "$repo"
endpoints=$(node bin/etcd-cluster.js start "$work/etcd" 207)
cd "$zk"
echo "state: etcd://$endpoints/zookeeper-demo" >> deployment.yml
echo "settings: + state: etcd://$endpoints/zookeeper-demo; a second controller: another configuration folder, the same settings"
cp -r "$zk" "$work/controller-b"
b() { (cd "$work/controller-b" && deployer "$@"); }

step "deployer restart zookeeper   (controller A, in the background) ... deployer lock status   (controller B)"
deployer restart zookeeper --yes --no-progress > "$work/a.out" 2>&1 & a=$!
for _ in $(seq 60); do held=0; b lock status > /dev/null 2>&1 || held=$?; [ "$held" -ne 1 ] || break; sleep 0.5; done
b lock status || true

step "deployer restart zookeeper   (controller B, while A holds the lock: refused at once, naming the holder)"
b restart zookeeper --yes --no-progress || echo "(exit code $?)"

step "deployer restart zookeeper --lock-wait 300   (controller B waits for A, then restarts under the same bound)"
b restart zookeeper --yes --no-progress --lock-wait 300 2>&1 | grep -E '^waiting|^-- zookeeper: cluster main, batch' || true
wait "$a"

step "deployer history   (controller B: every controller's runs)"
b history | tail -6

step "deployer status --from-state   (controller B: the fleet records, no host asked)"
b status --from-state | tail -6 || true
