#!/bin/sh
# Removes a component's oldest releases beyond --keep, never the running, the configured or the
# previous one. The releases are those deployer installed: one record (<release>.service, with
# <release>.start beside it) each in --state-dir, oldest first by the time the record was written.
#
#   prune_releases.sh --state-dir DIR --install-root DIR --keep N --unit UNIT --configured RELEASE
#
# Prints `removed RELEASE` for each release removed and `kept: ...` for the rest. A POSIX shell
# script: it runs on every host at every deploy, where an interpreter's start would cost more
# than the work.
set -u
state_dir= install_root= keep= unit= configured= given=
while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || { echo "prune_releases.sh: $1 needs a value" >&2; exit 2; }
  case $1 in
    --state-dir) state_dir=$2 ;;
    --install-root) install_root=$2 ;;
    --keep) keep=$2 ;;
    --unit) unit=$2 ;;
    --configured) configured=$2 ;;
    *) echo "prune_releases.sh: unknown argument $1" >&2; exit 2 ;;
  esac
  given="$given $1"
  shift 2
done
for option in --state-dir --install-root --keep --unit --configured; do
  case "$given " in *" $option "*) ;; *) echo "prune_releases.sh: $option is required" >&2; exit 2 ;; esac
done
case $keep in '' | *[!0-9]*) echo "prune_releases.sh: --keep must be a whole number, not '$keep'" >&2; exit 2 ;; esac

# the release the unit's start script records as its previous one (a unit written by an earlier
# deployer records it itself, and is read first: the start script beside it is not what it runs)
previous=
[ -z "$unit" ] || previous=$(sed -n 's/^\(# \)\{0,1\}X-Deployer-Previous=//p' "/etc/systemd/system/$unit.service" "$state_dir/start" 2>/dev/null | head -n 1)
# the release folder the main process runs in (its working directory), if any
running=
pid=
[ -z "$unit" ] || pid=$(systemctl show -p MainPID --value "$unit" 2>/dev/null)
if [ -n "$pid" ] && [ "$pid" != 0 ] && cwd=$(readlink "/proc/$pid/cwd" 2>/dev/null); then
  cwd=${cwd%/}
  root=$install_root
  while [ "$root" != "${root%/}" ]; do root=${root%/}; done
  [ "${cwd%/*}" != "$root" ] || running=${cwd##*/}
fi

# oldest record first (modification time, to the nanosecond)
releases=$(cd "$state_dir" && ls -1tr -- *.service 2>/dev/null | sed 's/\.service$//')
count=$(printf '%s\n' "$releases" | grep -c .)
[ "$keep" -ge 1 ] || keep=1
excess=$((count - keep))
removed=
kept=
for release in $releases; do
  if [ "$excess" -gt 0 ] && [ "$release" != "$configured" ] && [ "$release" != "$previous" ] && [ "$release" != "$running" ]; then
    rm -rf -- "${install_root%/}/$release" && rm -f -- "$state_dir/$release.service" "$state_dir/$release.start" || exit 1
    removed="$removed$release "
    excess=$((excess - 1))
  else
    kept="$kept $release"
  fi
done
for release in $removed; do echo "removed $release"; done
echo "kept:$kept"
