#!/usr/bin/env bash
# Starts the whole suite locally: a private PostgreSQL cluster in var/pg (unless
# ABONENT_DB_HOST points at a server of yours), one database per service, an SMTP sink that
# keeps every mail in var/mail/ (unless ABONENT_SMTP_HOST points at a relay of yours), and
# the five services on their documented ports (docs/configuration.md), plaintext on loopback.
# Identity starts first; the others verify its tokens with the keys it publishes
# (var/jwks.json). The operator administrator's password is kept in var/admin-password.
# Ctrl-C stops everything. Logs are in var/log/. ABONENT_SUITE_DIR moves all of it elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh
ensure_dependencies
swift build
bin=$(swift build --show-bin-path)
# Where the cluster, logs, mail and local secrets live (scripts/suite-check.sh uses its own).
state=${ABONENT_SUITE_DIR:-var}
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
mkdir -p "$state/log" "$state/mail"

# Secrets for local use only, made once and kept in $state (var/ is not committed).
[ -s "$state/identity-kek" ] || openssl rand -base64 32 >"$state/identity-kek"
[ -s "$state/admin-password" ] || openssl rand -hex 12 >"$state/admin-password"
export ABONENT_IDENTITY_KEY_ENCRYPTION_KEY=${ABONENT_IDENTITY_KEY_ENCRYPTION_KEY:-$(cat "$state/identity-kek")}
export ABONENT_IDENTITY_ADMIN_PASSWORD=${ABONENT_IDENTITY_ADMIN_PASSWORD:-$(cat "$state/admin-password")}
# Identity asks Billing whether a registering company is a customer.
export ABONENT_IDENTITY_BILLING_ADDRESS=${ABONENT_IDENTITY_BILLING_ADDRESS:-127.0.0.1:7402}

if [ -z "${ABONENT_SMTP_HOST:-}" ]; then
  export ABONENT_SMTP_HOST=127.0.0.1 ABONENT_SMTP_PORT=${ABONENT_SMTP_PORT:-2525} ABONENT_SMTP_TLS=none ABONENT_SMTP_POLL_INTERVAL=500ms
  python3 Shared/TestSupport/smtp_sink.py --port "$ABONENT_SMTP_PORT" --dir "$state/mail" >"$state/log/smtp-sink.log" 2>&1 &
  pids+=($!)
  wait_for_port "$ABONENT_SMTP_PORT"
  echo "SMTP sink: 127.0.0.1:$ABONENT_SMTP_PORT, every mail kept in $state/mail/ (NNNN.eml and NNNN.json)"
fi

if [ -z "${ABONENT_DB_HOST:-}" ]; then
  export ABONENT_DB_HOST=127.0.0.1 ABONENT_DB_PORT=${ABONENT_DB_PORT:-5544} ABONENT_DB_TLS=disable
  own_cluster=$PWD/$state/pg
  start_private_postgres "$own_cluster" "$ABONENT_DB_PORT"
  echo "PostgreSQL: private cluster in $state/pg on 127.0.0.1:$ABONENT_DB_PORT"
  for entry in $services; do create_database "$ABONENT_DB_PORT" "abonent_${entry%%:*}"; done
fi

start() { # name port
  ABONENT_GRPC_PLAINTEXT=true ABONENT_GRPC_PORT=$2 ABONENT_ADMIN_PORT=$(($2 + 100)) \
    ABONENT_AUTH_JWKS_FILE=$PWD/$state/jwks.json "$bin/abonent-$1" >"$state/log/$1.log" 2>&1 &
  pids+=($!)
}
# Identity first: the others need its published keys.
start identity 7401
wait_for_port 7401
"$bin/abonentctl" call identity GetSigningKeys --addr 127.0.0.1:7401 \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["jwks"])' >"$state/jwks.json"
for entry in $services; do
  name=${entry%%:*}; port=${entry##*:}
  [ "$name" = identity ] || start "$name" "$port"
done
for entry in $services; do
  name=${entry%%:*}; port=${entry##*:}
  wait_for_port "$port"
  printf '%-10s gRPC 127.0.0.1:%s   admin http://127.0.0.1:%s/health/ready   log %s/log/%s.log\n' \
    "$name" "$port" "$((port + 100))" "$state" "$name"
done
echo "operator administrator: login admin, password $(cat "$state/admin-password")"
echo "all five services are up; try: $bin/abonentctl describe billing   (Ctrl-C stops everything)"
wait
