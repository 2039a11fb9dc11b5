#!/usr/bin/env bash
# Builds ZooKeeper release archives from Debian's own builds of ZooKeeper 3.8.0: for each Debian
# version given, OUT/apache-zookeeper-3.8.0-<deb suffix>.tar.gz holding one top folder of that
# name with ZooKeeper's jars (lib/, from libzookeeper-java), a start script and its logging
# configuration (examples/components/zookeeper/). The Java runtime and the libraries those jars
# depend on are on the hosts (bin/systemd-rootfs.sh --java).
# Usage: bin/build-zookeeper-archives.sh OUT [DEBIAN_VERSION ...]
#   (default 3.8.0-11+deb12u1 3.8.0-11+deb12u2: bookworm's security update and the build before it)
# The .deb files are fetched with apt-get download once, kept in $DEPLOYER_DEB_CACHE
# (default /var/tmp/deployer-debs). Same input, same bytes.
set -euo pipefail
cd "$(dirname "$0")/.."
out=$1; shift
[ $# -gt 0 ] || set -- 3.8.0-11+deb12u1 3.8.0-11+deb12u2
debs=${DEPLOYER_DEB_CACHE:-/var/tmp/deployer-debs}
mkdir -p "$out" "$debs"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for version in "$@"; do
  deb="$debs/libzookeeper-java_${version}_all.deb"
  if [ ! -f "$deb" ]; then
    # apt's sandbox user must be able to write where it downloads
    (cd "$work" && apt-get download -q "libzookeeper-java=$version" >/dev/null)
    mv "$work/libzookeeper-java_${version}_all.deb" "$deb"
  fi
  release="apache-zookeeper-${version%%-*}-${version##*+}"
  rm -rf "${work:?}/unpacked" "${work:?}/$release"
  dpkg-deb -x "$deb" "$work/unpacked"
  cp -r examples/components/zookeeper "$work/$release"
  mkdir -p "$work/$release/lib"
  cp "$work/unpacked/usr/share/java/zookeeper.jar" "$work/unpacked/usr/share/java/zookeeper-jute.jar" "$work/$release/lib/"
  echo "$version" > "$work/$release/RELEASE"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime='2026-01-01 00:00Z' --mode='u+rwX,go+rX,go-w' \
    -C "$work" -czf "$out/$release.tar.gz" "$release"
  echo "$out/$release.tar.gz"
done
