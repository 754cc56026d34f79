#!/usr/bin/env bash
# Names the tests a Swift Testing log shows as started and never finished: what to read first
# when `swift test` had to be stopped at scripts/test.sh's time limit.
# Usage: scripts/unfinished-tests.sh LOG
set -euo pipefail
log=${1:?usage: scripts/unfinished-tests.sh LOG}
awk '
  match($0, /Test ".*" started\.$/) {
    name = substr($0, RSTART + 6); sub(/" started\.$/, "", name); open[name]++; next
  }
  match($0, /Test ".*"( with [0-9]+ test cases?)? (passed|failed) after/) {
    line = substr($0, RSTART + 6); sub(/"( with [0-9]+ test cases?)? (passed|failed) after.*$/, "", line)
    open[line]--; next
  }
  match($0, /Test ".*" skipped/) {
    line = substr($0, RSTART + 6); sub(/" skipped.*$/, "", line); open[line]--; next
  }
  END { for (name in open) if (open[name] > 0) print "  still running: " name }
' "$log"
