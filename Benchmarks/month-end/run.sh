#!/usr/bin/env bash
# Month-end at scale (docs/BENCHMARKS.md, Month-end): the 1 June 2026 daily cycle (invoicing May,
# then collections) of a release-built Billing over ACCOUNTS accounts × CHARGES charges, timed
# end to end through RunDailyCycle, against the floor measured in the same run — the
# hand-written set-based SQL of floor.sql writing the same invoice and line rows on a copy of
# the same database — and the two compared row for row.
#
#   bash Benchmarks/month-end/run.sh [--accounts N] [--charges N] [--history MONTHS]
#                                    [--replicas 1|2] [--batch N] [--workers N] [--rounds N] [--skip-build] [--keep]
#                                    [--statements]
#
# --statements loads pg_stat_statements and prints, after each round's cycle, the statements
# that took the database's time (calls, total and mean milliseconds, rows).
# --rounds N repeats the floor and the cycle N times on fresh copies of the seeded database and
# prints their medians (one JSON line per round). --history adds MONTHS earlier months of charges, each invoiced, paid and allocated (24 months of
# operation: --history 23). --replicas 2 starts two Billing processes on the database and calls
# RunDailyCycle on both at once. --keep leaves the cluster running afterwards (its port is
# printed) to look at plans; stop it with scripts/lib.sh's stop_private_postgres. Prints one JSON line (also appended to var/bench-month-end.jsonl):
# seconds for the floor and the cycle, their ratio, invoices, the service's resident memory
# (MiB) sampled every 0.2 s — at start, peak, and at each quarter of the run — and whether the
# cycle's rows equal the floor's.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh

accounts=100000 charges=30 history=0 replicas=1 batch=500 workers=1 build=1 keep=0 rounds=1 statements=0
while [ $# -gt 0 ]; do
  case $1 in
    --accounts) accounts=$2; shift 2 ;;
    --charges) charges=$2; shift 2 ;;
    --history) history=$2; shift 2 ;;
    --replicas) replicas=$2; shift 2 ;;
    --batch) batch=$2; shift 2 ;;
    --workers) workers=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --skip-build) build=0; shift ;;
    --keep) keep=1; shift ;;
    --statements) statements=1; shift ;;
    *) echo "unknown argument $1" >&2; exit 64 ;;
  esac
done

ensure_dependencies
if [ "$build" = 1 ]; then
  swift build -c release --product abonent-billing
  swift build -c release --product abonentctl
fi
bin=$(swift build -c release --show-bin-path)
state=var/bench-month-end
mkdir -p "$state"
pg="$PWD/$state/pg"
stop_private_postgres "$pg"
rm -rf "$pg" "$state/billing-"*.log "$state/reply-"*.json "$state/rounds.jsonl"
db_port=$(free_port)
# Durable settings (fsync and synchronous commit on), as a deployment runs.
if [ "$statements" = 1 ]; then
  PG_EXTRA_OPTIONS="$STATEMENT_TIMES_OPTIONS" start_private_postgres "$pg" "$db_port"
else
  start_private_postgres "$pg" "$db_port"
fi
# BENCH_PG_LOG_MS=n logs every statement slower than n ms to $pg/server.log (0: all of them).
if [ -n "${BENCH_PG_LOG_MS:-}" ]; then
  psql -h 127.0.0.1 -p "$db_port" -U postgres -qc "ALTER SYSTEM SET log_min_duration_statement = $BENCH_PG_LOG_MS" \
    -c "SELECT pg_reload_conf()" >/dev/null
fi
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "$keep" = 1 ]; then echo "the cluster keeps running on port $db_port ($pg)" >&2; else stop_private_postgres "$pg"; fi
}
trap cleanup EXIT
sql() { psql -h 127.0.0.1 -p "$db_port" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
now() { date +%s.%N; }
minus() { awk "BEGIN { printf \"%.3f\", $1 - $2 }"; }

sql -c "CREATE DATABASE month_end"
export ABONENT_DB_HOST=127.0.0.1 ABONENT_DB_PORT=$db_port ABONENT_DB_USER=postgres ABONENT_DB_TLS=disable
ABONENT_DB_NAME=month_end "$bin/abonentctl" migrate billing >/dev/null
echo "seeding $accounts accounts × $charges charges, $history earlier months…" >&2
start=$(now)
sql -d month_end -v accounts="$accounts" -v charges="$charges" -v history="$history" -f Benchmarks/month-end/seed.sql
seeded=$(now)
echo "seeded in $(minus "$seeded" "$start") s" >&2

# One round: the floor and the cycle, each on its own copy of the seeded database (made before
# anything runs, so both start from the same rows), then the two compared. Rounds repeat the
# pair on fresh copies: on a shared machine one pair of timings moves by tens of percent from
# run to run, so a comparison between configurations takes the median of several rounds.
run_round() {
round=$1
db=month_end_$round
floor_db=month_end_floor_$round
sql -c "CREATE DATABASE $db TEMPLATE month_end"
sql -c "CREATE DATABASE $floor_db TEMPLATE month_end"
start=$(now)
sql -d $floor_db -v due_ru=2026-06-08 -v due_kz=2026-06-08 -f Benchmarks/month-end/floor.sql
floor=$(minus "$(now)" "$start")
echo "round $round: floor $floor s" >&2

# Billing, release build, its nightly schedule off: the benchmark runs the day it chooses.
token=$(test_token abonent-billing billing.cycles.run)
ports=()
pids=()
rm -f "$state/reply-"*.json
for replica in $(seq 1 "$replicas"); do
  port=$(free_port)
  ABONENT_DB_NAME=$db ABONENT_GRPC_PLAINTEXT=true ABONENT_GRPC_PORT=$port ABONENT_ADMIN_PORT=0 \
    ABONENT_AUTH_JWKS_FILE=Shared/TestSupport/Fixtures/jwks.json ABONENT_BILLING_NIGHTLY_CYCLE=false \
    ABONENT_BILLING_INVOICING_BATCH_SIZE=$batch ABONENT_BILLING_INVOICING_WORKERS=$workers ABONENT_LOG_LEVEL=info \
    "$bin/abonent-billing" >"$state/billing-$round-$replica.log" 2>&1 &
  pids+=($!)
  ports+=("$port")
  wait_for_port "$port"
done

# Resident memory of every replica, every 0.2 s, while the cycle runs.
samples="$state/rss.txt"
: >"$samples"
(
  while :; do
    total=0
    for pid in "${pids[@]}"; do total=$((total + $(ps -o rss= -p "$pid" 2>/dev/null || echo 0))); done
    echo "$total" >>"$samples"
    sleep 0.2
  done
) &
sampler=$!

# The whole machine's busy CPU time over the cycle (/proc/stat: user, nice, system, irq,
# softirq, steal), in cores: how close the cycle comes to the machine's limit — what caps what
# a second replica can add.
busy() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat; }
[ "$statements" = 1 ] && statement_times_reset "$db_port" "$db"
busy_before=$(busy)
start=$(now)
callers=()
for port in "${ports[@]}"; do
  ABONENT_TOKEN=$token "$bin/abonentctl" call billing RunDailyCycle '{"date":"2026-06-01"}' \
    --addr "127.0.0.1:$port" --timeout 7200 >"$state/reply-$port.json" &
  callers+=($!)
done
for caller in "${callers[@]}"; do wait "$caller"; done
cycle=$(minus "$(now)" "$start")
cpu_cores=$(awk "BEGIN { printf \"%.2f\", ($(busy) - $busy_before) / $(getconf CLK_TCK) / $cycle }")
kill "$sampler" 2>/dev/null || true
wait "$sampler" 2>/dev/null || true
echo "round $round: cycle $cycle s" >&2
grep -h "daily cycle step done" "$state"/billing-"$round"-*.log | sed 's/.*seconds=\([0-9.]*\) step=\(.*\) \[.*/  \2: \1 s/' >&2 || true
[ "$statements" = 1 ] && statement_times "$db_port" "$db" 20 >&2

# The same rows? Invoices and lines as both wrote them, by account, the rate compared by value.
# With two replicas or workers the numbers interleave by batch, so they are left out of the comparison.
rows() { # database, whether numbers count
  local number="i.number"
  [ "$2" = with-numbers ] || number="''"
  sql -d "$1" -c "
    SELECT string_agg(r, E'\n' ORDER BY r) FROM (
      SELECT concat_ws('|', $number, a.number, i.amount_minor, i.currency, i.local_currency,
                       (i.rate_units::numeric / 10::numeric ^ i.rate_scale)::numeric(30, 6), i.rate_date, i.local_amount_minor,
                       i.due_on, i.issued_on, i.period_start, i.period_end) AS r
      FROM invoices i JOIN accounts a ON a.id = i.account_id WHERE i.kind = 'monthly' AND i.period_start = '2026-05-01'
      UNION ALL
      SELECT concat_ws('|', a.number, l.service_code, l.description, l.amount_minor, l.vat_rate_hundredths)
      FROM invoice_lines l JOIN invoices i ON i.id = l.invoice_id JOIN accounts a ON a.id = i.account_id
      WHERE i.kind = 'monthly' AND i.period_start = '2026-05-01'
    ) t"
}
numbers=without-numbers
if [ "$replicas" = 1 ] && [ "$workers" = 1 ]; then numbers=with-numbers; fi
rows "$db" $numbers >"$state/rows-cycle.txt"
rows "$floor_db" $numbers >"$state/rows-floor.txt"
same=false
if cmp -s "$state/rows-cycle.txt" "$state/rows-floor.txt"; then
  same=true
else
  echo "the cycle's rows differ from the floor's (first differences; all in $state/rows-*.txt):" >&2
  diff "$state/rows-floor.txt" "$state/rows-cycle.txt" | head -6 >&2 || true
fi
invoices=$(sql -d "$db" -c "SELECT count(*) FROM invoices WHERE kind = 'monthly' AND period_start = '2026-05-01'")
distinct=$(sql -d "$db" -c "SELECT count(DISTINCT account_id) FROM invoices WHERE kind = 'monthly' AND period_start = '2026-05-01'")
floor_invoices=$(sql -d $floor_db -c "SELECT count(*) FROM invoices WHERE kind = 'monthly' AND period_start = '2026-05-01'")
gapless=$(sql -d "$db" -c "SELECT count(*) = max(substr(number, 5)::int) FROM invoices WHERE number LIKE 'NCR-%'")
issued=$(python3 -c "import glob, json; print(sum(int(json.load(open(f)).get('invoicesIssued', 0)) for f in glob.glob('$state/reply-*.json')))")

python3 - "$samples" <<PY | tee -a var/bench-month-end.jsonl
import json, sys
rss = [int(x) / 1024 for x in open(sys.argv[1]).read().split() if x.strip() and int(x) > 0]
quarter = lambda q: round(rss[min(len(rss) - 1, int(len(rss) * q))], 1) if rss else None
print(json.dumps({
  "round": $round, "accounts": $accounts, "charges": $charges, "history_months": $history, "replicas": $replicas, "batch": $batch, "workers": $workers,
  "floor_s": round($floor, 2), "cycle_s": round($cycle, 2), "ratio": round($cycle / $floor, 2),
  "busy_cores": $cpu_cores, "machine_cores": $(nproc),
  "invoices": $invoices, "floor_invoices": $floor_invoices, "each_account_once": $invoices == $distinct,
  "numbers_gapless": "$gapless" == "t", "rows_equal_floor": "$same" == "true", "replies_issued": $issued,
  "rss_mib": {"start": quarter(0), "q1": quarter(0.25), "half": quarter(0.5), "q3": quarter(0.75),
              "end": quarter(0.999), "peak": round(max(rss), 1) if rss else None},
}))
PY
# This round's services stop; the next round starts its own on its own copy.
for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
pids=()
sql -c "DROP DATABASE $floor_db"
if [ "$round" != "$rounds" ] || [ "$keep" != 1 ]; then sql -c "DROP DATABASE $db"; fi
}

: >"$state/rounds.jsonl"
for round in $(seq 1 "$rounds"); do run_round "$round" | tee -a "$state/rounds.jsonl"; done
# The medians of the rounds (with one round, that round's figures).
python3 - "$state/rounds.jsonl" <<'PY'
import json, statistics, sys
rounds = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
summary = {key: rounds[0][key] for key in ("accounts", "charges", "history_months", "replicas", "batch", "workers")}
summary.update({
  "rounds": len(rounds),
  "floor_s": [r["floor_s"] for r in rounds], "cycle_s": [r["cycle_s"] for r in rounds],
  "median_floor_s": round(statistics.median(r["floor_s"] for r in rounds), 2),
  "median_cycle_s": round(statistics.median(r["cycle_s"] for r in rounds), 2),
  "all_rows_equal_floor": all(r["rows_equal_floor"] and r["each_account_once"] for r in rounds),
})
print("median of %d rounds: %s" % (len(rounds), json.dumps(summary)), file=sys.stderr)
PY
