#!/usr/bin/env bash
# Builds the example platform's release archives: OUT/<name>-<version>.tar.gz, each holding one
# top folder <name>-<version>/ (bin/, conf/, RELEASE), from examples/components/<name>/.
# Usage: bin/build-archives.sh OUT [NAME:VERSION[:SOURCE] ...]   (default app:1.0.0 app:1.1.0 app:2.0.0)
# SOURCE (default NAME) is the folder of examples/components/ the release is made of: a:1.0.0:app
# is the example app released as component a (a-1.0.0/).
# Same input, same bytes: fixed modes, owner, and time stamps, sorted entries.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$1; shift
[ $# -gt 0 ] || set -- app:1.0.0 app:1.1.0 app:2.0.0
mkdir -p "$out"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for spec in "$@"; do
  IFS=: read -r name version source <<< "$spec"
  release="$name-$version"
  rm -rf "${work:?}/$release"
  cp -r "examples/components/${source:-$name}" "$work/$release"
  echo "$version" > "$work/$release/RELEASE"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2026-01-01 00:00Z' --mode='u+rwX,go+rX,go-w' \
    -C "$work" -czf "$out/$release.tar.gz" "$release"
  echo "$out/$release.tar.gz"
done
