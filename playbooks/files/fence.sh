#!/bin/sh
# Fencing on the host: the highest deploy-lock token this host has seen is kept in FILE, read and
# written under flock; a run with a smaller token lost its lock to a newer run (it was paused past
# its lease, say) and may not restart anything here.
#   fence.sh --file /var/lib/deployer/PLATFORM.fence --token N
# exit 0: N is the newest or the same (it is kept); exit 1: fenced, the reason on stderr.
set -eu
while [ $# -gt 0 ]; do
  case "$1" in
    --file) file=$2; shift 2 ;;
    --token) token=$2; shift 2 ;;
    *) echo "fence.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
case "$token" in ''|*[!0-9]*) echo "fence.sh: the token must be a whole number, got '$token'" >&2; exit 2 ;; esac
mkdir -p "$(dirname "$file")"
exec 9>>"$file.lock"
flock 9
seen=$(cat "$file" 2>/dev/null || true)
seen=${seen:-0}
if [ "$token" -lt "$seen" ]; then
  echo "fenced: this run's deploy lock token $token is older than $seen, the newest this host has seen: another run took the lock over" >&2
  exit 1
fi
if [ "$token" -gt "$seen" ]; then
  printf '%s\n' "$token" > "$file.new"
  mv "$file.new" "$file"
fi
