#!/usr/bin/env bash
# AuthorizeCall under load (docs/BENCHMARKS.md, "AuthorizeCall"; issue 16, must show 5): a
# release abonent-telecom with 100,000 prefixes loaded (retail and wholesale) answers a fixed
# offered rate, alternating AuthorizeCall and Ping (the transport's floor, public, no
# database), round after round, on the same connection settings. The server is pinned to core
# 0, the client to core 1. Goal: AuthorizeCall's p99 within 1 ms of Ping's.
#
# The client (BENCH_AUTHORIZE_CLIENT):
#   paced   (default) cdr-ingest-bench's load mode (Benchmarks/Sources/CDRIngestBench/
#           PacedLoad.swift): call n is sent when due, at start + n / rate, over 8 HTTP/2
#           connections of our own client, and its latency counts from when it was due.
#   h2load  h2load --rps, as until session 17. Its rate timer fires every 10 ms at the least,
#           so each connection sends its calls in bursts (~50 at 5,000/s over 8 connections)
#           and the p99 it reports is mostly the time to drain a burst. Use it unpaced, for
#           throughput: BENCH_AUTHORIZE_CLIENT=h2load BENCH_AUTHORIZE_RPS=80000.
#
# Each round runs, back to back: Ping, bare; Ping carrying the same `authorization` header as
# AuthorizeCall ("ping+token"; Ping is public, so the token is only carried, not checked: the
# transport's work on a call that carries a token — h2load never HPACK-indexes an
# authorization header, so there each call sends the ~300-byte token again); AuthorizeCall;
# and (paced client) one "mixed" run: AuthorizeCall at the offered rate with a Ping carrying
# the token after every five in the same schedule, so that both kinds meet the same moments of
# this shared machine (its kernel threads take the cores for 1–3 ms about once a second, which
# moves a 10-second run's p99 by milliseconds) and their tails compare call for call.
#
#   scripts/bench-authorize.sh                       5,000 calls/s, 50,000 calls a run, 5 rounds
#   BENCH_AUTHORIZE_RPS=2000 BENCH_AUTHORIZE_REQUESTS=10000 BENCH_AUTHORIZE_ROUNDS=3 scripts/bench-authorize.sh
#   BENCH_AUTHORIZE_EVENT_LOOP_THREADS=0 …   the server's I/O threads (default 1: it runs on one
#                                            core; 0 = NIO's one per core of the machine)
#   BENCH_LOAD_TRACE=FILE …                  (paced client) each call's due time and latency in ms,
#                                            the last run's: where in a run the slow calls were
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

rps="${BENCH_AUTHORIZE_RPS:-5000}"
requests="${BENCH_AUTHORIZE_REQUESTS:-50000}"
rounds="${BENCH_AUTHORIZE_ROUNDS:-5}"
client="${BENCH_AUTHORIZE_CLIENT:-paced}"
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

if [[ "$client" == h2load ]] && ! command -v h2load >/dev/null; then
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

h2load_run() {  # h2load_run NAME PATH BODY [extra h2load options]: one run at the offered rate, a JSON line
  local name="$1" path="$2" body="$3"
  shift 3
  local log="$work/$name.log" out="$work/$name.txt"
  rm -f "$log"
  taskset -c 1 h2load -c "$clients" -m 16 -n "$requests" --rps $((rps / clients)) --log-file="$log" \
    --header 'content-type: application/grpc' --header 'te: trailers' "$@" -d "$body" \
    "http://127.0.0.1:$grpc_port/$path" > "$out" 2>&1 || { cat "$out" >&2; return 1; }
  python3 "$tools" summarize "$name" "$out" "$log"
}
run() {  # run ping|ping+token|authorize: one run at the offered rate, a JSON line
  local bearer="authorization: Bearer $(cat "$work/token")"
  if [[ "$client" == h2load ]]; then
    case "$1" in
      ping) h2load_run ping abonent.platform.Platform/Ping "$work/ping.bin" ;;
      ping+token) h2load_run ping+token abonent.platform.Platform/Ping "$work/ping.bin" --header "$bearer" ;;
      authorize) h2load_run authorize abonent.telecom.Telecom/AuthorizeCall "$work/authorize.bin" --header "$bearer" ;;
    esac
  else
    BENCH_LOAD="$1" BENCH_LOAD_RPS="$rps" BENCH_LOAD_CALLS="$requests" BENCH_LOAD_CONNECTIONS="$clients" \
      BENCH_CDR_PORT="$grpc_port" BENCH_CDR_AUTHORIZE_DIR="$work" taskset -c 1 "$bench_bin"
  fi
}
# A first run of each warms the connections' paths; not counted.
run ping > /dev/null
run authorize > /dev/null
: > "$work/results.jsonl"
loads="ping ping+token authorize"
[[ "$client" == paced ]] && loads="$loads mixed"
for round in $(seq "$rounds"); do
  for load in $loads; do run "$load" | sed "s/^{/{\"round\":$round,/" >> "$work/results.jsonl"; done
done

python3 - "$work/results.jsonl" "$rps" "$client" <<'PY'
import json, sys
rows = [json.loads(line) for line in open(sys.argv[1])]
print(f"AuthorizeCall vs Ping at {int(sys.argv[2]):,} calls/s offered, 100,000 prefixes loaded ({sys.argv[3]} client)")
for row in rows:
    print(f"  {row['round']}  {row['name']:17} {row['requests_per_second'] or 0:7,.0f} req/s  p50 {row['p50_ms']:.3f} ms  "
          f"p99 {row['p99_ms']:.3f} ms  max {row['max_ms']:.3f} ms  failed {row['failed']} errored {row.get('errored', 0)}")
def median(values):
    values = sorted(values)
    return values[len(values) // 2]
def p99(round_, name):
    return next((r['p99_ms'] for r in rows if r['round'] == round_ and r['name'] == name), None)
rounds = sorted({r['round'] for r in rows})
def compare(title, a, b):
    differences = [p99(n, a) - p99(n, b) for n in rounds if p99(n, a) is not None and p99(n, b) is not None]
    if not differences:
        return
    print(f"  {title}: p99 difference by round " + ", ".join(f"{d:+.3f}" for d in differences)
          + f" ms; median {median(differences):+.3f} ms; {sum(1 for d in differences if d <= 1.0)} of "
          f"{len(differences)} rounds within 1 ms (goal ≤ 1 ms)")
# Separate runs, back to back: each load meets the machine's moments of its own 10 s.
compare("AuthorizeCall − Ping, separate runs", "authorize", "ping")
compare("AuthorizeCall − Ping carrying the token, separate runs", "authorize", "ping+token")
# One run, calls interleaved: both kinds meet the same moments.
compare("AuthorizeCall − Ping carrying the token, one mixed run", "mixed:authorize", "mixed:ping+token")
PY
