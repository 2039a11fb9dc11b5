#!/bin/sh
# Runs ansible-core 2.14.17's in-scope POSIX integration targets with real Ansible (cached) and with
# deployer, one at a time and at the lowest priority, and prints the table (see run.mjs for options).
#   bench/ansible-targets/run.sh --source /var/tmp/ansible-2.14.17 --tool both --timeout 600
exec nice -n 19 node "$(dirname "$0")/run.mjs" "$@"
