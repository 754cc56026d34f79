#!/usr/bin/env bash
# How soon a debt block reaches FreeRADIUS (docs/BENCHMARKS.md, "RADIUS: Billing's block";
# issue 19, must show 1): the test "an active plan's login is accepted…" of
# Tests/ISPTests/PlanRadiusTests.swift, alone on the machine, ROUNDS times (default 5), with
# its bound at the issue's 1 s (ABONENT_ISP_BLOCK_LIMIT_MS=1000; inside the parallel suite it
# is 5 s). Each round: a real Billing and ISP, Debian's FreeRADIUS on ISP's database; Billing's
# BlockAccount, then the time until `radcheck` — what FreeRADIUS reads at every request —
# holds the Reject, polled every 10 ms, and radtest's Access-Reject.
#
#   bash scripts/bench-radius-block.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
rounds=${1:-5}
ensure_dependencies
swift build --build-tests >/dev/null
export ABONENT_TEST_DB_PORT=$(free_port)
cluster=$PWD/var/pg-bench-radius
start_private_postgres "$cluster" "$ABONENT_TEST_DB_PORT" fast >/dev/null
trap 'stop_private_postgres "$cluster" >/dev/null 2>&1 || true' EXIT
export ABONENT_TEST_PYTHON=$(command -v python3)
export ABONENT_ISP_BLOCK_LIMIT_MS=1000
figures=()
failed=0
for round in $(seq 1 "$rounds"); do
  out=$(swift test --skip-build --filter "PlanRadiusTests/radtestFollowsThePlan" 2>&1) || failed=$((failed + 1))
  figure=$(echo "$out" | sed -n "s/^ISP: radcheck rejects 'joao' \([0-9.]*\) seconds.*/\1/p")
  echo "round $round: ${figure:-no figure} s"
  [ -n "$figure" ] && figures+=("$figure")
done
printf '%s\n' "${figures[@]}" | sort -n | awk -v failed="$failed" '
  { v[NR] = $1 } END { if (NR == 0) { print "no figures"; exit 1 }
    printf "block → Reject in radcheck: min %.3f s, median %.3f s, max %.3f s over %d rounds; rounds over 1 s or failed: %d\n",
      v[1], v[int((NR + 1) / 2)], v[NR], NR, failed }'
[ "$failed" -eq 0 ]
