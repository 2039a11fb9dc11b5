#!/usr/bin/env python3
"""Waits until a systemd service is active and answers its health check, or says why not.

    health_check.py --unit UNIT --timeout SECONDS [--min-healthy SECONDS] [--host ADDRESS]
                    [--tcp [HOST:]PORT | --http URL | --command CMD | --log REGEX]

Exit 0 once healthy and still healthy --min-healthy seconds later (the same main process, the
check passing every half second meanwhile); exit 1 with the reason and the unit's last log lines
when the unit fails, the check does not pass within the timeout, or the service stops being
healthy within --min-healthy seconds (a process that answers once, then dies or restarts).
"""
import argparse
import re
import socket
import subprocess
import sys
import time


def unit_state(unit):
    """ActiveState, Result and MainPID of the unit, read at once (one systemctl per look)."""
    out = subprocess.run(["systemctl", "show", "-p", "ActiveState", "-p", "Result", "-p", "MainPID", unit], capture_output=True, text=True)
    return dict(line.partition("=")[::2] for line in out.stdout.splitlines())


def check_tcp(target, host):
    address, _, port = target.rpartition(":")
    with socket.create_connection((address or host, int(port)), timeout=2):
        return f"tcp {address or host}:{port} open"


def check_http(url):
    import urllib.request  # imported only here: it costs more than the rest of this script

    with urllib.request.urlopen(url, timeout=2) as answer:
        return f"http {url} answered {answer.status}"


def check_command(command):
    run = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=10)
    if run.returncode != 0:
        raise RuntimeError(f"command exited {run.returncode}: {(run.stderr or run.stdout).strip()[-200:]}")
    return "command succeeded"


def check_log(unit, pattern, pid):
    lines = subprocess.run(["journalctl", "-u", unit, f"_PID={pid}", "-o", "cat", "--no-pager"], capture_output=True, text=True).stdout
    if re.search(pattern, lines):
        return f"log matched {pattern!r}"
    raise RuntimeError(f"no log line of process {pid} matches {pattern!r} yet")


def check(args, pid):
    if args.tcp:
        return check_tcp(args.tcp, args.host)
    if args.http:
        return check_http(args.http)
    if args.command:
        return check_command(args.command)
    if args.log:
        return check_log(args.unit, args.log, pid)
    return "active"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--unit", required=True)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--min-healthy", type=float, default=0)
    parser.add_argument("--host", default="127.0.0.1")
    kind = parser.add_mutually_exclusive_group()
    kind.add_argument("--tcp")
    kind.add_argument("--http")
    kind.add_argument("--command")
    kind.add_argument("--log")
    args = parser.parse_args()

    started = time.monotonic()
    healthy_since = None
    healthy_pid = None
    reason = "not checked yet"
    while True:
        unit = unit_state(args.unit)
        state, pid = unit.get("ActiveState", ""), unit.get("MainPID", "")
        if state == "failed":
            reason = f"{args.unit} failed ({unit.get('Result', '')})"
        elif state == "active":
            try:
                detail = check(args, pid)
                if healthy_since is None:
                    healthy_since, healthy_pid = time.monotonic(), pid
                elif pid != healthy_pid:
                    raise RuntimeError(f"its main process changed ({healthy_pid} -> {pid}): it restarted")
                if time.monotonic() - healthy_since >= args.min_healthy:
                    stayed = f", and stayed so {args.min_healthy:g} s" if args.min_healthy else ""
                    print(f"{args.unit} healthy after {healthy_since - started:.1f} s{stayed}: {detail}")
                    return 0
                reason = None
            except Exception as error:  # the service is not answering (yet, or any more)
                reason = str(error)
        else:
            reason = f"{args.unit} is {state}"
        if reason is not None and healthy_since is not None:
            reason = f"healthy after {healthy_since - started:.1f} s, then not within min_healthy_time ({args.min_healthy:g} s): {reason}"
            break
        if state == "failed":
            break
        if reason is not None and time.monotonic() - started >= args.timeout:
            reason = f"not healthy within {args.timeout:g} s: {reason}"
            break
        # most services answer within a second of their restart: look often at first
        time.sleep(0.1 if time.monotonic() - started < 3 else 0.5)
    log = subprocess.run(["journalctl", "-u", args.unit, "-n", "8", "-o", "cat", "--no-pager"], capture_output=True, text=True).stdout.strip()
    print(f"{reason}\nlast lines of its log:\n{log}", file=sys.stderr)
    return 1


sys.exit(main())
