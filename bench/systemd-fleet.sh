# Sourced by the benches that run on a systemd fleet: `systemd_fleet HOSTS` makes a work folder
# ($work) and starts HOSTS containers in $work/fleet; both are stopped and removed on exit.
systemd_fleet() {
  work=$(mktemp -d)
  # every container's systemd takes inotify instances from one per-user limit (128: ~22 containers)
  inotify=$(sysctl -n fs.inotify.max_user_instances)
  # (the trap names the script by its full path: benches change folder)
  fleet_script="$(pwd)/bin/systemd-fleet.js"
  trap 'node "$fleet_script" stop "$work/fleet" 2>/dev/null || true; rm -rf "$work"; sysctl -q -w fs.inotify.max_user_instances="$inotify"' EXIT
  [ "$inotify" -ge $((32 + $1 * 8)) ] || sysctl -q -w fs.inotify.max_user_instances=$((32 + $1 * 8))
  node bin/systemd-fleet.js start "$work/fleet" "$1" >/dev/null
}
