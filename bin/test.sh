#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what it needs, type-checks, runs jest,
# and ends with one summary line "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
bash bin/setup.sh
npm run --silent typecheck

report="$(mktemp)"
trap 'rm -f "$report"' EXIT
status=0
node --experimental-vm-modules node_modules/jest/bin/jest.js --ci --json --outputFile="$report" "$@" || status=$?
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped`);
' "$report"
exit "$status"
