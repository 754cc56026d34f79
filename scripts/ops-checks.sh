#!/usr/bin/env bash
# Operations behaviour of a real service process against a real PostgreSQL of its own:
#  1. /health/live and /metrics with per-method counters after a few calls;
#  2. /health/ready is false while PostgreSQL is stopped and true again after it restarts,
#     without restarting the service;
#  3. SIGTERM during a slow call: the call completes, readiness is false meanwhile, exit 0;
#  4. two replicas starting at once against a fresh database both come up; each migration
#     is recorded once;
#  5. Billing under load from several clients while PostgreSQL is stopped and started again:
#     calls during the outage fail at once with UNAVAILABLE / DEPENDENCY_UNAVAILABLE (none
#     runs into its deadline), and SIGTERM afterwards still ends the process with 0 within its
#     grace period (the measured times are printed).
# Usage: bash scripts/ops-checks.sh   (after `swift build`)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
bin=$(swift build --show-bin-path)
db_port=$(free_port)
cluster=$PWD/var/pg-ops
rm -rf "$cluster"
start_private_postgres "$cluster" "$db_port" fast
create_database "$db_port" abonent_telecom
pids=()
load_stop=$PWD/var/ops-load.stop
cleanup() {
  trap '' INT TERM
  touch "$load_stop"
  [ ${#pids[@]} -gt 0 ] && kill "${pids[@]}" 2>/dev/null || true
  stop_private_postgres "$cluster"
  rm -rf "$cluster"
}
trap cleanup EXIT

passed=0
failed=0
check() { if "$@"; then passed=$((passed + 1)); echo "ok: $description"; else failed=$((failed + 1)); echo "FAILED: $description"; fi; }
ready_status() { curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/health/ready" || true; }
wait_for_status() { # port status seconds
  for _ in $(seq 1 $(($3 * 10))); do [ "$(ready_status "$1")" = "$2" ] && return 0; sleep 0.1; done
  return 1
}

start_service() { # grpc-port admin-port database-name log
  ABONENT_GRPC_PLAINTEXT=true ABONENT_GRPC_PORT=$1 ABONENT_ADMIN_PORT=$2 ABONENT_DB_PORT=$db_port \
    ABONENT_DB_NAME=$3 ABONENT_DB_TLS=disable ABONENT_DB_ACQUIRE_TIMEOUT=1s "$bin/abonent-telecom" >"$4" 2>&1 &
  pids+=($!)
}

grpc=$(free_port); admin=$(free_port)
start_service "$grpc" "$admin" abonent_telecom var/ops-service.log
service=${pids[-1]}
wait_for_port "$grpc"

description="/health/live answers and /health/ready is 200 with the database up"
check bash -c "curl -sf http://127.0.0.1:$admin/health/live >/dev/null && [ \"\$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:$admin/health/ready)\" = 200 ]"

for i in 1 2 3; do "$bin/abonentctl" call telecom Ping "{\"text\":\"$i\"}" --addr "127.0.0.1:$grpc" >/dev/null; done
description="/metrics shows the database pool gauges"
check bash -c "curl -s http://127.0.0.1:$admin/metrics | grep -q '^abonent_db_pool_connections_max 20'"
description="/metrics counts the three Ping calls by method and status"
check bash -c "curl -s http://127.0.0.1:$admin/metrics | grep -q 'abonent_rpc_requests_total{method=\"abonent.platform.Platform/Ping\",code=\"OK\"} 3'"

stop_private_postgres "$cluster"
description="/health/ready turns 503 while PostgreSQL is stopped"
check wait_for_status "$admin" 503 15
start_private_postgres "$cluster" "$db_port" fast
description="/health/ready is 200 again after PostgreSQL restarts, same service process"
check wait_for_status "$admin" 200 30
description="the service process was not restarted"
check kill -0 "$service"

# SIGTERM while a 3-second call runs.
call_log=$(mktemp)
("$bin/abonentctl" call telecom Ping '{"text":"draining","delayMillis":3000}' --addr "127.0.0.1:$grpc" >"$call_log" 2>&1; echo "exit $?" >>"$call_log") &
caller=$!
sleep 0.5
kill -TERM "$service"
description="readiness is false while the in-flight call drains"
check wait_for_status "$admin" 503 2
wait "$caller" || true
description="the in-flight call completed"
check grep -q '"text": "draining"' "$call_log"
set +e
wait "$service"; code=$?
set -e
description="the service exited 0 after SIGTERM (got $code)"
check [ "$code" -eq 0 ]

# Two replicas on a fresh database at the same moment.
create_database "$db_port" abonent_telecom_fresh
g1=$(free_port); a1=$(free_port); g2=$(free_port); a2=$(free_port)
start_service "$g1" "$a1" abonent_telecom_fresh var/ops-replica-1.log
start_service "$g2" "$a2" abonent_telecom_fresh var/ops-replica-2.log
description="two replicas started at once on a fresh database are both ready"
check bash -c "$(declare -f ready_status wait_for_status); wait_for_status $a1 200 30 && wait_for_status $a2 200 30"
recorded=$(psql -h 127.0.0.1 -p $db_port -U postgres -d abonent_telecom_fresh -tAc 'SELECT count(*) FROM schema_migrations')
applied=$(cat var/ops-replica-1.log var/ops-replica-2.log | grep -c "applying migration" || true)
description="the migrations were applied once between the two replicas ($applied applications, $recorded recorded)"
check test "$recorded" -ge 3 -a "$applied" -eq "$recorded"

create_database "$db_port" abonent_telecom_cli
description="abonentctl migrate telecom applies the migrations to a fresh database and exits 0"
check env ABONENT_DB_PORT=$db_port ABONENT_DB_NAME=abonent_telecom_cli ABONENT_DB_TLS=disable ABONENT_LOG_LEVEL=error \
  bash -c "$bin/abonentctl migrate telecom && [ \"\$(psql -h 127.0.0.1 -p $db_port -U postgres -d abonent_telecom_cli -tAc \"SELECT to_regclass('schema_migrations') IS NOT NULL\")\" = t ]"

# 5. An outage under load, then SIGTERM.
create_database "$db_port" abonent_billing
bg=$(free_port); ba=$(free_port)
ABONENT_GRPC_PLAINTEXT=true ABONENT_GRPC_PORT=$bg ABONENT_ADMIN_PORT=$ba ABONENT_DB_PORT=$db_port ABONENT_DB_TLS=disable \
  ABONENT_GRPC_GRACE_PERIOD=10s ABONENT_AUTH_JWKS_FILE=$PWD/Shared/TestSupport/Fixtures/jwks.json \
  ABONENT_SMTP_HOST=127.0.0.1 ABONENT_SMTP_PORT=$(free_port) "$bin/abonent-billing" >var/ops-billing.log 2>&1 &
billing=$!
pids+=($billing)
wait_for_status "$ba" 200 60 || true
export ABONENT_TOKEN
ABONENT_TOKEN=$(test_token abonent-billing billing.catalogue.read)
list_services() { "$bin/abonentctl" call billing ListServices '{}' --addr "127.0.0.1:$bg" --timeout 3; }
answers() { list_services >/dev/null; }
description="Billing answers ListServices before the outage"
check answers
# Six clients call without pause (each call a new abonentctl process), for two minutes at most.
rm -f "$load_stop" var/ops-load.log
load() {
  local end=$((SECONDS + 120))
  while [ ! -e "$load_stop" ] && [ $SECONDS -lt $end ]; do list_services >/dev/null 2>>var/ops-load.log || true; done
}
load_pids=()
for _ in 1 2 3 4 5 6; do load & load_pids+=($!); done
sleep 2
stop_private_postgres "$cluster"
sleep 2
started=$(date +%s%N)
outage_reply=$(list_services 2>&1 || true)
took=$((($(date +%s%N) - started) / 1000000))
echo "a call during the outage ended after ${took} ms (abonentctl's own start included): $outage_reply"
description="a call while PostgreSQL is down fails at once with UNAVAILABLE / DEPENDENCY_UNAVAILABLE (${took} ms; the lease timeout is 5 s)"
check bash -c "echo '$outage_reply' | grep -q 'unavailable DEPENDENCY_UNAVAILABLE' && [ $took -lt 2000 ]"
sleep 3
start_private_postgres "$cluster" "$db_port" fast
description="Billing is ready again after PostgreSQL restarts, still under load"
check wait_for_status "$ba" 200 30
sleep 2
description="Billing answers ListServices again"
check answers
deadline_exceeded=$(grep -c deadlineExceeded var/ops-load.log || true)
unavailable=$(grep -c 'unavailable DEPENDENCY_UNAVAILABLE' var/ops-load.log || true)
echo "calls of the load that failed: $unavailable with UNAVAILABLE, $deadline_exceeded with DEADLINE_EXCEEDED, $(($(wc -l <var/ops-load.log) - unavailable - deadline_exceeded)) otherwise"
description="no call of the load waited into its deadline ($deadline_exceeded DEADLINE_EXCEEDED)"
check [ "$deadline_exceeded" -eq 0 ]
started=$(date +%s%N)
kill -TERM "$billing"
for _ in $(seq 1 300); do kill -0 "$billing" 2>/dev/null || break; sleep 0.1; done
took=$((($(date +%s%N) - started) / 1000000))
set +e
if kill -0 "$billing" 2>/dev/null; then code=hung; else wait "$billing"; code=$?; fi
set -e
touch "$load_stop"
wait "${load_pids[@]}" 2>/dev/null || true
echo "Billing exited ${took} ms after SIGTERM (status $code; grace period 10 s)"
description="after the outage under load, SIGTERM ends Billing with 0 within its grace period (${took} ms, status $code)"
check bash -c "[ '$code' = 0 ] && [ $took -le 10000 ]"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
