#!/usr/bin/env bash
# Components of one dependency layer at the same time: two independent components (x and y, each
# the example app on its own port) on every host of a systemd fleet (6 by default), one host at a
# time each (max_unavailable: 1, min_healthy_time: 1), upgraded by `deployer deploy` three ways in
# the same run: x alone, y alone, both together (independent: one layer, at the same time), and
# both with y depending on x (two layers: one after the other, the order before layers ran in
# parallel). Target: both together in about the time of the longer one alone, not the sum.
# Wall time and the controller's CPU (user+sys of deployer and its children).
# Usage: bench/layers.sh [HOSTS]   Writes the layers section of bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash bin/setup.sh >/dev/null
hosts=${1:-6}
repo=$(pwd)
# the inline scripts below run in the configuration folder: they find the repository's packages here
export NODE_PATH="$repo/node_modules"
source bench/systemd-fleet.sh
systemd_fleet "$hosts"
conf="$work/conf"
node bin/fleet-settings.js "$work/fleet" examples/local-fleet "$conf" >/dev/null
bash bin/build-archives.sh "$conf/archives" x:1.0.0:app x:1.1.0:app y:1.0.0:app y:1.1.0:app >/dev/null
deployer() { node "$repo/bin/deployer.js" "$@"; }
# settings: x and y on every host; `y_after`: y depends on x; versions of each
settings() {
  node -e '
    const fs = require("fs");
    const { parseDocument } = require("yaml");
    const [file, count, xv, yv, after] = process.argv.slice(1);
    const doc = parseDocument(fs.readFileSync(file, "utf8"));
    const hosts = Array.from({ length: Number(count) }, (_, i) => `node${String(i + 1).padStart(2, "0")}`);
    const component = (port, version, dependsOn) => ({
      version, ...(dependsOn ? { depends_on: [dependsOn] } : {}),
      clusters: { main: { hosts } },
      service: { exec_start: `{{ install_dir }}/bin/app --listen {{ ansible_host }}:${port}`, health: { tcp: port }, startup_timeout: 20 },
      rollout: { max_unavailable: 1, min_healthy_time: 1 },
    });
    doc.set("components", { x: component(8081, xv), y: component(8082, yv, after === "yes" ? "x" : undefined) });
    fs.writeFileSync(file, doc.toString());
  ' "$conf/deployment.yml" "$hosts" "$1" "$2" "$3"
}
results="$work/results.txt"
: > "$results"
# `timed LABEL COMMAND...`: wall time and user+sys into results
timed() {
  local label=$1; shift
  /usr/bin/time -f "%e %U %S" -o "$work/time" "$@" > "$work/last.out" 2>&1 || { tail -40 "$work/last.out"; exit 1; }
  read -r wall user sys < "$work/time"
  echo "$label $wall $(echo "$user + $sys" | bc)" >> "$results"
}
cd "$conf"
# every release unpacked on every host first (untimed): the timed runs restart and gate only
for v in 1.1.0 1.0.0; do
  settings $v $v no; deployer deploy --yes --no-progress > "$work/last.out" 2>&1 || { tail -60 "$work/last.out"; exit 1; }
done
settings 1.1.0 1.0.0 no; timed "x alone" node "$repo/bin/deployer.js" deploy --yes --no-progress
settings 1.1.0 1.1.0 no; timed "y alone" node "$repo/bin/deployer.js" deploy --yes --no-progress
settings 1.0.0 1.0.0 no; timed "x and y, one layer (at the same time)" node "$repo/bin/deployer.js" deploy --yes --no-progress
settings 1.1.0 1.1.0 yes; timed "x then y, two layers (y depends on x)" node "$repo/bin/deployer.js" deploy --yes --no-progress
cd "$repo"
node --input-type=module -e '
  import fs from "node:fs";
  import { writeSection } from "./bench/results-section.mjs";
  const [file, hosts] = process.argv.slice(1);
  const rows = fs.readFileSync(file, "utf8").trim().split("\n").map((l) => { const p = l.split(" "); return { label: p.slice(0, -2).join(" "), wall: Number(p.at(-2)), cpu: Number(p.at(-1)) }; });
  const [x, y, together, chained] = rows;
  const lines = [
    "<!-- layers:begin -->",
    "## Components of a layer at the same time",
    "",
    `\`bash bench/layers.sh ${hosts}\`: two independent components (the example app, each on its own port) on ${hosts} systemd hosts, one host at a time each (max_unavailable: 1, min_healthy_time: 1), upgraded 1.0.0 -> 1.1.0 (the pair back to 1.0.0 for the together run), every release unpacked on every host beforehand (the timed runs restart and gate only).`,
    "",
    "| run | wall | controller CPU |",
    "|---|---|---|",
    ...rows.map((r) => `| ${r.label} | ${r.wall.toFixed(1)} s | ${r.cpu.toFixed(1)} s |`),
    "",
    `Together: ${together.wall.toFixed(1)} s against ${Math.max(x.wall, y.wall).toFixed(1)} s for the longer one alone and ${(x.wall + y.wall).toFixed(1)} s for the sum; one after the other (two layers): ${chained.wall.toFixed(1)} s. The parallel layer takes ${(together.wall / Math.max(x.wall, y.wall)).toFixed(2)}x the longer component, ${(chained.wall / together.wall).toFixed(2)}x faster than two layers.`,
    "<!-- layers:end -->",
  ];
  writeSection("layers", lines.join("\n"));
  console.log(lines.join("\n"));
' "$results" "$hosts"
