#!/usr/bin/env bash
# A quorum service's rollout: the ZooKeeper ensemble of examples/zookeeper (3 servers on systemd
# hosts with Java, Debian's builds 3.8.0-11+deb12u1 and +deb12u2), upgraded and rolled back by
# deployer (quorum: majority, each server serving in the quorum for 2 s before the next, the
# leader last) while bin/zk-load.js writes a node every 50 ms and asks every server `srvr` every
# 200 ms. Wall time of each rollout, and what the writer saw: writes acknowledged, lost, the
# longest time without a write, the times without a quorum.
# Usage: bench/zookeeper.sh   Writes the zookeeper section of bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash bin/setup.sh >/dev/null
repo=$(pwd)
work=$(mktemp -d)
trap 'node "$repo/bin/systemd-fleet.js" stop "$work/fleet" 2>/dev/null || true; rm -rf "$work"' EXIT
node bin/systemd-fleet.js start "$work/fleet" 3 --java --network 63 >/dev/null
conf="$work/conf"
node bin/fleet-settings.js "$work/fleet" examples/zookeeper "$conf" >/dev/null
bash bin/build-zookeeper-archives.sh "$conf/archives" >/dev/null
deployer() { node "$repo/bin/deployer.js" "$@"; }
cd "$conf"
deployer deploy --yes --no-progress >/dev/null
results="$work/results.txt"
: > "$results"
# `under_load LABEL COMMAND...`: the command's wall time and the writer's line into results
under_load() {
  local label=$1; shift
  node "$repo/bin/zk-load.js" 127.0.63.1:2181,127.0.63.2:2181,127.0.63.3:2181 > "$work/load.out" & local load=$!
  sleep 2
  local start; start=$(date +%s.%N)
  "$@" > "$work/last.out" 2>&1 || { tail -40 "$work/last.out"; kill "$load"; exit 1; }
  local wall; wall=$(echo "$(date +%s.%N) - $start" | bc)
  sleep 1
  kill -TERM "$load"; wait "$load"
  printf '%s|%.1f|%s\n' "$label" "$wall" "$(cat "$work/load.out")" >> "$results"
}
sed -i 's/^    version: 3.8.0-deb12u1$/    version: 3.8.0-deb12u2/' deployment.yml
under_load "upgrade deb12u1 -> deb12u2" deployer deploy --yes --no-progress
under_load "rollback to deb12u1" deployer rollback zookeeper --yes --no-progress
cd "$repo"
node --input-type=module -e '
  import fs from "node:fs";
  import { writeSection } from "./bench/results-section.mjs";
  const rows = fs.readFileSync(process.argv[1], "utf8").trim().split("\n").map((l) => l.split("|"));
  const lines = [
    "<!-- zookeeper:begin -->",
    "## A ZooKeeper ensemble rolled under a live writer",
    "",
    "`bash bench/zookeeper.sh`: the 3-server ensemble of examples/zookeeper on systemd hosts with Java, quorum: majority, min_healthy_time: 2, the leader last; a client writes a node every 50 ms (a write counts once the ensemble acknowledged it) and every server is asked `srvr` every 200 ms, from 2 s before the rollout to 1 s after.",
    "",
    "| rollout | wall | what the writer and the sampler saw |",
    "|---|---|---|",
    ...rows.map(([label, wall, seen]) => `| ${label} | ${wall} s | ${seen.replace(/^writer: /, "")} |`),
    "<!-- zookeeper:end -->",
  ];
  writeSection("zookeeper", lines.join("\n"));
  console.log(lines.join("\n"));
' "$results"
