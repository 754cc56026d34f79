#!/usr/bin/env bash
# Bulk block across a SIGKILL (docs/BENCHMARKS.md, "Bulk block killed half-way"; issue 15, must
# show 4): the real abonent-telecom executable (the debug build `swift build --build-tests`
# makes, beside the test bundle) on a private, durable PostgreSQL and a private osmo-hlr.
# SIMS SIMs are imported (provisioned in osmo-hlr) and assigned, a bulk block of all of them is
# previewed and started at RATE network calls per second, the service is killed with SIGKILL
# once half are done and started again on the same database; the job finishes, and the
# scenario checks every SIM was blocked exactly once (sim_operations and osmo-hlr's own
# database). It is Tests/TelecomTests/BulkOperationCrashTests.swift, sized by environment;
# the figures are its `bulk-block:` lines, kept in var/bench-bulk-block/run.log.
#
#   bash Benchmarks/bulk-block/run.sh [--sims N] [--rate N] [--skip-build]
#
# Debug rather than release: the scenario is a test (it reads the HLR and the database to
# prove exactly-once), and test targets build in debug here; what it measures is bound by the
# rate, osmo-hlr and PostgreSQL, not by Swift code generation.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh

sims=10000 rate=500 build=1
while [ $# -gt 0 ]; do
  case $1 in
    --sims) sims=$2; shift 2 ;;
    --rate) rate=$2; shift 2 ;;
    --skip-build) build=0; shift ;;
    *) echo "unknown argument $1" >&2; exit 64 ;;
  esac
done

ensure_dependencies
ensure_osmo_hlr
if [ "$build" = 1 ]; then swift build --build-tests; fi
state=var/bench-bulk-block
pg="$PWD/$state/pg"
mkdir -p "$state"
stop_private_postgres "$pg"
rm -rf "$pg"
port=$(free_port)
# Durable (fsync on), as a deployment runs: the test suite's PostgreSQL runs with fsync off.
start_private_postgres "$pg" "$port"
trap 'stop_private_postgres "$pg"' EXIT

start=$(date +%s)
status=0
ABONENT_TEST_DB_PORT=$port ABONENT_TEST_PYTHON=$(command -v python3) \
  ABONENT_TEST_BULK_SIMS=$sims ABONENT_TEST_BULK_RATE=$rate \
  swift test --skip-build --filter 'TelecomTests.BulkOperationCrashTests' >"$state/test.log" 2>&1 || status=$?
grep -E "bulk-block:" "$state/test.log" | sed 's/^.*bulk-block: //' | tee "$state/run.log"
grep -E "Test run with|✘|recorded an issue" "$state/test.log" | tail -5
echo "whole run: $(($(date +%s) - start)) s (build excluded)"
exit "$status"
