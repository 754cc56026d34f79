#!/usr/bin/env bash
# Debt latency (docs/BENCHMARKS.md, Debt latency; issue 15, must show 3): release builds of
# Billing and Telecom on a private PostgreSQL, Telecom's register a private osmo-hlr. ACCOUNTS
# Billing accounts with SIMS SIMs each, all active; then, ROUNDS times for every account,
# Billing's BlockAccount and the wait until osmo-hlr's own database shows every SIM of the
# account without network access, and UnblockAccount and the wait until it shows them back.
# Prints one JSON line (also appended to var/bench-debt-latency.jsonl): p50/p95/p99/max of both.
#
#   bash Benchmarks/debt-latency/run.sh [--accounts N] [--sims N] [--rounds N] [--skip-build]
#
# Settings as a deployment that wants blocks fast would set them, and documented there:
# Billing's feed polls its outbox every 200 ms (abonent.events.pollInterval, the default),
# Telecom's job runner every 100 ms (abonent.jobs.pollInterval; the default is 1 s).
set -euo pipefail
cd "$(dirname "$0")/../.."
source scripts/lib.sh

accounts=20 sims=5 rounds=5 build=1
while [ $# -gt 0 ]; do
  case $1 in
    --accounts) accounts=$2; shift 2 ;;
    --sims) sims=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --skip-build) build=0; shift ;;
    *) echo "unknown argument $1" >&2; exit 64 ;;
  esac
done

ensure_dependencies
ensure_osmo_hlr
if [ "$build" = 1 ]; then
  for product in abonent-billing abonent-telecom abonentctl; do swift build -c release --product "$product"; done
fi
bin=$(swift build -c release --show-bin-path)
state=var/bench-debt-latency
pg="$PWD/$state/pg"
hlr="$PWD/$state/hlr"
mkdir -p "$state"
stop_private_postgres "$pg"
stop_osmo_hlr "$hlr"
rm -rf "$pg" "$hlr" "$state"/*.log
db_port=$(free_port)
start_private_postgres "$pg" "$db_port"
# osmo-hlr's ports are fixed: an address of this run's own in 127.0.0.0/8.
hlr_address=127.$((RANDOM % 200 + 20)).$((RANDOM % 250 + 1)).$((RANDOM % 250 + 1))
start_osmo_hlr "$hlr" "$hlr_address"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  stop_osmo_hlr "$hlr"
  stop_private_postgres "$pg"
}
trap cleanup EXIT
sql() { psql -h 127.0.0.1 -p "$db_port" -U postgres -v ON_ERROR_STOP=1 -qtA "$@"; }

export ABONENT_DB_HOST=127.0.0.1 ABONENT_DB_PORT=$db_port ABONENT_DB_USER=postgres ABONENT_DB_TLS=disable
export ABONENT_AUTH_JWKS_FILE=$PWD/Shared/TestSupport/Fixtures/jwks.json ABONENT_GRPC_PLAINTEXT=true ABONENT_ADMIN_PORT=0
for service in billing telecom; do
  sql -c "CREATE DATABASE debt_$service"
  ABONENT_DB_NAME=debt_$service "$bin/abonentctl" migrate "$service" >/dev/null
done
sql -d debt_billing -c "
  INSERT INTO customers (id, kind, name, contract_number, country, created_at)
  SELECT gen_random_uuid(), 'legal_entity', 'ООО «Долг ' || n || '»', 'DL-' || n, 'RU', now() FROM generate_series(1, $accounts) n;
  INSERT INTO accounts (id, number, customer_id, currency, payment_mode, created_at)
  SELECT gen_random_uuid(), 'DL' || lpad(substr(c.contract_number, 4), 4, '0'), c.id, 'RUB', 'prepaid', now()
  FROM customers c WHERE c.contract_number LIKE 'DL-%';"

billing_port=$(free_port)
telecom_port=$(free_port)
ABONENT_DB_NAME=debt_billing ABONENT_GRPC_PORT=$billing_port ABONENT_BILLING_NIGHTLY_CYCLE=false \
  "$bin/abonent-billing" >"$state/billing.log" 2>&1 &
pids+=($!)
wait_for_port "$billing_port"
ABONENT_DB_NAME=debt_telecom ABONENT_GRPC_PORT=$telecom_port ABONENT_JOBS_POLL_INTERVAL=100ms \
  ABONENT_TELECOM_HLR_HOST=$hlr_address ABONENT_TELECOM_SIMULATOR_LATENCY=1ms \
  ABONENT_TELECOM_BILLING_ADDRESS=127.0.0.1:$billing_port \
  ABONENT_TELECOM_BILLING_TOKEN=$(test_token abonent-billing billing.events.read billing.accounts.read billing.customers.read) \
  "$bin/abonent-telecom" >"$state/telecom.log" 2>&1 &
pids+=($!)
wait_for_port "$telecom_port"

# SIMs: imported, then assigned SIMS to each account; the map of account → IMSIs for measure.py.
python3 - "$accounts" "$sims" "$state" <<'PY'
import json, sys
accounts, sims, state = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
def luhn(digits):
    total = 0
    for offset, d in enumerate(reversed(digits)):
        if offset % 2 == 0:
            d *= 2
            d = d - 9 if d > 9 else d
        total += d
    return (10 - total % 10) % 10
lines, plan = [], {}
for a in range(1, accounts + 1):
    number = f"DL{a:04d}"
    plan[number] = {"iccids": [], "imsis": []}
    for s in range(sims):
        serial = a * 1000 + s
        body = f"8970199{serial:012d}"
        iccid = body + str(luhn([int(c) for c in body]))
        imsi, msisdn = f"25099{serial:010d}", f"7999{serial:07d}"
        lines.append(f"{iccid},{msisdn},{imsi},TC")
        plan[number]["iccids"].append(iccid)
        plan[number]["imsis"].append(imsi)
open(f"{state}/sims.csv", "w").write("\n".join(lines))
json.dump(plan, open(f"{state}/plan.json", "w"))
json.dump({n: p["imsis"] for n, p in plan.items()}, open(f"{state}/accounts.json", "w"))
PY
staff=$(test_token abonent-telecom telecom.sims.manage)
ABONENT_TOKEN=$staff "$bin/abonentctl" call telecom ImportSims \
  "$(python3 -c 'import json,sys; print(json.dumps({"csv": open(sys.argv[1]).read()}))' "$state/sims.csv")" \
  --addr "127.0.0.1:$telecom_port" --timeout 600 >"$state/import.json"
python3 - "$state" <<'PY' >"$state/assign-requests.jsonl"
import json, sys, uuid
for number, p in json.load(open(f"{sys.argv[1]}/plan.json")).items():
    print(json.dumps({"iccids": p["iccids"], "accountNumber": number, "customerName": number,
                      "organizationID": str(uuid.uuid4())}))
PY
while read -r request; do
  ABONENT_TOKEN=$staff "$bin/abonentctl" call telecom AssignSims "$request" --addr "127.0.0.1:$telecom_port" >/dev/null
done <"$state/assign-requests.jsonl"

billing_staff=$(test_token abonent-billing billing.accounts.block)
python3 Benchmarks/debt-latency/measure.py "127.0.0.1:$billing_port" "$billing_staff" "$hlr/hlr.db" \
  "$state/accounts.json" "$rounds" | tee -a var/bench-debt-latency.jsonl
