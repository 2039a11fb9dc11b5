#!/usr/bin/env bash
# Settings speed: a generated settings file with 5,000 hosts, 40 components and 200 clusters;
# `deployer validate` and `deployer generate-inventory` (validation, per-host templates, the INI
# written), medians of hyperfine runs, whole commands including Node's start. Target: under 1 s.
# Writes the settings section of bench/RESULTS.md.
# Usage: bench/settings.sh [HOSTS] [COMPONENTS] [CLUSTERS_PER_COMPONENT]   (default 5000 40 5)
set -euo pipefail
cd "$(dirname "$0")/.."
bash bin/setup.sh --bench
hosts=${1:-5000} components=${2:-40} per=${3:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
node bench/gen-settings.mjs "$work/deployment.yml" "$hosts" "$components" "$per"
deployer="node $(pwd)/bin/deployer.js"
# correctness first: valid, and the generated inventory reads back in deployer as all the hosts
$deployer validate --conf-dir "$work"
$deployer generate-inventory --conf-dir "$work"
test "$($deployer inventory -i "$work/generated_inventory/current-deployment.inv" --list-hosts all | wc -l)" -eq $((hosts + 1))

hyperfine --style basic --warmup 1 --runs 7 --export-json "$work/settings.json" \
  -n 'deployer validate' "$deployer validate --conf-dir $work > /dev/null" \
  -n 'deployer generate-inventory' --prepare "rm -rf $work/generated_inventory" "$deployer generate-inventory --conf-dir $work > /dev/null"

node - "$work/settings.json" "bench/settings.sh $hosts $components $per" "$hosts" "$components" "$((components * per))" "$(wc -c < "$work/deployment.yml")" <<'EOF_NODE'
const fs = require('fs');
const os = require('os');
const [json, command, hosts, components, clusters, bytes] = process.argv.slice(2);
const results = JSON.parse(fs.readFileSync(json, 'utf8')).results;
const row = (r) => `| \`${r.command}\` | ${r.median.toFixed(3)} s | ${Math.min(...r.times).toFixed(3)} s | ${r.median < 1 ? 'met' : '**not met**'} |`;
const block = [
  '<!-- settings:begin -->',
  '### settings',
  '',
  `Command: \`${command}\` — run on ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0].model}, Node ${process.version}. A settings file of ${hosts} hosts, ${components} components, ${clusters} clusters (${(bytes / 1024).toFixed(0)} KiB), templates in every component; whole commands including Node's start-up, medians of 7 hyperfine runs. Target: under 1 s.`,
  '',
  '| command | median | fastest | under 1 s |',
  '|---|---|---|---|',
  ...results.map(row),
  '<!-- settings:end -->',
].join('\n');
const file = 'bench/RESULTS.md';
let text = fs.readFileSync(file, 'utf8');
const re = /<!-- settings:begin -->[\s\S]*?<!-- settings:end -->/;
text = re.test(text) ? text.replace(re, block) : `${text.trimEnd()}\n\n${block}\n`;
fs.writeFileSync(file, text);
console.log(block);
EOF_NODE
