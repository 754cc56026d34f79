#!/usr/bin/env bash
# CDR ingest benchmark (docs/BENCHMARKS.md, "CDR ingest"; issue 16, must show 5):
#   ours: a release abonent-telecom; cdr-ingest-bench loads 100,000 prefixes (retail and
#         wholesale), then streams rounds of 1,000,000 CDRs through IngestCalls (batches of
#         10,000): each batch checked, rated in memory, COPYed into staging and inserted into
#         the monthly partitions with its charges' outbox rows.
#   peer: psql's \copy of the same first million rows, exported from the table, into the
#         same table after a TRUNCATE: the floor for storing those rows at all.
# Both against one private PostgreSQL with its default durability (fsync on), set up as a
# production server would be rather than initdb's defaults (128 MB of buffers, a checkpoint
# every 1 GB of WAL, which a ten-million-row run turns into a disk benchmark): 2 GB of shared
# buffers of this machine's 23 GB, 8 GB of WAL between checkpoints (BENCH_CDR_PG_OPTIONS to
# change). On this machine's two cores, shared by everything as in production.
#
#   scripts/bench-cdr-ingest.sh                         one round of 1,000,000
#   BENCH_CDR_ROUNDS=10 scripts/bench-cdr-ingest.sh     ten rounds: the 10th million's rate vs the 1st's
#   BENCH_CDR_ROWS=100000 scripts/bench-cdr-ingest.sh   the short form
#   BENCH_CDR_ROUNDS=10 BENCH_CDR_WARMUP_ROUNDS=2 scripts/bench-cdr-ingest.sh
#                                                       the same after two uncounted rounds of calls
#                                                       90–110 days old (other partitions), so round 1
#                                                       starts with the database as it runs for good:
#                                                       shared buffers full and written out by the
#                                                       backends, autovacuum and checkpoints at work
#   BENCH_CDR_MONITOR=1 …                               also samples the database every 10 s into
#                                                       var/bench-cdr-monitor.txt: autovacuum at
#                                                       work, buffers written by backends and by
#                                                       checkpoints, WAL written
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

rows="${BENCH_CDR_ROWS:-1000000}"
rounds="${BENCH_CDR_ROUNDS:-1}"
work="$(mktemp -d /tmp/bench-cdr.XXXXXX)"
chmod 755 "$work"  # the PostgreSQL cluster inside runs as the postgres user
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && { kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
  stop_private_postgres "$work/pg"
  rm -rf "$work"
}
trap cleanup EXIT

echo "building (release)…" >&2
swift build -c release --product abonent-telecom >&2
telecom_bin="$(swift build -c release --show-bin-path)/abonent-telecom"
swift build -c release --package-path Benchmarks --product cdr-ingest-bench >&2
bench_bin="$(swift build -c release --package-path Benchmarks --show-bin-path)/cdr-ingest-bench"

db_port=$(free_port)
PG_EXTRA_OPTIONS="${BENCH_CDR_PG_OPTIONS:--c shared_buffers=2GB -c max_wal_size=8GB -c checkpoint_timeout=30min}" \
  start_private_postgres "$work/pg" "$db_port"
create_database "$db_port" abonent_telecom_bench
psql_db() { psql -h 127.0.0.1 -p "$db_port" -U postgres -d abonent_telecom_bench -v ON_ERROR_STOP=1 "$@"; }

grpc_port=$(free_port)
ABONENT_DB_PORT=$db_port ABONENT_DB_NAME=abonent_telecom_bench ABONENT_DB_TLS=disable ABONENT_ADMIN_PORT=0 \
  ABONENT_GRPC_PLAINTEXT=true ABONENT_GRPC_PORT=$grpc_port ABONENT_GRPC_MAX_REQUEST_BYTES=16777216 \
  ABONENT_AUTH_JWKS_FILE=Shared/TestSupport/Fixtures/jwks.json ABONENT_LOG_LEVEL=warning \
  "$telecom_bin" > "$work/telecom.log" 2>&1 &
server_pid=$!
wait_for_port "$grpc_port"

monitor_pid=""
if [[ -n "${BENCH_CDR_MONITOR:-}" ]]; then
  mkdir -p var
  (
    while :; do
      psql_db -tAc "
        SELECT to_char(now(), 'HH24:MI:SS'),
               'wal_mb=' || (SELECT round(wal_bytes / 1048576) FROM pg_stat_wal),
               'backend_writes=' || (SELECT buffers_backend FROM pg_stat_bgwriter),
               'checkpoint_writes=' || (SELECT buffers_checkpoint FROM pg_stat_bgwriter),
               'checkpoints=' || (SELECT checkpoints_timed + checkpoints_req FROM pg_stat_bgwriter),
               'autovacuum=' || coalesce((SELECT string_agg(regexp_replace(query, '^autovacuum: ', ''), '; ')
                                          FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'), '-')" || true
      sleep 10
    done
  ) > var/bench-cdr-monitor.txt 2>&1 &
  monitor_pid=$!
fi
BENCH_CDR_PORT=$grpc_port BENCH_CDR_ROWS=$rows BENCH_CDR_ROUNDS=$rounds "$bench_bin" | tee "$work/ours.jsonl"
[[ -n "$monitor_pid" ]] && { kill "$monitor_pid" 2>/dev/null || true; wait "$monitor_pid" 2>/dev/null || true; }
kill -TERM "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""

# The peer: the first round's rows as they were stored, copied back into the emptied table.
psql_db -qc "\\copy (SELECT * FROM call_records WHERE call_id LIKE 'r0-%') TO '$work/rows.txt'"
table_size=$(psql_db -tAc "SELECT pg_size_pretty(sum(pg_total_relation_size(inhrelid))) FROM pg_inherits WHERE inhparent = 'call_records'::regclass")
psql_db -qc "TRUNCATE call_records"
psql_db -qc "CHECKPOINT"
start=$(date +%s.%N)
psql_db -qc "\\copy call_records FROM '$work/rows.txt'"
end=$(date +%s.%N)
copied=$(psql_db -tAc "SELECT count(*) FROM call_records")

python3 - "$work/ours.jsonl" "$start" "$end" "$copied" "$table_size" <<'PY'
import json, sys
rounds = [json.loads(line) for line in open(sys.argv[1]) if '"ingest"' in line]
warmups = [json.loads(line) for line in open(sys.argv[1]) if '"warmup"' in line]
copy_seconds = float(sys.argv[3]) - float(sys.argv[2])
copied = int(sys.argv[4])
copy_rate = copied / copy_seconds
first = rounds[0]
print(f"CDR ingest: {first['rows']:,} rows, 100,000 prefixes; table after all rounds: {sys.argv[5]}")
if warmups:
    print(f"  after {len(warmups)} warm-up rounds of {first['rows']:,} older calls (not counted)")
print(f"  ours  IngestCalls (check, rate, COPY into call_records and the outbox): "
      f"{first['seconds']:.1f} s, {first['rowsPerSecond']:,} rows/s")
print(f"  peer  psql \\copy of the same {copied:,} rows into call_records: {copy_seconds:.1f} s, {copy_rate:,.0f} rows/s")
print(f"  rating in the server: {first['ratingMicrosecondsPerCall']:.2f} µs a call (lock check, plan, longest-prefix "
      f"match per provider, retail and wholesale price, the COPY row)")
print(f"  ratio ours / COPY: {first['rowsPerSecond'] / copy_rate:.2f} (goal ≥ 0.50, aim 0.70)")
if len(rounds) > 1:
    last = rounds[-1]
    print(f"  round {last['round']} vs round 1: {last['rowsPerSecond']:,} vs {first['rowsPerSecond']:,} rows/s = "
          f"{last['rowsPerSecond'] / first['rowsPerSecond']:.2f} (goal ≥ 0.90)")
PY
