#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what it needs, type-checks, runs jest,
# and ends with one summary line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
bash bin/setup.sh
npm run --silent typecheck

report="$(mktemp)"
# two test files run side by side (most of their time is spent waiting on hosts); their systemd fleets
# take inotify instances from one per-user limit (128: about 22 containers), raised for the run
inotify=$(sysctl -n fs.inotify.max_user_instances)
trap 'rm -f "$report"; sysctl -q -w fs.inotify.max_user_instances="$inotify"' EXIT
[ "$inotify" -ge 1024 ] || sysctl -q -w fs.inotify.max_user_instances=1024
status=0
node --experimental-vm-modules node_modules/jest/bin/jest.js --ci --maxWorkers="${JEST_WORKERS:-2}" --json --outputFile="$report" "$@" || status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
' "$report"
exit "$status"
