#!/usr/bin/env bash
# Starts the whole suite locally: a private PostgreSQL cluster in var/pg (unless
# ABONENT_DB_HOST points at a server of yours), one database per service, an SMTP sink that
# keeps every mail in var/mail/ (unless ABONENT_SMTP_HOST points at a relay of yours), a
# private osmo-hlr for Telecom on 127.0.1.1 (unless ABONENT_TELECOM_HLR_HOST points at yours), a
# FreeRADIUS reading ISP's database on 127.0.0.1:1812/1813 (with the private cluster), and
# the five services on their documented ports (docs/configuration.md), plaintext on loopback.
# Identity starts first; the others verify its tokens with the keys it publishes
# (var/jwks.json). The operator administrator's password is kept in var/admin-password.
# A service that dies is started again after a short back-off (1 s, doubling to 30 s; reset
# once it has run for a minute), and the restart is logged here and in its log.
# Ctrl-C stops everything: SIGTERM to each service, and whatever still runs after
# ABONENT_SUITE_GRACE seconds (default 40: the services' own 30 s drain plus their pool) is
# killed, so one hung service never keeps the suite, or its PostgreSQL, from stopping.
# Logs are in var/log/, process ids in var/run/. ABONENT_SUITE_DIR moves all of it elsewhere.
# `--release` builds and runs the services optimized (for anyone who measures; the first
# release build takes as long as a cold debug one); the default is the debug build.
set -euo pipefail
cd "$(dirname "$0")/.."
configuration=debug
for argument in "$@"; do
  case "$argument" in
    --release) configuration=release ;;
    *) echo "usage: scripts/run-suite.sh [--release]" >&2; exit 2 ;;
  esac
done
source scripts/lib.sh
ensure_dependencies
swift build -c "$configuration"
bin=$(swift build -c "$configuration" --show-bin-path)
# Where the cluster, logs, mail and local secrets live (scripts/suite-check.sh uses its own).
state=${ABONENT_SUITE_DIR:-var}
services="identity:7401 billing:7402 telecom:7403 utilities:7404 isp:7405"
grace=${ABONENT_SUITE_GRACE:-40}
helpers=()            # the SMTP sink
declare -A service_pid started_at backoff restart_at account_file
own_cluster=""
own_hlr=""
own_radius=""
log() { echo "$(date +%T) $*"; }
# Stops every child, never waiting on one for longer than the grace period, then the cluster.
# (Plain `if`s: under `set -e` a failed `a && b` as a function's last command would end the
# clean-up half way.)
stop() {
  trap '' INT TERM  # a second Ctrl-C must not cut the clean-up short
  log "stopping…"
  local pids=("${helpers[@]}" "${service_pid[@]}") left=() pid name
  if [ ${#pids[@]} -gt 0 ]; then kill -TERM "${pids[@]}" 2>/dev/null || true; fi
  local deadline=$((SECONDS + grace))
  while :; do
    left=()
    for pid in "${pids[@]}"; do
      if kill -0 "$pid" 2>/dev/null; then left+=("$pid"); fi
    done
    if [ ${#left[@]} -eq 0 ] || [ "$SECONDS" -ge "$deadline" ]; then break; fi
    sleep 0.2
  done
  if [ ${#left[@]} -gt 0 ]; then
    for name in "${!service_pid[@]}"; do
      if kill -0 "${service_pid[$name]}" 2>/dev/null; then
        log "$name (pid ${service_pid[$name]}) did not stop within ${grace}s; killing it" | tee -a "$state/log/$name.log"
      fi
    done
    kill -KILL "${left[@]}" 2>/dev/null || true
  fi
  wait 2>/dev/null || true
  if [ -n "$own_cluster" ]; then stop_private_postgres "$own_cluster"; fi
  if [ -n "$own_hlr" ]; then stop_osmo_hlr "$own_hlr"; fi
  if [ -n "$own_radius" ]; then stop_freeradius "$own_radius"; fi
  rm -rf "$state/run"
  log "stopped"
}
trap 'exit 130' INT TERM
trap stop EXIT
mkdir -p "$state/log" "$state/mail" "$state/run"

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
  helpers+=($!)
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

# Telecom's subscriber register: a private osmo-hlr (Debian's package, installed if missing) on
# 127.0.1.1 (osmo-hlr's ports are fixed, so it gets an address of its own), unless
# ABONENT_TELECOM_HLR_HOST points at one of yours. Its subscribers are kept in $state/hlr.
if [ -z "${ABONENT_TELECOM_HLR_HOST:-}" ]; then
  export ABONENT_TELECOM_HLR_HOST=127.0.1.1
  own_hlr=$PWD/$state/hlr
  stop_osmo_hlr "$own_hlr"
  start_osmo_hlr "$own_hlr" "$ABONENT_TELECOM_HLR_HOST"
  echo "osmo-hlr: CTRL on $ABONENT_TELECOM_HLR_HOST:$OSMO_HLR_CTRL_PORT, subscribers in $state/hlr/hlr.db"
fi

# ISP's subscribers authenticate at a real FreeRADIUS (Debian's, installed if missing) that reads
# ISP's database through rlm_sql: authentication on 127.0.0.1:1812, accounting on 1813, for
# NAS clients on 127.0.0.1 with the secret kept in $state/radius-secret (docs/isp.md).
if [ -n "$own_cluster" ]; then
  [ -s "$state/radius-secret" ] || openssl rand -hex 12 >"$state/radius-secret"
  own_radius=$PWD/$state/radius
  stop_freeradius "$own_radius"
  start_freeradius "$own_radius" 1812 "$ABONENT_DB_PORT" abonent_isp "$(cat "$state/radius-secret")"
  echo "FreeRADIUS: 127.0.0.1:1812 (accounting 1813), secret in $state/radius-secret, reading abonent_isp"
fi

start() { # name port
  # The log is kept across restarts (the reason for one is in it), not across suite runs.
  if [ -z "${started_at[$1]:-}" ]; then : >"$state/log/$1.log"; fi
  # The service's own account (Telecom, Utilities), if it has one.
  local account=() file=${account_file[$1]:-}
  if [ -n "$file" ]; then
    account=(
      "ABONENT_SERVICE_ACCOUNT_CLIENT_ID=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["clientID"])' "$file")"
      "ABONENT_SERVICE_ACCOUNT_CLIENT_SECRET=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["clientSecret"])' "$file")"
    )
  fi
  env "${account[@]}" ABONENT_GRPC_PLAINTEXT=true ABONENT_GRPC_PORT=$2 ABONENT_ADMIN_PORT=$(($2 + 100)) \
    ABONENT_AUTH_JWKS_FILE=$PWD/$state/jwks.json "$bin/abonent-$1" >>"$state/log/$1.log" 2>&1 &
  service_pid[$1]=$!
  started_at[$1]=$SECONDS
  echo "$!" >"$state/run/$1.pid"
}
# Called every half second: a service that exited is started again after its back-off.
supervise() {
  local entry name port code
  for entry in $services; do
    name=${entry%%:*}; port=${entry##*:}
    if kill -0 "${service_pid[$name]}" 2>/dev/null; then continue; fi
    if [ -z "${restart_at[$name]:-}" ]; then
      code=0; wait "${service_pid[$name]}" 2>/dev/null || code=$?
      # A service that ran for a minute is healthy again: its next restart is quick.
      if [ $((SECONDS - started_at[$name])) -ge 60 ]; then backoff[$name]=1; fi
      restart_at[$name]=$((SECONDS + ${backoff[$name]:-1}))
      log "$name (pid ${service_pid[$name]}) exited with status $code; restarting in ${backoff[$name]:-1}s" \
        | tee -a "$state/log/$name.log"
    elif [ "$SECONDS" -ge "${restart_at[$name]}" ]; then
      unset "restart_at[$name]"
      backoff[$name]=$(( ${backoff[$name]:-1} * 2 > 30 ? 30 : ${backoff[$name]:-1} * 2 ))
      start "$name" "$port"
      log "$name restarted (pid ${service_pid[$name]})" | tee -a "$state/log/$name.log"
    fi
  done
}

# Identity first: the others need its published keys.
start identity 7401
wait_for_port 7401
"$bin/abonentctl" call identity GetSigningKeys --addr 127.0.0.1:7401 \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["jwks"])' >"$state/jwks.json"
# Telecom and Utilities call Billing with service accounts of their own, created once through
# Identity and kept in $state (mode 600). Telecom follows Billing's event feed (debt blocks),
# posts usage charges and reads accounts and customers (AssignSims checks the account);
# Utilities reads accounts, customers and VAT rates, posts the month's charges, and follows
# Identity's feed (a company's confirmed registration).
# "telecom-2": a suite folder from before that lookup keeps its first account, now unused.
suite_admin_token=
service_account() { # name permissions-json → the account file
  local file=$state/$1-service-account
  if [ ! -s "$file" ]; then
    if [ -z "$suite_admin_token" ]; then
      suite_admin_token=$("$bin/abonentctl" call identity SignIn \
        "{\"login\": \"admin\", \"password\": \"$ABONENT_IDENTITY_ADMIN_PASSWORD\"}" \
        | python3 -c 'import json, sys; print(json.load(sys.stdin)["accessToken"])')
    fi
    (umask 077; ABONENT_TOKEN=$suite_admin_token "$bin/abonentctl" call identity CreateServiceAccount \
      "{\"name\": \"$1\", \"permissions\": $2}" >"$file")
  fi
  echo "$file"
}
account_file[telecom]=$(service_account telecom-2 \
  '["billing.events.read", "billing.charges.post", "billing.accounts.read", "billing.customers.read"]')
account_file[utilities]=$(service_account utilities-1 \
  '["billing.accounts.read", "billing.customers.read", "billing.invoices.read", "billing.charges.post", "identity.events.read"]')
# ISP follows Billing's feed (debt blocks), posts plan charges and reverses them on a transfer,
# and creates the new owner of a transferred plan.
account_file[isp]=$(service_account isp-1 \
  '["billing.events.read", "billing.charges.post", "billing.entries.reverse", "billing.accounts.read", "billing.accounts.manage", "billing.customers.read", "billing.customers.manage"]')
export ABONENT_SERVICE_ACCOUNT_IDENTITY_ADDRESS=127.0.0.1:7401
export ABONENT_TELECOM_BILLING_ADDRESS=${ABONENT_TELECOM_BILLING_ADDRESS:-127.0.0.1:7402}
export ABONENT_UTILITIES_BILLING_ADDRESS=${ABONENT_UTILITIES_BILLING_ADDRESS:-127.0.0.1:7402}
export ABONENT_UTILITIES_IDENTITY_ADDRESS=${ABONENT_UTILITIES_IDENTITY_ADDRESS:-127.0.0.1:7401}
export ABONENT_ISP_BILLING_ADDRESS=${ABONENT_ISP_BILLING_ADDRESS:-127.0.0.1:7402}
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
# Not `wait`: that would return only when every child has gone, and a dead one would stay dead.
while :; do
  supervise
  sleep 0.5 & wait $! # interruptible, so Ctrl-C is handled at once
done
