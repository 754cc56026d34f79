#!/usr/bin/env bash
# Attacks a running service with malformed gRPC traffic and stream floods
# (Tests/Hardening/test_malformed_traffic.py) and reports its memory before and after.
# Usage: bash scripts/hardening.sh   (after `swift build`)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
python3 -c 'import h2' 2>/dev/null || python3 -m pip install -q -r Tests/Hardening/requirements.txt
bin=$(swift build --show-bin-path)
port=$(free_port)
# The service's database, on the test cluster scripts/test.sh started (or ABONENT_TEST_DB_PORT).
db_port=${ABONENT_TEST_DB_PORT:-55432}
create_database "$db_port" abonent_telecom_scripts
export ABONENT_DB_PORT=$db_port ABONENT_DB_NAME=abonent_telecom_scripts ABONENT_DB_TLS=disable ABONENT_ADMIN_PORT=0
max_streams=16
max_bytes=65536
log=$(mktemp)
ABONENT_GRPC_PLAINTEXT=true ABONENT_GRPC_PORT=$port ABONENT_GRPC_MAX_CONCURRENT_STREAMS=$max_streams \
  ABONENT_GRPC_MAX_REQUEST_BYTES=$max_bytes ABONENT_LOG_LEVEL=error "$bin/abonent-telecom" >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log"' EXIT
wait_for_port "$port"
ABONENT_ATTACK_ADDR="127.0.0.1:$port" ABONENT_ATTACK_PID=$server ABONENT_ATTACK_MAX_STREAMS=$max_streams \
  ABONENT_ATTACK_MAX_REQUEST_BYTES=$max_bytes \
  python3 -m pytest -q -s -p no:cacheprovider Tests/Hardening/test_malformed_traffic.py
kill -0 $server || { echo "the service died during the attack"; cat "$log"; exit 1; }
echo "the service survived the attack (pid $server still running)"
