# Shared helpers for the scripts in this folder. Source it; do not run it.

# Installs the Debian packages and Python packages the suite needs, if missing.
ensure_dependencies() {
  local missing=()
  command -v openssl >/dev/null || missing+=(openssl)
  command -v curl >/dev/null || missing+=(curl)
  # Billing's documents: the PDF font (DejaVu) and pdftotext, which the tests read PDFs with.
  [ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)
  command -v pdftotext >/dev/null || missing+=(poppler-utils)
  # Telecom's link to the mobile network: a real HLR, and sqlite3 to read its database in tests.
  command -v osmo-hlr >/dev/null || missing+=(osmo-hlr)
  command -v sqlite3 >/dev/null || missing+=(sqlite3)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
  # ISP's subscribers authenticate at a real FreeRADIUS (installed, never started as a system service).
  ensure_freeradius
  if ! python3 -c 'import grpc, pytest, cryptography, h2' 2>/dev/null; then
    echo "installing Python packages for clients/python and Tests/Hardening"
    python3 -m pip install -q -r clients/python/requirements.txt -r Tests/Hardening/requirements.txt cryptography
  fi
  if ! python3 -c 'import openpyxl' 2>/dev/null; then
    echo "installing openpyxl, which the Billing tests open .xlsx exports with"
    python3 -m pip install -q -r Tests/BillingDocumentsTests/requirements.txt
  fi
  if ! python3 -c 'import aiosmtpd' 2>/dev/null; then
    echo "installing aiosmtpd for the SMTP sink (Shared/TestSupport/smtp_sink.py)"
    python3 -m pip install -q -r Shared/TestSupport/smtp-sink-requirements.txt
  fi
}

# Prints a free TCP port on loopback.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Waits until something accepts connections on 127.0.0.1:$1 (at most ~20 s).
wait_for_port() {
  for _ in $(seq 1 200); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "nothing is listening on port $1" >&2
  return 1
}

# Makes sure PostgreSQL server binaries are present (Debian's postgresql package).
ensure_postgres() {
  if ! command -v initdb >/dev/null && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    echo "installing PostgreSQL"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
  fi
  if ! command -v initdb >/dev/null; then
    PATH="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1):$PATH"
    export PATH
  fi
}

# Starts a private PostgreSQL cluster in folder $1 on 127.0.0.1:$2, creating it if needed;
# with a third argument `fast`, without fsync (throwaway test clusters only). PG_EXTRA_OPTIONS
# adds server options (`-c name=value …`), e.g. a benchmark's memory settings.
# PostgreSQL refuses to run as root, so the cluster belongs to the postgres user.
# Authentication is `trust` on loopback only: a development and test cluster, not production.
start_private_postgres() {
  local dir=$1 port=$2 durability=""
  local connections=500
  # A test cluster serves every suite at once, each test server with a pool of its own (the
  # Telecom suites start Telecom, Billing and Identity per test): 500 ran out.
  [ "${3:-}" = fast ] && durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off" && connections=1000
  ensure_postgres
  mkdir -p "$dir"
  chown postgres: "$dir"
  chmod 700 "$dir"
  if [ ! -f "$dir/PG_VERSION" ]; then
    runuser -u postgres -- initdb -D "$dir" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  runuser -u postgres -- pg_ctl -D "$dir" -l "$dir/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$dir -c max_connections=$connections $durability ${PG_EXTRA_OPTIONS:-}" start >/dev/null
}

# pg_stat_statements for benchmarks: start the cluster with
# PG_EXTRA_OPTIONS="$STATEMENT_TIMES_OPTIONS", then statement_times_reset PORT DB before the part
# measured and statement_times PORT DB after it: the statements that took the database's time.
STATEMENT_TIMES_OPTIONS="-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all"
statement_times_reset() {
  psql -h 127.0.0.1 -p "$1" -U postgres -d "$2" -qtAc \
    "CREATE EXTENSION IF NOT EXISTS pg_stat_statements; SELECT pg_stat_statements_reset()" >/dev/null
}
statement_times() {
  psql -h 127.0.0.1 -p "$1" -U postgres -d "$2" -c "
    SELECT calls, round(total_exec_time) AS total_ms, round(mean_exec_time::numeric, 2) AS mean_ms, rows,
           left(regexp_replace(query, '\\s+', ' ', 'g'), 100) AS statement
    FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = '$2')
    ORDER BY total_exec_time DESC LIMIT ${3:-15}"
}

# Stops the cluster in folder $1 (fast shutdown), if it runs.
stop_private_postgres() {
  [ -f "$1/postmaster.pid" ] && runuser -u postgres -- pg_ctl -D "$1" -m fast -w stop >/dev/null || true
}

# Creates database $2 on the cluster at 127.0.0.1:$1 unless it exists.
create_database() {
  psql -h 127.0.0.1 -p "$1" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$2'" | grep -q 1 ||
    psql -h 127.0.0.1 -p "$1" -U postgres -qc "CREATE DATABASE $2" >/dev/null
}

# Prints a staff access token for audience $1 with the permissions $2…, signed with the test
# key (Shared/TestSupport/Fixtures/signing-key.json): for services started with
# ABONENT_AUTH_JWKS_FILE=Shared/TestSupport/Fixtures/jwks.json, never for a real deployment.
test_token() {
  python3 - "$@" <<'PY'
import base64, json, sys, time
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
def b64(data): return base64.urlsafe_b64encode(data).rstrip(b"=").decode()
key = json.load(open("Shared/TestSupport/Fixtures/signing-key.json"))
private = Ed25519PrivateKey.from_private_bytes(base64.urlsafe_b64decode(key["d"] + "=" * (-len(key["d"]) % 4)))
now = int(time.time())
claims = {"sub": "ops-check", "perms": sys.argv[2:], "aud": [sys.argv[1]], "iss": "abonent-identity",
          "exp": now + 3600, "iat": now - 60, "kind": "staff"}
signed = b64(json.dumps({"alg": "EdDSA", "typ": "JWT", "kid": key["kid"]}).encode()) + "." + b64(json.dumps(claims).encode())
print(signed + "." + b64(private.sign(signed.encode())))
PY
}

# Installs Debian packages $@ without starting the services they bring: a policy-rc.d that
# forbids starting services is put in place for the install where the machine has none, so no
# system-wide instance starts. Tests and the suite run private ones.
apt_install_not_started() {
  local policy=/usr/sbin/policy-rc.d added=""
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && added=1
  fi
  local status=0
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null; } ||
    status=$?
  [ -n "$added" ] && rm -f "$policy"
  return "$status"
}

# Stops the process whose pid is in file $1 if it is still the program $2 (the pid may have been
# reused since): SIGTERM, then SIGKILL after ~$3 tenths of a second. Removes the file.
stop_pid_file() {
  local file=$1 program=$2 tenths=$3 pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if process_running "$pid" && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$program" ]; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 "$tenths"); do
      process_running "$pid" || break
      sleep 0.1
    done
    process_running "$pid" && kill -KILL "$pid" 2>/dev/null
  fi
  rm -f "$file"
  return 0
}

# Makes sure Osmocom's HLR (Debian's osmo-hlr) is installed; its package only enables a
# systemd unit, which must not start.
ensure_osmo_hlr() {
  command -v osmo-hlr >/dev/null && return 0
  echo "installing osmo-hlr"
  apt_install_not_started osmo-hlr && command -v osmo-hlr >/dev/null
}

# The ports osmo-hlr 1.5 listens on. They are fixed in the program (only the bind address is
# configurable), so each private instance gets an address of its own in 127.0.0.0/8 instead.
OSMO_HLR_CTRL_PORT=4259
OSMO_HLR_GSUP_PORT=4222
OSMO_HLR_VTY_PORT=4258

# Whether pid $1 is a running process (a zombie, exited but not yet reaped, does not count).
process_running() {
  local state
  state=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) || return 1
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

# Starts a private osmo-hlr in folder $1 with CTRL, GSUP and VTY on address $2 (127.x.y.z; the
# ports are the fixed ones above) and its subscriber database at $1/hlr.db (created on first
# start, kept across restarts). Returns once CTRL accepts connections; fails if the address
# is already served (another HLR, e.g. a system-wide one) or osmo-hlr exits.
start_osmo_hlr() {
  local dir=$1 address=$2
  ensure_osmo_hlr
  mkdir -p "$dir"
  if (exec 3<>"/dev/tcp/$address/$OSMO_HLR_CTRL_PORT") 2>/dev/null; then
    echo "something already listens on $address:$OSMO_HLR_CTRL_PORT" >&2
    return 1
  fi
  cat >"$dir/osmo-hlr.cfg" <<CFG
log stderr
 logging filter all 1
 logging color 0
 logging print category 1
 logging print level 1
 logging print extended-timestamp 1
 logging level set-all notice
line vty
 bind $address
ctrl
 bind $address
hlr
 database $dir/hlr.db
 gsup
  bind ip $address
CFG
  osmo-hlr -c "$dir/osmo-hlr.cfg" </dev/null >>"$dir/osmo-hlr.log" 2>&1 &
  local pid=$!
  echo "$pid" >"$dir/osmo-hlr.pid"
  for _ in $(seq 1 200); do
    if ! process_running "$pid"; then
      echo "osmo-hlr exited; see $dir/osmo-hlr.log" >&2
      rm -f "$dir/osmo-hlr.pid"
      return 1
    fi
    if (exec 3<>"/dev/tcp/$address/$OSMO_HLR_CTRL_PORT") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "osmo-hlr's CTRL interface did not open on $address:$OSMO_HLR_CTRL_PORT" >&2
  stop_osmo_hlr "$dir"
  return 1
}

# Stops the osmo-hlr of folder $1 (SIGTERM, then SIGKILL after ~10 s), if it runs.
stop_osmo_hlr() {
  stop_pid_file "$1/osmo-hlr.pid" osmo-hlr 100
}

# FreeRADIUS for ISP: Debian's freeradius 3.2 with its PostgreSQL driver, and radtest/radclient.
ensure_freeradius() {
  command -v freeradius >/dev/null && [ -f /usr/lib/freeradius/rlm_sql_postgresql.so ] && command -v radclient >/dev/null &&
    return 0
  echo "installing freeradius, freeradius-postgresql, freeradius-utils"
  apt_install_not_started freeradius freeradius-postgresql freeradius-utils && command -v freeradius >/dev/null
}

# Starts a private FreeRADIUS in $1 (config, log, pid) authenticating against database $4 of the
# PostgreSQL on 127.0.0.1:$3 (as user postgres), authentication on 127.0.0.1:$2 and accounting
# on $2+1, for the client 127.0.0.1 with secret $5 (scripts/freeradius-config.py).
start_freeradius() {
  local dir=$1 port=$2 db_port=$3 db_name=$4 secret=$5
  ensure_freeradius
  mkdir -p "$dir"
  python3 "$(dirname "${BASH_SOURCE[0]}")/freeradius-config.py" "$dir/raddb" "$port" \
    "host=127.0.0.1 port=$db_port dbname=$db_name user=postgres" "$secret" "$dir/log" "$dir/run" || return 1
  freeradius -f -d "$dir/raddb" </dev/null >>"$dir/freeradius.log" 2>&1 &
  echo $! >"$dir/freeradius.pid"
  # Ready once it holds its authentication port.
  for _ in $(seq 1 100); do
    grep -q "^ *[0-9]*: 0100007F:$(printf '%04X' "$port") " /proc/net/udp && return 0
    process_running "$(cat "$dir/freeradius.pid")" || break
    sleep 0.1
  done
  echo "FreeRADIUS did not start; see $dir/freeradius.log and $dir/log/radius.log" >&2
  return 1
}

# Stops the FreeRADIUS of folder $1, if it runs.
stop_freeradius() {
  stop_pid_file "$1/freeradius.pid" freeradius 50
}
