#!/usr/bin/env bash
# AuthorizeCall under load (docs/BENCHMARKS.md, "AuthorizeCall"; issue 16, must show 5): a
# release abonent-telecom with 100,000 prefixes loaded (retail and wholesale) answers h2load
# at a fixed offered rate, alternating AuthorizeCall and Ping (the transport's floor, public,
# no database), three rounds each, on the same connection settings. The server is pinned to
# core 0, h2load to core 1. Goal: AuthorizeCall's p99 within 1 ms of Ping's.
#
# Ping is run twice per round: bare, and carrying the same `authorization` header as
# AuthorizeCall ("ping+token"; Ping is public, so the token is only carried, not checked). h2load
# (nghttp2) never indexes an authorization header in HPACK, so each call sends the ~300-byte
# token again and the server decodes and validates it: transport work of a call that carries a
# token, which the second Ping has too.
#
#   scripts/bench-authorize.sh                       5,000 calls/s, 50,000 calls a run
#   BENCH_AUTHORIZE_RPS=2000 BENCH_AUTHORIZE_REQUESTS=10000 scripts/bench-authorize.sh
#   BENCH_AUTHORIZE_EVENT_LOOP_THREADS=0 …   the server's I/O threads (default 1: it runs on one
#                                            core; 0 = NIO's one per core of the machine)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

rps="${BENCH_AUTHORIZE_RPS:-5000}"
requests="${BENCH_AUTHORIZE_REQUESTS:-50000}"
clients=8
tools=Benchmarks/Tools/rpc_bench.py
work="$(mktemp -d /tmp/bench-authorize.XXXXXX)"
chmod 755 "$work"
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && { kill -TERM "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; }
  stop_private_postgres "$work/pg"
  rm -rf "$work"
}
trap cleanup EXIT

if ! command -v h2load >/dev/null; then
  echo "installing nghttp2-client" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nghttp2-client >&2
fi
echo "building (release)…" >&2
swift build -c release --product abonent-telecom >&2
telecom_bin="$(swift build -c release --show-bin-path)/abonent-telecom"
swift build -c release --package-path Benchmarks --product cdr-ingest-bench >&2
bench_bin="$(swift build -c release --package-path Benchmarks --show-bin-path)/cdr-ingest-bench"

db_port=$(free_port)
start_private_postgres "$work/pg" "$db_port"
create_database "$db_port" abonent_telecom_bench
grpc_port=$(free_port)
ABONENT_DB_PORT=$db_port ABONENT_DB_NAME=abonent_telecom_bench ABONENT_DB_TLS=disable ABONENT_ADMIN_PORT=0 \
  ABONENT_GRPC_PLAINTEXT=true ABONENT_GRPC_PORT=$grpc_port ABONENT_GRPC_MAX_REQUEST_BYTES=16777216 \
  ABONENT_AUTH_JWKS_FILE=Shared/TestSupport/Fixtures/jwks.json ABONENT_LOG_LEVEL=warning \
  ABONENT_GRPC_EVENT_LOOP_THREADS="${BENCH_AUTHORIZE_EVENT_LOOP_THREADS:-1}" \
  taskset -c 0 "$telecom_bin" > "$work/telecom.log" 2>&1 &
server_pid=$!
wait_for_port "$grpc_port"
BENCH_CDR_PORT=$grpc_port BENCH_CDR_ROUNDS=0 BENCH_CDR_AUTHORIZE_DIR=$work "$bench_bin" >&2
python3 "$tools" body "$work/ping.bin" hello

run() {  # run NAME PATH BODY [extra h2load options]: one run at the offered rate, a JSON line
  local name="$1" path="$2" body="$3"
  shift 3
  local log="$work/$name.log" out="$work/$name.txt"
  rm -f "$log"
  taskset -c 1 h2load -c "$clients" -m 16 -n "$requests" --rps $((rps / clients)) --log-file="$log" \
    --header 'content-type: application/grpc' --header 'te: trailers' "$@" -d "$body" \
    "http://127.0.0.1:$grpc_port/$path" > "$out" 2>&1 || { cat "$out" >&2; return 1; }
  python3 "$tools" summarize "$name" "$out" "$log" >> "$work/results.jsonl"
}
# A first run of each warms the connections' paths; not counted.
run warm-ping abonent.platform.Platform/Ping "$work/ping.bin"
run warm-authorize abonent.telecom.Telecom/AuthorizeCall "$work/authorize.bin" --header "authorization: Bearer $(cat "$work/token")"
: > "$work/results.jsonl"
for round in 1 2 3; do
  run ping abonent.platform.Platform/Ping "$work/ping.bin"
  run ping+token abonent.platform.Platform/Ping "$work/ping.bin" --header "authorization: Bearer $(cat "$work/token")"
  run authorize abonent.telecom.Telecom/AuthorizeCall "$work/authorize.bin" --header "authorization: Bearer $(cat "$work/token")"
done

python3 - "$work/results.jsonl" "$rps" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
print(f"AuthorizeCall vs Ping at {int(sys.argv[2]):,} calls/s offered, 100,000 prefixes loaded (three rounds each)")
for row in rows:
    print(f"  {row['name']:10} {row['requests_per_second'] or 0:9,.0f} req/s  p50 {row['p50_ms']:.3f} ms  "
          f"p99 {row['p99_ms']:.3f} ms  max {row['max_ms']:.3f} ms  failed {row['failed']} errored {row['errored']}")
def median(values):
    values = sorted(values)
    return values[len(values) // 2]
ping = median([r['p99_ms'] for r in rows if r['name'] == 'ping'])
carried = median([r['p99_ms'] for r in rows if r['name'] == 'ping+token'])
authorize = median([r['p99_ms'] for r in rows if r['name'] == 'authorize'])
print(f"  median p99: AuthorizeCall {authorize:.3f} ms, Ping {ping:.3f} ms, difference {authorize - ping:+.3f} ms (goal ≤ 1 ms)")
print(f"              Ping carrying the token {carried:.3f} ms, difference {authorize - carried:+.3f} ms")
PY
