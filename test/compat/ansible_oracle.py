#!/usr/bin/env python3
"""Runs real Ansible CLIs (ansible-inventory, ansible --list-hosts, ansible-playbook) many times
in one process.

Reads a JSON list of {"cwd": dir, "argv": ["ansible-inventory", ...]} on stdin and prints a
JSON list of {"rc", "stdout", "stderr"}; with --serve, reads one call per line and answers each
on its own line as soon as it ends (the parity suite's playbook runs, one after the other). Starting Python and importing Ansible once instead of
once per call keeps the live compatibility check fast. ansible-playbook keeps more global state
(plugin loaders, the display's caches), so each of its calls runs in a forked child of the
process that has already imported it.
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
from ansible.cli.playbook import PlaybookCLI  # noqa: E402
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


def run_forked(call):
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        pid = os.fork()
        if pid == 0:
            rc = 1
            try:
                os.chdir(call["cwd"])
                sys.stdout.flush()
                sys.stderr.flush()
                os.dup2(out.fileno(), 1)
                os.dup2(err.fileno(), 2)
                # as the ansible-playbook script: its exit codes (4 for a parser error, ...) and messages
                rc = PlaybookCLI.cli_executor(call["argv"]) or 0
            except SystemExit as e:
                rc = e.code or 0
            except BaseException as e:
                sys.stderr.write("ERROR! %s\n" % e)
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(rc)
        _, status = os.waitpid(pid, 0)
        out.seek(0)
        err.seek(0)
        return {"rc": os.waitstatus_to_exitcode(status), "stdout": out.read().decode(), "stderr": err.read().decode()}


def answer(call):
    return run_forked(call) if call["argv"][0] == "ansible-playbook" else run(call)


if sys.argv[1:] == ["--serve"]:
    for line in sys.stdin:
        if line.strip():
            print(json.dumps(answer(json.loads(line))), flush=True)
else:
    print(json.dumps([answer(call) for call in json.load(sys.stdin)]))
