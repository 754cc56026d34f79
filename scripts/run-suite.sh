#!/usr/bin/env bash
# Starts all five services locally on their documented ports (docs/configuration.md),
# plaintext on loopback, and stops them all on Ctrl-C.
# (Databases arrive with the storage issue: this will then also start a private PostgreSQL.)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
swift build
bin=$(swift build --show-bin-path)
pids=()
stop() {
  echo "stopping…"
  kill -TERM "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap 'exit 130' INT TERM
trap stop EXIT
mkdir -p var/log
for entry in identity:7401 billing:7402 telecom:7403 utilities:7404 isp:7405; do
  name=${entry%%:*}; port=${entry##*:}
  ABONENT_GRPC_PLAINTEXT=true ABONENT_GRPC_PORT=$port ABONENT_AUTH_JWKS_FILE=${ABONENT_AUTH_JWKS_FILE:-} \
    "$bin/abonent-$name" >"var/log/$name.log" 2>&1 &
  pids+=($!)
done
for entry in identity:7401 billing:7402 telecom:7403 utilities:7404 isp:7405; do
  name=${entry%%:*}; port=${entry##*:}
  wait_for_port "$port"
  printf '%-10s gRPC 127.0.0.1:%s   log var/log/%s.log\n' "$name" "$port" "$name"
done
echo "all five services are up; try: $bin/abonentctl describe billing   (Ctrl-C stops them)"
wait
