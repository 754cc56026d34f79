#!/usr/bin/env bash
# The README's command (a), checked: `bash scripts/run-suite.sh` brings all five services up
# on their documented ports with a private PostgreSQL, `abonentctl describe` answers from
# each, and Ctrl-C (SIGINT to the script's process group) stops the services and the cluster.
# Needs the ports of docs/configuration.md (7401–7405, 7501–7505, 5544) free.
# Usage: bash scripts/suite-check.sh   (after `swift build`)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=$(swift build --show-bin-path)
log=var/suite-check.log
mkdir -p var
for port in 7401 7402 7403 7404 7405 5544; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "port $port is busy: stop your local suite first"; exit 1; fi
done

# Job control on: the suite gets its own process group, as in a terminal, and (unlike a plain
# background job of a script) does not start with SIGINT ignored.
set -m
bash scripts/run-suite.sh >"$log" 2>&1 &
suite=$!
set +m
trap 'kill -INT -- -$suite 2>/dev/null || true' EXIT

passed=0
failed=0
check() { local description=$1; shift; if "$@"; then passed=$((passed + 1)); echo "ok: $description"; else failed=$((failed + 1)); echo "FAILED: $description"; fi; }

for _ in $(seq 1 600); do
  grep -q "all five services are up" "$log" && break
  kill -0 "$suite" 2>/dev/null || break
  sleep 0.5
done
check "run-suite.sh reports all five services up" grep -q "all five services are up" "$log"
for service in identity billing telecom utilities isp; do
  check "abonentctl describe $service answers from its documented port" \
    bash -c "'$bin/abonentctl' describe $service | grep -q 'service abonent.platform.Platform'"
done
check "the admin ports report ready" \
  bash -c "for p in 7501 7502 7503 7504 7505; do [ \"\$(curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1:\$p/health/ready)\" = 200 ] || exit 1; done"

kill -INT -- -"$suite"
set +e
wait "$suite"
code=$?
set -e
trap - EXIT
check "Ctrl-C ends run-suite.sh (status $code, 130 expected)" test "$code" -eq 130
check "no service is left listening" \
  bash -c "for p in 7401 7402 7403 7404 7405; do (exec 3<>/dev/tcp/127.0.0.1/\$p) 2>/dev/null && exit 1; done; exit 0"
check "the private PostgreSQL cluster is stopped" \
  bash -c "! (exec 3<>/dev/tcp/127.0.0.1/5544) 2>/dev/null"
check "each service logged a clean stop" bash -c "! grep -l 'stopped:' var/log/*.log"

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
