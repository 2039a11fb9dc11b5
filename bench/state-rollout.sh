#!/usr/bin/env bash
# What etcd costs a rolling deploy on a systemd fleet (30 hosts by default; about 10 minutes):
# the same deploy with the state in files and in a local 3-member etcd, alternately.
# Usage: bench/state-rollout.sh [HOSTS]   Writes the state-rollout section of bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
bash bin/setup.sh >/dev/null
node bench/state-rollout.mjs "bench/state-rollout.sh $*" "$@"
