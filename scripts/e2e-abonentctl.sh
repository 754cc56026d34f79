#!/usr/bin/env bash
# abonentctl against a running service, and the Python client (another language, grpcio)
# against the same service: Describe and a call, both ways, plus a refused call.
# Usage: bash scripts/e2e-abonentctl.sh   (after `swift build`)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
bin=$(swift build --show-bin-path)
port=$(free_port)
# The service's database, on the test cluster scripts/test.sh started (or ABONENT_TEST_DB_PORT).
db_port=${ABONENT_TEST_DB_PORT:-55432}
create_database "$db_port" abonent_telecom_scripts
export ABONENT_DB_PORT=$db_port ABONENT_DB_NAME=abonent_telecom_scripts ABONENT_DB_TLS=disable ABONENT_ADMIN_PORT=0
log=$(mktemp)
ABONENT_GRPC_PLAINTEXT=true ABONENT_GRPC_PORT=$port ABONENT_AUTH_JWKS_FILE=Shared/TestSupport/Fixtures/jwks.json \
  "$bin/abonent-telecom" >"$log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; rm -f "$log"' EXIT
wait_for_port "$port"

passed=0
failed=0
check() { # description, command...
  local description=$1; shift
  if "$@"; then passed=$((passed + 1)); echo "ok: $description"; else failed=$((failed + 1)); echo "FAILED: $description"; fi
}

ctl() { "$bin/abonentctl" "$@" --addr "127.0.0.1:$port"; }

check "describe lists the Telecom service and Ping" \
  bash -c "$(declare -f ctl); bin=$bin port=$port; ctl describe telecom | grep -q 'service abonent.telecom.Telecom' && ctl describe telecom | grep -q 'rpc Ping(PingRequest) returns (PingReply)'"
check "describe --json is JSON with the platform service" \
  bash -c "$(declare -f ctl); bin=$bin port=$port; ctl describe telecom --json | python3 -c 'import json,sys; d=json.load(sys.stdin); assert any(s[\"name\"]==\"abonent.platform.Platform\" for s in d[\"services\"])'"
check "call Ping echoes Cyrillic text" \
  bash -c "$(declare -f ctl); bin=$bin port=$port; ctl call telecom Ping '{\"text\":\"Привет\"}' | python3 -c 'import json,sys; assert json.load(sys.stdin)[\"text\"]==\"Привет\"'"
check "a request with an unknown field exits 64 and names the field" \
  bash -c "$(declare -f ctl); bin=$bin port=$port; out=\$(ctl call telecom Ping '{\"txt\":1}' 2>&1); code=\$?; [ \$code -eq 64 ] && echo \"\$out\" | grep -q \"no field 'txt'\""
check "an unreachable service exits 1 with status unavailable" \
  bash -c "out=\$($bin/abonentctl call telecom Ping --addr 127.0.0.1:1 --timeout 3 2>&1); code=\$?; [ \$code -eq 1 ] && echo \"\$out\" | grep -qi 'unavailable'"
check "describe shows the event feed as a server-streaming method with its permission" \
  bash -c "$(declare -f ctl); bin=$bin port=$port; ctl describe telecom | grep -q 'rpc Subscribe(SubscribeEventsRequest) returns (stream FeedEvent)  \[telecom.events.read\]'"
check "following the feed without a token exits 1 with unauthenticated" \
  bash -c "$(declare -f ctl); bin=$bin port=$port; out=\$(ABONENT_TOKEN= ctl call telecom Subscribe '{\"after\":0}' --follow-seconds 2 2>&1); code=\$?; [ \$code -eq 1 ] && echo \"\$out\" | grep -q TOKEN_MISSING"
ingest_token=$(test_token abonent-telecom telecom.calls.ingest)
check "Python client (grpcio) describes and calls the running service, a client-streaming call included" \
  env ABONENT_DESCRIBE_ADDR="127.0.0.1:$port" ABONENT_DESCRIBE_TOKEN="$ingest_token" \
  python3 -m pytest -q clients/python/tests/test_live_describe.py -p no:cacheprovider

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
