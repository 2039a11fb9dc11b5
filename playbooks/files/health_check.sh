#!/bin/bash
# Waits until a systemd service is active and answers its health check, or says why not.
#
#   health_check.sh --unit UNIT --timeout SECONDS [--min-healthy SECONDS] [--host ADDRESS]
#                   [--tcp [HOST:]PORT | --http URL | --command CMD | --log REGEX]
#
# Exit 0 once healthy and still healthy --min-healthy seconds later (the same main process, the
# check passing every half second meanwhile); exit 1 with the reason and the unit's last log lines
# when the unit fails, the check does not pass within the timeout, or the service stops being
# healthy within --min-healthy seconds (a process that answers once, then dies or restarts).
#
# bash, and nothing the host may lack: it runs on every host after every restart, so its cost is
# a rollout's (a Python interpreter would cost several times the check). tcp and http:// are
# bash's own /dev/tcp; https:// needs curl, wget or python3, whichever the host has; the log
# regex is grep -P's (Perl's, as Python's re), matched line by line.
set -u
shopt -s extglob

usage() { echo "health_check.sh: $1" >&2; exit 2; }
unit= timeout=60 min_healthy=0 host=127.0.0.1 kind= target=
while [ $# -gt 0 ]; do
  [ $# -ge 2 ] || usage "$1 needs a value"
  case $1 in
    --unit) unit=$2 ;;
    --timeout) timeout=$2 ;;
    --min-healthy) min_healthy=$2 ;;
    --host) host=$2 ;;
    --tcp | --http | --command | --log)
      [ -z "$kind" ] || usage "one of --tcp, --http, --command, --log"
      kind=${1#--} target=$2 ;;
    *) usage "unknown argument $1" ;;
  esac
  shift 2
done
[ -n "$unit" ] || usage "--unit is required"

# seconds (as given: 20, 0.5) in hundredths, the unit of /proc/uptime: a clock that never jumps
hundredths() {
  local whole=${1%%.*} fraction=
  [[ $1 == *.* ]] && fraction=${1#*.}
  fraction=${fraction}00
  echo $((10#${whole:-0} * 100 + 10#${fraction:0:2}))
}
# the time into $now, with no command substitution (a fork, several times a second per host)
clock() { local up _; read -r up _ < /proc/uptime; now=$((10#${up%.*} * 100 + 10#${up#*.})); }
# sleep as a builtin: a read that times out on a pipe nothing writes to (held open both ways)
exec {sleeper}<> <(:)
pause() { read -r -t "$1" -u "$sleeper" _ || true; }
seconds() { printf '%d.%d' $(($1 / 100)) $(($1 % 100 / 10)); }
# min_healthy as the user wrote it (3, 0.5), as Python's %g did
shown() { local value=$1; [[ $value == *.* ]] && { value=${value%%+(0)}; value=${value%.}; }; echo "$value"; }

# ActiveState, Result and MainPID of the unit, at once (one systemctl per look)
read_unit() {
  state= result= pid=
  local line
  while IFS= read -r line; do
    case $line in
      ActiveState=*) state=${line#*=} ;;
      Result=*) result=${line#*=} ;;
      MainPID=*) pid=${line#*=} ;;
    esac
  done < <(systemctl show -p ActiveState -p Result -p MainPID -- "$unit" 2>&1)
}

# each check prints what it saw, and exits non-zero with why it is not healthy
check_tcp() {
  local address=$host port=$target out rc=0
  [[ $target == *:* ]] && address=${target%:*} port=${target##*:}
  # bash's own /dev/tcp in a forked subshell (no program started: this runs several times a
  # second while a service starts), given 2 s by a watchdog: a closed port answers at once, only
  # a host that drops the packets keeps it waiting
  out=$(
    ( exec 3<>"/dev/tcp/$address/$port" ) 2>&1 &
    attempt=$!
    ( pause 2; kill "$attempt" ) > /dev/null 2>&1 &
    watchdog=$!
    wait "$attempt"
    status=$?
    kill "$watchdog" 2> /dev/null
    exit "$status"
  ) || rc=$?
  if [ "$rc" = 0 ]; then
    detail="tcp $address:$port open"
    return 0
  fi
  [ "$rc" -le 128 ] || out=
  out=${out:-timed out} out=${out##*$'\n'}
  detail="tcp $address:$port: ${out##*: }"
  return 1
}

# the status line of a GET of an http:// URL, HTTP/1.0 by hand: it is all a health check reads
http_status() {
  local rest=${1#http://} hostport path address port=80 line
  hostport=${rest%%/*} path=${rest#"$hostport"}
  path=/${path#/} address=${hostport%:*}
  [[ $hostport == *:* ]] && port=${hostport##*:}
  exec 3<> "/dev/tcp/$address/$port" || return 1
  printf 'GET %s HTTP/1.0\r\nHost: %s\r\nConnection: close\r\n\r\n' "$path" "$hostport" >&3
  IFS= read -r line <&3 || return 1
  echo "${line%$'\r'}"
  # the rest read to its end: a client that leaves before the server has written everything makes
  # many servers log an error (a broken pipe) at every check
  while read -r _; do :; done <&3
}

check_http() {
  local url=$target answer code=
  if [[ $url == http://* ]]; then
    answer=$(timeout 2 bash -c "$(declare -f http_status); http_status \"\$1\"" _ "$url" 2>&1)
  elif command -v curl > /dev/null; then
    answer=$(curl -sS -o /dev/null --max-time 2 -w 'HTTP %{http_code}' -- "$url" 2>&1)
  elif command -v wget > /dev/null; then
    answer=$(wget -q -S -O /dev/null --timeout=2 -- "$url" 2>&1 | sed -n 's/^ *\(HTTP\/[0-9.]* [0-9]*\).*/\1/p' | tail -n 1)
  else
    answer=$(python3 -c 'import sys, urllib.error, urllib.request
try: print("HTTP", urllib.request.urlopen(sys.argv[1], timeout=2).status)
except urllib.error.HTTPError as error: print("HTTP", error.code)' "$url" 2>&1)
  fi
  [[ $answer =~ HTTP[^\ ]*\ ([0-9][0-9][0-9]) ]] && code=${BASH_REMATCH[1]}
  # curl says 000 when nothing answered: its error says why
  if [ "$code" = 000 ]; then code= answer=${answer%HTTP 000} answer=${answer%$'\n'}; fi
  if [[ $code == 2?? ]]; then
    detail="http $url answered $code"
    return 0
  fi
  answer=${answer:-no answer} answer=${answer##*$'\n'}
  if [ -n "$code" ]; then detail="http $url: answered $code"; else detail="http $url: ${answer##*: }"; fi
  return 1
}

check_command() {
  local out rc=0
  out=$(timeout 10 sh -c "$target" 2>&1 < /dev/null) || rc=$?
  [ "$rc" = 0 ] && { detail="command succeeded"; return 0; }
  [ "${#out}" -le 200 ] || out=${out: -200}
  [ "$rc" = 124 ] && detail="command did not end within 10 s" || detail="command exited $rc: $out"
  return 1
}

check_log() {
  if journalctl -u "$unit" "_PID=$pid" -o cat --no-pager 2> /dev/null | grep -q -P -- "$target"; then
    detail="log matched '$target'"
  else
    detail="no log line of process $pid matches '$target' yet"
    return 1
  fi
}

clock; started=$now
limit=$(hundredths "$timeout")
stay=$(hundredths "$min_healthy")
healthy_since= healthy_pid= reason="not checked yet"
while :; do
  read_unit
  if [ "$state" = failed ]; then
    reason="$unit failed ($result)"
  elif [ "$state" = active ]; then
    detail=
    if case $kind in tcp) check_tcp ;; http) check_http ;; command) check_command ;; log) check_log ;; *) detail=active ;; esac then
      if [ -z "$healthy_since" ]; then
        clock; healthy_since=$now healthy_pid=$pid
        reason=
      elif [ "$pid" != "$healthy_pid" ]; then
        reason="its main process changed ($healthy_pid -> $pid): it restarted"
      else
        reason=
      fi
      clock
      if [ -z "$reason" ] && [ $((now - healthy_since)) -ge "$stay" ]; then
        stayed=
        [ "$stay" -gt 0 ] && stayed=", and stayed so $(shown "$min_healthy") s"
        echo "$unit healthy after $(seconds $((healthy_since - started))) s$stayed: $detail"
        exit 0
      fi
    else
      reason=$detail
    fi
  else
    reason="$unit is $state"
  fi
  if [ -n "$reason" ] && [ -n "$healthy_since" ]; then
    reason="healthy after $(seconds $((healthy_since - started))) s, then not within min_healthy_time ($(shown "$min_healthy") s): $reason"
    break
  fi
  [ "$state" = failed ] && break
  clock
  if [ -n "$reason" ] && [ $((now - started)) -ge "$limit" ]; then
    reason="not healthy within $(shown "$timeout") s: $reason"
    break
  fi
  # most services answer within a second of their restart: look often at first
  if [ $((now - started)) -lt 300 ]; then pause 0.1; else pause 0.25; fi
done
printf '%s\nlast lines of its log:\n%s\n' "$reason" "$(journalctl -u "$unit" -n 8 -o cat --no-pager 2>&1)" >&2
exit 1
