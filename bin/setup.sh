#!/usr/bin/env bash
# Installs what deployer's demo, tests and benchmarks need on a fresh Debian machine:
# Debian packages (when missing) and the npm dependencies (npm ci, which also builds dist/).
# Usage: bin/setup.sh [--bench]   (--bench adds the tools compared against: pssh)
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v ansible-inventory >/dev/null 2>&1 || need+=(ansible-core)
# the bridge's tests: Debian's ansible package (community.general, ansible.posix, ansible.utils...) and jmespath for json_query
dpkg -s ansible >/dev/null 2>&1 || need+=(ansible)
dpkg -s python3-jmespath >/dev/null 2>&1 || need+=(python3-jmespath)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v sudo >/dev/null 2>&1 || need+=(sudo)
command -v ssh-keygen >/dev/null 2>&1 || need+=(openssh-client)
command -v dot >/dev/null 2>&1 || need+=(graphviz)
# the systemd fleet: containers booted by systemd-nspawn from a debootstrap root filesystem
command -v systemd-nspawn >/dev/null 2>&1 || need+=(systemd-container)
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
# the shared state of several controllers (state: etcd://...): tests start their own etcd clusters
command -v etcd >/dev/null 2>&1 || need+=(etcd-server)
command -v etcdctl >/dev/null 2>&1 || need+=(etcd-client)
if [ "${1:-}" = "--bench" ]; then
  command -v parallel-ssh >/dev/null 2>&1 || need+=(pssh)
  command -v hyperfine >/dev/null 2>&1 || need+=(hyperfine)
fi
if [ "${#need[@]}" -gt 0 ]; then
  echo "setup: installing Debian packages: ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
npm run --silent build
