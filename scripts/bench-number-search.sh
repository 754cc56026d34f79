#!/usr/bin/env bash
# DID pool search benchmark (docs/BENCHMARKS.md, "DID pool search"; issue 17, must show 5):
# a release abonent-telecom with 100,000 numbers imported by ImportNumbers, given a history by
# SQL (statistics collected for 190 days, a non-target call in the last 60 days on 3 numbers in
# 10, a twentieth reserved or in work, some in Archive, some forced); then SearchNumbers by
# mask %555% with the sale availability filter, "show" 5,000, timed over the wire from a
# release client, p50/p95/max of 30 calls after 3 warm-up calls. Target: under 200 ms. The
# query's plan is logged by PostgreSQL's auto_explain on one more search (so the timing runs
# without it) and printed at the end.
#
#   scripts/bench-number-search.sh                     100,000 numbers
#   BENCH_NUMBERS=20000 BENCH_RUNS=5 scripts/bench-number-search.sh   the short form
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

numbers="${BENCH_NUMBERS:-100000}"
runs="${BENCH_RUNS:-30}"
work="$(mktemp -d /tmp/bench-numbers.XXXXXX)"
chmod 755 "$work"  # the PostgreSQL cluster inside runs as the postgres user
server_pid=""
stop_server() {
  [[ -n "$server_pid" ]] && { kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
  server_pid=""
}
cleanup() {
  stop_server
  stop_private_postgres "$work/pg"
  rm -rf "$work"
}
trap cleanup EXIT

echo "building (release)…" >&2
swift build -c release --product abonent-telecom >&2
telecom_bin="$(swift build -c release --show-bin-path)/abonent-telecom"
swift build -c release --package-path Benchmarks --product number-search-bench >&2
bench_bin="$(swift build -c release --package-path Benchmarks --show-bin-path)/number-search-bench"

db_port=$(free_port)
PG_EXTRA_OPTIONS="-c shared_preload_libraries=auto_explain" start_private_postgres "$work/pg" "$db_port"
create_database "$db_port" abonent_telecom_bench
psql_db() { psql -h 127.0.0.1 -p "$db_port" -U postgres -d abonent_telecom_bench -v ON_ERROR_STOP=1 "$@"; }

grpc_port=$(free_port)
start_server() {
  ABONENT_DB_PORT=$db_port ABONENT_DB_NAME=abonent_telecom_bench ABONENT_DB_TLS=disable ABONENT_ADMIN_PORT=0 \
    ABONENT_GRPC_PLAINTEXT=true ABONENT_GRPC_PORT=$grpc_port ABONENT_GRPC_MAX_REQUEST_BYTES=16777216 \
    ABONENT_AUTH_JWKS_FILE=Shared/TestSupport/Fixtures/jwks.json ABONENT_LOG_LEVEL=warning \
    "$telecom_bin" >> "$work/telecom.log" 2>&1 &
  server_pid=$!
  wait_for_port "$grpc_port"
}
token=$(test_token abonent-telecom telecom.numbers.read telecom.numbers.manage)
bench() { BENCH_PORT=$grpc_port BENCH_TOKEN=$token BENCH_NUMBERS=$numbers BENCH_RUNS=$1 "$bench_bin" "$2"; }

start_server
bench "$runs" import | tee "$work/ours.jsonl"
stop_server

# The pool's history, as a pool in use has it.
psql_db -q <<'SQL'
INSERT INTO ncv_days SELECT generate_series(current_date - 190, current_date, interval '1 day')::date;
UPDATE did_numbers SET ncv_since = current_date - 200, first_stats_day = current_date - 190,
  last_call_day = CASE WHEN abs(hashtext(number)) % 10 < 3 THEN current_date - abs(hashtext(number || 'd')) % 60 END,
  status = CASE abs(hashtext(number || 's')) % 20 WHEN 0 THEN 'reserved' WHEN 1 THEN 'in_work'
                WHEN 2 THEN 'archive' WHEN 3 THEN 'archive' ELSE 'free' END,
  subscription_id = CASE WHEN abs(hashtext(number || 's')) % 20 IN (0, 1) THEN gen_random_uuid() END,
  forced_at = CASE WHEN abs(hashtext(number || 's')) % 20 > 1 AND abs(hashtext(number || 'f')) % 30 = 0 THEN now() END;
ANALYZE did_numbers;
SQL
psql_db -tAc "SELECT status, count(*) FROM did_numbers GROUP BY 1 ORDER BY 1" | tr '\n' ' ' >&2; echo >&2

start_server
bench "$runs" search | tee -a "$work/ours.jsonl"
stop_server

# One more search with its plan logged (EXPLAIN ANALYZE of the real query, as the server sent it).
psql_db -qc "ALTER DATABASE abonent_telecom_bench SET auto_explain.log_min_duration = 0"
psql_db -qc "ALTER DATABASE abonent_telecom_bench SET auto_explain.log_analyze = on"
start_server
bench 1 plan
stop_server

python3 - "$work/ours.jsonl" "$numbers" <<'PY'
import json, sys
lines = [json.loads(line) for line in open(sys.argv[1])]
imported = next(l for l in lines if l["phase"] == "import")
print(f"DID pool search: {int(sys.argv[2]):,} numbers (imported in {imported['ms'] / 1000:.1f} s)")
for l in lines:
    if l["phase"] == "search":
        verdict = "meets" if l["p95Ms"] < 200 else "MISSES"
        print(f"  {l['name']:12} found {l['found']:5}  p50 {l['p50Ms']:6.1f} ms  p95 {l['p95Ms']:6.1f} ms  "
              f"max {l['maxMs']:6.1f} ms  ({verdict} the 200 ms target)")
PY
echo "plan (auto_explain, the last mask search as the server sent it):"
python3 - "$work/pg/server.log" <<'PY'
import re, sys
entries, current = [], []
for line in open(sys.argv[1], errors="replace"):
    if re.match(r"^\d{4}-\d\d-\d\d ", line) and current:
        entries.append(current)
        current = []
    current.append(line.rstrip("\n"))
entries.append(current)
plans = [e for e in entries if "plan:" in e[0] and any("n.number LIKE" in l for l in e)]
if not plans:
    sys.exit("no plan was logged")
entry = plans[-1]
print("  " + re.sub(r"^.*LOG:\s*", "", entry[0]))
start = next(i for i, l in enumerate(entry) if re.match(r"^\s*(Limit|Sort|Subquery Scan|Index|Seq Scan|Bitmap)", l))
for line in entry[start:]:
    print("  " + line.strip("\t").replace("\t", "  "))
PY
