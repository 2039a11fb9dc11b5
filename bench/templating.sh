#!/usr/bin/env bash
# Templating speed: bench/templating/haproxy.cfg.j2 (a ~200-line load balancer configuration
# with loops, conditions and filters) rendered for N hosts, each with its own variables, in one
# process per tool: deployer's engine, the nunjucks-based engine it replaced (built from the last
# commit that had it, in a temporary worktree), and Ansible's templar (as its template module
# renders). Every output must be the same as Ansible's before the times count. A deployer
# process renders all hosts 5 times and counts its fastest pass; Ansible's renders them once.
# Usage: bench/templating.sh [N]   (default 1000). Writes the templating section of bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash bin/setup.sh > /dev/null
hosts=${1:-1000}
work=$(mktemp -d)
cleanup() { git worktree remove --force "$work/baseline" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
npm run --silent build
template=bench/templating/haproxy.cfg.j2
node -e "import('./bench/templating/vars.mjs').then((m) => console.log(JSON.stringify(Array.from({ length: $hosts }, (_, i) => m.hostVars(i + 1)))))" > "$work/vars.json"

# the engine before src/templating/jinja2/: nunjucks with deployer's patches
removal=$(git log -1 --format=%H --diff-filter=D -- src/templating/nunjucks-internals.d.ts)
baseline=$(git rev-parse "$removal^")
git worktree add --detach "$work/baseline" "$baseline" > /dev/null 2>&1
(cd "$work/baseline" && npm ci --ignore-scripts --no-audit --no-fund > /dev/null && npx tsc -p tsconfig.build.json)

runs=3
for tool in deployer nunjucks ansible; do
  for _ in $(seq "$runs"); do
    case $tool in
      deployer) FIRST_OUTPUT="$work/$tool.first" node bench/templating/render.mjs dist "$template" "$hosts" ;;
      nunjucks) FIRST_OUTPUT="$work/$tool.first" node bench/templating/render.mjs "$work/baseline/dist" "$template" "$hosts" ;;
      ansible) FIRST_OUTPUT="$work/$tool.first" /usr/bin/python3 bench/templating/render.py "$template" "$work/vars.json" ;;
    esac
  done > "$work/$tool.json"
done

node - "$work" "$hosts" "$baseline" "bench/templating.sh $hosts" <<'EOF_NODE'
const fs = require('fs');
const os = require('os');
const [work, hosts, baseline, command] = process.argv.slice(2);
const runs = (tool) => fs.readFileSync(`${work}/${tool}.json`, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const [ours, old, ansible] = ['deployer', 'nunjucks', 'ansible'].map(runs);
const truth = ansible[0].digest;
if (ours.some((r) => r.digest !== truth)) { console.error('deployer renders differently from Ansible'); process.exit(1); }
const oldSame = old.every((r) => r.digest === truth);
const [t, tOld, tAnsible] = [ours, old, ansible].map((r) => median(r.map((x) => x.seconds)));
const lines = fs.readFileSync('bench/templating/haproxy.cfg.j2', 'utf8').split('\n').length;
const outLines = fs.readFileSync(`${work}/ansible.first`, 'utf8').split('\n').length;
const block = [
  '<!-- templating:begin -->',
  '### templating',
  '',
  `Command: \`${command}\` — run on ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} × ${os.cpus()[0].model}, Node ${process.version}. bench/templating/haproxy.cfg.j2 (${lines} lines of template, ${outLines} lines rendered) for ${hosts} hosts, each with its own variables (bench/templating/vars.mjs), rendered in one process per tool, rendering only (start-up excluded), median of 3 processes; each deployer process renders all hosts 5 times and counts its fastest pass (JIT warmed), Ansible's one pass (about 15 s): deployer's Jinja2 engine; the nunjucks-based engine it replaced (commit ${baseline.slice(0, 7)}, built in a temporary worktree); Ansible's templar as its template module calls it. Every deployer output is byte-for-byte Ansible's (sha256 of all ${hosts}); the old engine's outputs ${oldSame ? 'were the same too' : 'were not all the same as Ansible\'s'}.`,
  '',
  '| engine | time for all hosts | per host | against Ansible |',
  '|---|---|---|---|',
  `| deployer (Jinja2 engine) | ${t.toFixed(3)} s | ${(1000 * t / hosts).toFixed(2)} ms | **${(tAnsible / t).toFixed(1)}x** faster |`,
  `| deployer before (nunjucks) | ${tOld.toFixed(3)} s | ${(1000 * tOld / hosts).toFixed(2)} ms | ${(tAnsible / tOld).toFixed(1)}x faster |`,
  `| Ansible templar | ${tAnsible.toFixed(3)} s | ${(1000 * tAnsible / hosts).toFixed(2)} ms | 1x |`,
  '<!-- templating:end -->',
].join('\n');
import(require('url').pathToFileURL(require('path').resolve('bench/results-section.mjs'))).then(({ writeSection }) => {
  writeSection('templating', block);
  console.log(block);
});
EOF_NODE
