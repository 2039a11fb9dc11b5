#!/usr/bin/env python3
"""Runs real Ansible CLIs (ansible-inventory, ansible --list-hosts) many times in one process.

Reads a JSON list of {"cwd": dir, "argv": ["ansible-inventory", ...]} on stdin and prints a
JSON list of {"rc", "stdout", "stderr"}. Starting Python and importing Ansible once instead of
once per call keeps the live compatibility check fast.
"""
import contextlib
import io
import json
import os
import sys
import tempfile

os.environ.setdefault("ANSIBLE_NOCOLOR", "1")
os.environ.setdefault("ANSIBLE_LOCALHOST_WARNING", "0")
# An empty config file, so that no stray ansible.cfg changes the answers.
_empty_config = tempfile.NamedTemporaryFile(suffix=".cfg")
os.environ["ANSIBLE_CONFIG"] = _empty_config.name

from ansible.cli.adhoc import AdHocCLI  # noqa: E402
from ansible.cli.inventory import InventoryCLI  # noqa: E402
from ansible.utils.display import Display  # noqa: E402
from ansible.plugins.vars import host_group_vars  # noqa: E402
from ansible.utils.context_objects import GlobalCLIArgs  # noqa: E402

CLIS = {"ansible-inventory": InventoryCLI, "ansible": AdHocCLI}


def run(call):
    cwd = os.getcwd()
    os.chdir(call["cwd"])
    out, err = io.StringIO(), io.StringIO()
    rc = 0
    display = Display()
    display._warns = {}
    display._errors = {}
    host_group_vars.FOUND.clear()
    GlobalCLIArgs._Singleton__instance = None  # each call parses its own command line
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                cli = CLIS[call["argv"][0]](call["argv"])
                rc = cli.run() or 0
            except SystemExit as e:
                rc = e.code or 0
            except Exception as e:  # an AnsibleError: what the CLI would print and exit 1 for
                err.write("ERROR! %s\n" % e)
                rc = 1
    finally:
        os.chdir(cwd)
    return {"rc": rc, "stdout": out.getvalue(), "stderr": err.getvalue()}


print(json.dumps([run(call) for call in json.load(sys.stdin)]))
