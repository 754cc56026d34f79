#!/usr/bin/env bash
# PostCharges throughput (docs/BENCHMARKS.md, PostCharges): a release-built Billing takes
# CLIENTS × BATCHES batches of 1,000 charges (each client its own 1,000 accounts, all clients
# at once), against a plain multi-row INSERT of the same rows from as many psql sessions on a
# copy of the same database, in the same run.
#
#   bash Benchmarks/post-charges/run.sh [--clients 8] [--batches 10] [--skip-build] [--statements]
#
# --statements loads pg_stat_statements and prints, after Billing's part, the statements that
# took the database's time (calls, total and mean milliseconds): where a batch's time goes.
#
# Prints one JSON line (also appended to var/bench-post-charges.jsonl): charges per second
# both ways and their ratio.
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh

clients=8 batches=10 build=1 statements=0
while [ $# -gt 0 ]; do
  case $1 in
    --clients) clients=$2; shift 2 ;;
    --batches) batches=$2; shift 2 ;;
    --skip-build) build=0; shift ;;
    --statements) statements=1; shift ;;
    *) echo "unknown argument $1" >&2; exit 64 ;;
  esac
done

ensure_dependencies
python3 -c "import grpc" 2>/dev/null || python3 -m pip install --quiet -r clients/python/requirements.txt
if [ "$build" = 1 ]; then
  swift build -c release --product abonent-billing
  swift build -c release --product abonentctl
fi
bin=$(swift build -c release --show-bin-path)
state=var/bench-post-charges
pg="$PWD/$state/pg"
mkdir -p "$state"
stop_private_postgres "$pg"
rm -rf "$pg" "$state"/sql "$state"/billing.log
mkdir -p "$state/sql"
db_port=$(free_port)
if [ "$statements" = 1 ]; then
  PG_EXTRA_OPTIONS="$STATEMENT_TIMES_OPTIONS" start_private_postgres "$pg" "$db_port"
else
  start_private_postgres "$pg" "$db_port"
fi
billing_pid=""
cleanup() {
  if [ -n "$billing_pid" ]; then kill "$billing_pid" 2>/dev/null || true; wait "$billing_pid" 2>/dev/null || true; fi
  stop_private_postgres "$pg"
}
trap cleanup EXIT
sql() { psql -h 127.0.0.1 -p "$db_port" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }
now() { date +%s.%N; }

sql -c "CREATE DATABASE post_charges"
export ABONENT_DB_HOST=127.0.0.1 ABONENT_DB_PORT=$db_port ABONENT_DB_USER=postgres ABONENT_DB_TLS=disable
ABONENT_DB_NAME=post_charges "$bin/abonentctl" migrate billing >/dev/null
# Each client's 1,000 accounts: PC<client><nnnn>, prepaid, in roubles.
sql -d post_charges -c "
  INSERT INTO catalogue_services (code, name, created_at) VALUES
    ('telephony', 'Телефония', now()), ('internet', 'Интернет', now()), ('sms', 'SMS', now()) ON CONFLICT DO NOTHING;
  INSERT INTO customers (id, kind, name, contract_number, country, created_at)
  SELECT gen_random_uuid(), 'legal_entity', 'ООО «Поток ' || n || '»', 'PC-' || n, 'RU', now()
  FROM generate_series(0, $clients * 1000 - 1) n;
  INSERT INTO accounts (id, number, customer_id, currency, payment_mode, created_at)
  SELECT gen_random_uuid(), 'PC' || lpad((n / 1000)::text, 2, '0') || lpad((n % 1000)::text, 4, '0'), c.id, 'RUB', 'prepaid', now()
  FROM customers c, LATERAL (SELECT split_part(c.contract_number, '-', 2)::int AS n) k WHERE c.contract_number LIKE 'PC-%';"
sql -d post_charges -c "VACUUM ANALYZE"
sql -d post_charges -c "SELECT number || '|' || id FROM accounts WHERE number LIKE 'PC%'" >"$state/accounts.txt"
sql -c "CREATE DATABASE post_charges_peer TEMPLATE post_charges"
python3 Benchmarks/post-charges/post_charges.py sql "$state/accounts.txt" "$state/sql" "$clients" "$batches"

port=$(free_port)
ABONENT_DB_NAME=post_charges ABONENT_GRPC_PLAINTEXT=true ABONENT_GRPC_PORT=$port ABONENT_ADMIN_PORT=0 \
  ABONENT_AUTH_JWKS_FILE=Shared/TestSupport/Fixtures/jwks.json ABONENT_BILLING_NIGHTLY_CYCLE=false \
  ABONENT_DB_MAX_CONNECTIONS=$((clients + 4)) ABONENT_LOG_LEVEL=warning \
  "$bin/abonent-billing" >"$state/billing.log" 2>&1 &
billing_pid=$!
wait_for_port "$port"
token=$(test_token abonent-billing billing.charges.post)
if [ "$statements" = 1 ]; then
  statement_times_reset "$db_port" post_charges
fi
billing=$(python3 Benchmarks/post-charges/post_charges.py billing "127.0.0.1:$port" "$token" "$clients" "$batches")
echo "billing: $billing" >&2
if [ "$statements" = 1 ]; then
  statement_times "$db_port" post_charges 12 >&2
fi
posted=$(sql -d post_charges -c "SELECT count(*) FROM ledger_entries WHERE kind = 'charge'")
balanced=$(sql -d post_charges -c "SELECT bool_and(a.balance_minor = s.total) FROM accounts a JOIN (SELECT account_id, sum(amount_minor) AS total FROM ledger_entries GROUP BY 1) s ON s.account_id = a.id")

# The peer: the same rows, one multi-row INSERT (one transaction) per batch, a psql session per client.
start=$(now)
for c in $(seq 0 $((clients - 1))); do
  psql -h 127.0.0.1 -p "$db_port" -U postgres -d post_charges_peer -v ON_ERROR_STOP=1 -q -f "$state/sql/client-$c.sql" >/dev/null &
done
wait_status=0
for job in $(jobs -p); do
  [ "$job" = "$billing_pid" ] && continue
  wait "$job" || wait_status=$?
done
[ "$wait_status" = 0 ] || { echo "a psql session failed" >&2; exit 1; }
peer=$(awk "BEGIN { printf \"%.3f\", $(now) - $start }")
inserted=$(sql -d post_charges_peer -c "SELECT count(*) FROM ledger_entries WHERE kind = 'charge'")

python3 - <<PY | tee -a var/bench-post-charges.jsonl
import json
billing = json.loads('''$billing''')
charges = billing["charges"]
billing_rate = charges / billing["seconds"]
peer_rate = $inserted / $peer
print(json.dumps({
  "clients": $clients, "batches_per_client": $batches, "charges": charges,
  "billing_s": billing["seconds"], "billing_per_s": round(billing_rate), "posted": $posted,
  "balances_match_ledger": "$balanced" == "t",
  "insert_s": $peer, "insert_per_s": round(peer_rate), "inserted": $inserted,
  "ratio": round(billing_rate / peer_rate, 3),
}))
PY
