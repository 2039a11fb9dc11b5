#!/usr/bin/env bash
# Empties every install root of a local fleet (bench/ runs each playbook from empty roots).
set -euo pipefail
fleet=$1
user=$(node -e "console.log(JSON.parse(require('fs').readFileSync('$fleet/fleet.json')).user)")
for root in "$fleet"/hosts/*/opt; do
  rm -rf "$root"
  mkdir -p "$root"
  chown "$user:" "$root"
done
