#!/usr/bin/env bash
# Builds, once, the root filesystem that the systemd fleet's hosts boot (Debian bookworm minbase
# with systemd, OpenSSH, sudo and python3), and prints its path. It is cached under
# $DEPLOYER_ROOTFS_CACHE (default /var/tmp/deployer-rootfs), keyed by this script's hash, so a
# change here builds a new one and later runs on the same machine (CI too) reuse it.
# `--java` builds a second one that also has a Java runtime and the libraries Debian's ZooKeeper
# depends on (ZooKeeper's own jars come in the release archives: bin/build-zookeeper-archives.sh).
# Needs root, debootstrap, and Debian's package mirror (the one apt uses).
# Usage: bin/systemd-rootfs.sh [--java]
set -euo pipefail
script=$(readlink -f "$0")
hash=$(sha256sum "$script" | cut -c1-16)
packages=systemd,systemd-sysv,dbus,openssh-server,procps,sudo,python3,iproute2
if [ "${1:-}" = "--java" ]; then
  hash="$hash-java"
  packages="$packages,default-jre-headless,libcommons-cli-java,libcommons-io-java,libdropwizard-metrics-java,libguava-java,libjackson2-annotations-java,libjackson2-core-java,libjackson2-databind-java,libjetty9-java,libjetty9-extra-java,libnetty-java,libslf4j-java,libsnappy-java,liblog4j1.2-java"
fi
cache=${DEPLOYER_ROOTFS_CACHE:-/var/tmp/deployer-rootfs}
final="$cache/$hash"
if [ -f "$final/ready" ]; then echo "$final/root"; exit 0; fi

mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)
[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" { print $2; exit }' /etc/apt/sources.list 2>/dev/null)
[ -n "$mirror" ] || { echo "systemd-rootfs: no Debian mirror found in apt's sources" >&2; exit 1; }

mkdir -p "$cache"
work=$(mktemp -d "$cache/build.XXXXXX")
trap 'rm -rf "$work"' EXIT
root="$work/root"
if ! debootstrap --variant=minbase \
    --include="$packages" \
    bookworm "$root" "$mirror" > "$work/debootstrap.log" 2>&1; then
  tail -20 "$work/debootstrap.log" >&2
  exit 1
fi

# every host gets its own machine-id at boot, and its own ssh host keys (in its overlay)
: > "$root/etc/machine-id"
rm -f "$root"/etc/ssh/ssh_host_*
# the login user of the fleet: key only, password-less sudo
chroot "$root" useradd --create-home --shell /bin/bash --uid 1000 dfleet
chroot "$root" usermod -p '*' dfleet
echo 'dfleet ALL=(ALL) NOPASSWD: ALL' > "$root/etc/sudoers.d/dfleet"
chmod 440 "$root/etc/sudoers.d/dfleet"
cat > "$root/etc/ssh/sshd_config.d/00-deployer.conf" <<'CONF'
# each host's ListenAddress (its own 127.0.50.N) is in its overlay: never 0.0.0.0
PasswordAuthentication no
KbdInteractiveAuthentication no
UseDNS no
PrintMotd no
MaxStartups 200
CONF
# no console logins: the containers run with --console=pipe
chroot "$root" systemctl mask console-getty.service getty@tty1.service > /dev/null 2>&1 || true
chroot "$root" systemctl enable ssh.service > /dev/null 2>&1
rm -rf "$root/var/cache/apt/archives"/*.deb "$root/var/lib/apt/lists"/*

rm -rf "$final"
mkdir -p "$final"
mv "$root" "$final/root"
touch "$final/ready"
echo "$final/root"
