#!/bin/sh
# prints its arguments one a line, and where it runs
for a in "$@"; do echo "$a"; done
pwd
