#!/usr/bin/env bash
# Starts the whole suite locally: a private PostgreSQL cluster in var/pg (unless
# ABONENT_DB_HOST points at a server of yours), one database per service, and the five
# services on their documented ports (docs/configuration.md), plaintext on loopback.
# Ctrl-C stops the services and the cluster. Logs are in var/log/.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
swift build
bin=$(swift build --show-bin-path)
services="identity:7401 billing:7402 telecom:7403 utilities:7404 isp:7405"
pids=()
own_cluster=""
stop() {
  trap '' INT TERM  # a second Ctrl-C must not cut the clean-up short
  echo "stopping…"
  [ ${#pids[@]} -gt 0 ] && kill -TERM "${pids[@]}" 2>/dev/null || true
  [ ${#pids[@]} -gt 0 ] && wait "${pids[@]}" 2>/dev/null || true
  [ -n "$own_cluster" ] && stop_private_postgres "$own_cluster"
}
trap 'exit 130' INT TERM
trap stop EXIT
mkdir -p var/log

if [ -z "${ABONENT_DB_HOST:-}" ]; then
  export ABONENT_DB_HOST=127.0.0.1 ABONENT_DB_PORT=${ABONENT_DB_PORT:-5544} ABONENT_DB_TLS=disable
  own_cluster=$PWD/var/pg
  start_private_postgres "$own_cluster" "$ABONENT_DB_PORT"
  echo "PostgreSQL: private cluster in var/pg on 127.0.0.1:$ABONENT_DB_PORT"
  for entry in $services; do create_database "$ABONENT_DB_PORT" "abonent_${entry%%:*}"; done
fi

for entry in $services; do
  name=${entry%%:*}; port=${entry##*:}
  ABONENT_GRPC_PLAINTEXT=true ABONENT_GRPC_PORT=$port ABONENT_ADMIN_PORT=$((port + 100)) \
    ABONENT_AUTH_JWKS_FILE=${ABONENT_AUTH_JWKS_FILE:-} "$bin/abonent-$name" >"var/log/$name.log" 2>&1 &
  pids+=($!)
done
for entry in $services; do
  name=${entry%%:*}; port=${entry##*:}
  wait_for_port "$port"
  printf '%-10s gRPC 127.0.0.1:%s   admin http://127.0.0.1:%s/health/ready   log var/log/%s.log\n' \
    "$name" "$port" "$((port + 100))" "$name"
done
echo "all five services are up; try: $bin/abonentctl describe billing   (Ctrl-C stops everything)"
wait
