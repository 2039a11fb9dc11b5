#!/usr/bin/env python3
"""Removes a component's oldest releases beyond --keep, never the running, the configured or the
previous one. The releases are those deployer installed: one record (<release>.service) each in
--state-dir, oldest first by the time the record was written.

    prune_releases.py --state-dir DIR --install-root DIR --keep N --unit UNIT --configured RELEASE

Prints `removed RELEASE` for each release removed and `kept: ...` for the rest.
"""
import argparse
import os
import re
import shutil
import subprocess


def recorded_previous(unit):
    try:
        text = open(f"/etc/systemd/system/{unit}.service").read()
    except OSError:
        return None
    match = re.search(r"^X-Deployer-Previous=(.+)$", text, re.M)
    return match.group(1) if match else None


def running_release(unit, install_root):
    """The release folder the main process runs in (its working directory), if any."""
    if not unit:
        return None
    pid = subprocess.run(["systemctl", "show", "-p", "MainPID", "--value", unit], capture_output=True, text=True).stdout.strip()
    if not pid or pid == "0":
        return None
    try:
        cwd = os.readlink(f"/proc/{pid}/cwd")
    except OSError:
        return None
    parent, name = os.path.split(cwd.rstrip("/"))
    return name if os.path.normpath(parent) == os.path.normpath(install_root) else None


def main():
    parser = argparse.ArgumentParser()
    for option in ("--state-dir", "--install-root", "--unit", "--configured"):
        parser.add_argument(option, required=True)
    parser.add_argument("--keep", type=int, required=True)
    args = parser.parse_args()

    records = [f for f in os.listdir(args.state_dir) if f.endswith(".service")]
    releases = sorted((r[: -len(".service")] for r in records), key=lambda r: os.stat(os.path.join(args.state_dir, r + ".service")).st_mtime_ns)
    protected = {args.configured, recorded_previous(args.unit), running_release(args.unit, args.install_root)} - {None}
    excess = len(releases) - max(args.keep, 1)
    removed = []
    for release in releases:
        if excess <= 0:
            break
        if release in protected:
            continue
        shutil.rmtree(os.path.join(args.install_root, release), ignore_errors=True)
        os.remove(os.path.join(args.state_dir, release + ".service"))
        removed.append(release)
        excess -= 1
    for release in removed:
        print(f"removed {release}")
    print("kept: " + " ".join(r for r in releases if r not in removed))


main()
