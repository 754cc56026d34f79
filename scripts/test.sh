#!/usr/bin/env bash
# The full test suite: what CI runs (.ci/run) and what the README names.
# Installs what a fresh machine lacks, then runs the Swift tests, a 60-second fuzz run, the
# Python client's tests, and the end-to-end checks against running services.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_dependencies

# A throwaway PostgreSQL cluster for the tests, inside the project folder, removed afterwards.
export ABONENT_TEST_DB_PORT=${ABONENT_TEST_DB_PORT:-$(free_port)}
test_cluster=$PWD/var/pg-test
stop_private_postgres "$test_cluster"
rm -rf "$test_cluster"
start_private_postgres "$test_cluster" "$ABONENT_TEST_DB_PORT" fast
trap 'stop_private_postgres "$test_cluster"; rm -rf "$test_cluster"' EXIT

# The Python that runs the mail tests' SMTP sink (aiosmtpd, installed by ensure_dependencies);
# the mail suites start it themselves on free loopback ports.
ABONENT_TEST_PYTHON=$(command -v python3)
export ABONENT_TEST_PYTHON

echo "== contract names: permissions and events only as the contracts' constants"
bash scripts/check-contract-names.sh

echo "== style: swift format lint --strict"
bash scripts/check-format.sh

echo "== swift build"
swift build --build-tests 2>&1 | grep -E "warning:|error:|Compiling|Build" | grep -v "^\[" || true
swift build --build-tests >/dev/null

echo "== swift test"
# At most 32 tests at once: many start a whole service with osmo-hlr, an SMTP sink or a second
# service beside it, and with all 400-odd at once on two cores the timing-bound tests (request
# timeouts, token renewal, an autopay hang) lost races they win on any calmer machine.
# The run has a time limit (ABONENT_TEST_TIME_LIMIT seconds; it takes 4–6 minutes): a test that
# never ends fails the run with its name, instead of holding CI until its own limit. The whole
# log is kept in var/swift-test.log; the screen gets it without the "started" lines.
test_log=$PWD/var/swift-test.log
mkdir -p var
set +e
# UsageChargeTests' billingAway and BillingClientTests' billingStoppedAndRestarted run on their
# own afterwards: inside the parallel run a client may not reach Billing again for minutes after
# its restart (every full run of 2026-12-03 for the first; once on 2026-12-04 for the second,
# alone both pass); docs/contributing.md, "Known problems".
# StartupFailureTests' portFreedSoon too: twice in the parallel run the port it freed was still
# in use 30 s later (CI 2026-12-04, and 2026-12-05 with a port no other test is given).
alone="UsageChargeTests/billingAway|BillingClientTests/billingStoppedAndRestarted|StartupFailureTests/portFreedSoon"
timeout --kill-after=30 "${ABONENT_TEST_TIME_LIMIT:-1500}" \
  swift test --skip-build --experimental-maximum-parallelization-width 32 --skip "$alone" 2>&1 \
  | tee "$test_log" | grep --line-buffered -vE "^\[[0-9]+/[0-9]+\]|started\.$"
status=${PIPESTATUS[0]}
set -e
if [ "$status" -eq 124 ] || [ "$status" -eq 137 ]; then
  echo "swift test did not finish within ${ABONENT_TEST_TIME_LIMIT:-1500} s; tests that never ended:"
  bash scripts/unfinished-tests.sh "$test_log"
  # swift test runs the test binary in a process group of its own: the timeout's kill does
  # not reach it (a hung one was still running an hour later here).
  pkill -KILL -f abonentPackageTests.xctest || true
fi
test "$status" -eq 0
echo "== swift test: $alone alone"
timeout --kill-after=30 600 swift test --skip-build --filter "$alone" 2>&1 | grep -vE "started\.$"
test "${PIPESTATUS[0]}" -eq 0

echo "== fuzz: the wire decoder under libFuzzer and AddressSanitizer for 60 s"
# Builds Fuzz/ in release in its own folder first (swift-syntax for the macro included):
# see docs/BENCHMARKS.md, "Fuzzing", for how long that takes on 2 cores.
bash scripts/fuzz.sh 60

echo "== Python client: wire vectors and codec"
python3 -m pytest -q -p no:cacheprovider clients/python/tests

echo "== end to end: abonentctl and the Python client against a running service"
bash scripts/e2e-abonentctl.sh

echo "== hardening: malformed traffic and stream floods against a running service"
bash scripts/hardening.sh

echo "== operations: metrics, readiness with PostgreSQL stopped and restarted, SIGTERM drain, two replicas"
bash scripts/ops-checks.sh

echo "== the suite in one command: run-suite.sh brings all five services up, Ctrl-C stops them"
bash scripts/suite-check.sh
