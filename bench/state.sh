#!/usr/bin/env bash
# The state stores' speed (about a minute): the deploy lock's latency (median, p99) against the
# file store and against a local etcd cluster, and `deployer status --from-state` for 10,000 hosts
# x 5 components from each (target: under 1 s). Writes the state section of bench/RESULTS.md.
# Usage: bench/state.sh [HOSTS] [COMPONENTS]   (default 10000 5)
set -euo pipefail
cd "$(dirname "$0")/.."
bash bin/setup.sh
node bench/state.mjs "bench/state.sh $*" "$@"
