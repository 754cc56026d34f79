#!/usr/bin/env bash
# Load benchmark of a unary call (docs/BENCHMARKS.md): h2load against
#   (1) ours: abonent-telecom's abonent.platform.Platform/Ping (our codec, interceptors)
#   (2) stock grpc-swift-2 + grpc-swift-nio-transport with swift-protobuf (same Ping shape)
#   (2b) the same stock server with a raw-bytes codec (no codec work at all)
#   (2c) the same stock server with our codec, without our interceptors
#   (2d) as (2c), with the handler in a task of its own, as Shared/RPC's register runs it
#   (3) a bare swift-nio-http2 server that answers with a fixed gRPC reply (no gRPC layer)
#   (4) nghttpd serving a small static file (GET): the C floor of HTTP/2 on this machine
# Every server is pinned to core 0 and h2load to core 1; everything is on 127.0.0.1 and
# every run is bounded by a request count. First a run at full speed per server, then a
# run at a fixed offered rate of about half of ours' maximum, for latency under load.
#
#   scripts/bench-rpc.sh                     200,000 requests per full-speed run
#   BENCH_RPC_REQUESTS=50000 scripts/bench-rpc.sh
#   BENCH_RPC_PORT_BASE=47400 (default)      ports BASE+1 … BASE+7
set -euo pipefail
cd "$(dirname "$0")/.."

requests="${BENCH_RPC_REQUESTS:-200000}"
base="${BENCH_RPC_PORT_BASE:-47400}"
clients=8
streams=16
tools=Benchmarks/Tools/rpc_bench.py
work="$(mktemp -d /tmp/bench-rpc.XXXXXX)"
chmod 755 "$work"  # the PostgreSQL cluster inside runs as the postgres user
server_pid=""
pg_dir=""
source scripts/lib.sh

stop_server() {
  if [[ -n "$server_pid" ]]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
cleanup() {
  stop_server
  [[ -n "$pg_dir" ]] && stop_private_postgres "$pg_dir"
  rm -rf "$work"
}
trap cleanup EXIT

if ! command -v h2load >/dev/null || ! command -v nghttpd >/dev/null; then
  echo "installing nghttp2-client and nghttp2-server" >&2
  apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nghttp2-client nghttp2-server >&2
fi
python3 -c 'import grpc' 2>/dev/null || python3 -m pip install -q -r clients/python/requirements.txt >&2

echo "building (release)…" >&2
swift build -c release --package-path Benchmarks --product peer-grpc-protobuf >&2
swift build -c release --package-path Benchmarks --product peer-bare-h2 >&2
# Ours is a root-package executable; its own scratch folder keeps it off the root .build lock.
swift build -c release --product abonent-telecom >&2
telecom_bin="$(swift build -c release --show-bin-path)/abonent-telecom"

python3 "$tools" body "$work/body.bin" hello
mkdir -p "$work/htdocs"
head -c 14 "$work/body.bin" > "$work/htdocs/ping.bin"  # a small static file for nghttpd

# start NAME PORT COMMAND...: starts a server pinned to core 0 and waits until it listens.
start() {
  local name="$1" port="$2"
  shift 2
  taskset -c 0 "$@" > "$work/server-$port.log" 2>&1 &
  server_pid=$!
  python3 "$tools" wait "$port"
  echo "started $name on 127.0.0.1:$port (pid $server_pid)" >&2
}

# load NAME PHASE PORT [h2load options…]: one bounded h2load run, summarized as a JSON line.
load() {
  local name="$1" phase="$2" port="$3"
  shift 3
  local log="$work/h2load-$port-$phase.log" out="$work/h2load-$port-$phase.txt"
  taskset -c 1 h2load -c "$clients" -m "$streams" --log-file="$log" "$@" > "$out" 2>&1 || {
    cat "$out" >&2
    return 1
  }
  python3 "$tools" summarize "$name" "$out" "$log" \
    | python3 -c 'import json,sys; row=json.loads(sys.stdin.read()); row.update(phase=sys.argv[1], target_rps=float(sys.argv[2])); print(json.dumps(row))' \
      "$phase" "${target_rps:-0}" >> "$work/results.jsonl"
  grep -E "^finished|^requests:|time for request:" "$out" | sed "s/^/  [$name $phase] /" >&2
}

grpc_load() {  # grpc_load NAME PHASE PORT [options]
  local name="$1" phase="$2" port="$3"
  shift 3
  load "$name" "$phase" "$port" "$@" --header 'content-type: application/grpc' --header 'te: trailers' \
    -d "$work/body.bin" "http://127.0.0.1:$port/abonent.platform.Platform/Ping"
}

# bench NAME PORT KIND COMMAND…: start, check with a real client, full-speed run, rate run, stop.
bench() {
  local name="$1" port="$2" kind="$3"
  shift 3
  start "$name" "$port" "$@"
  echo "correctness, $name:" >&2
  if [[ "$kind" == grpc ]]; then
    python3 "$tools" check "$port" "hello" >&2
    curl -sS --http2-prior-knowledge -o /dev/null -D "$work/headers-$port.txt" \
      -H 'content-type: application/grpc' -H 'te: trailers' --data-binary @"$work/body.bin" \
      "http://127.0.0.1:$port/abonent.platform.Platform/Ping"
    echo "  curl: $(tr -d '\r' < "$work/headers-$port.txt" | grep -iE '^(HTTP/2|content-type|grpc-status)' | tr '\n' ' ')" >&2
    grpc_load "$name" max "$port" -n "$requests"
  else
    echo "  curl: $(curl -sS --http2-prior-knowledge -o /dev/null -w 'HTTP %{http_code}, %{size_download} bytes' "http://127.0.0.1:$port/ping.bin")" >&2
    load "$name" max "$port" -n "$requests" "http://127.0.0.1:$port/ping.bin"
  fi
  if [[ -z "${target_rps:-}" ]]; then
    # The first server is ours: its maximum sets the offered rate of the second runs.
    local max
    max="$(tail -1 "$work/results.jsonl" | python3 -c 'import json,sys; print(json.loads(sys.stdin.read())["requests_per_second"])')"
    target_rps="$(python3 -c "print(round(float('$max') / 2))")"
    echo "offered rate for the latency runs: $target_rps req/s (half of ours' $max)" >&2
  fi
  local per_client=$(( target_rps / clients ))
  local rate_requests=$(( target_rps * 10 ))  # about 10 seconds
  (( rate_requests > requests )) && rate_requests=$requests
  if [[ "$kind" == grpc ]]; then
    grpc_load "$name" rate "$port" -n "$rate_requests" --rps "$per_client"
  else
    load "$name" rate "$port" -n "$rate_requests" --rps "$per_client" "http://127.0.0.1:$port/ping.bin"
  fi
  stop_server
}

# Ours brings its (empty) schema up to date before it serves, so it needs a PostgreSQL: a
# throwaway private cluster, as scripts/run-suite.sh starts one. Ping never touches it.
pg_dir="$work/pg"
pg_port="$(free_port)"
start_private_postgres "$pg_dir" "$pg_port" fast
create_database "$pg_port" abonent_telecom

target_rps=""
bench "(1) ours: abonent-telecom" $((base + 1)) grpc \
  env ABONENT_GRPC_PLAINTEXT=true ABONENT_GRPC_PORT=$((base + 1)) ABONENT_ADMIN_PORT=0 \
  ABONENT_DB_HOST=127.0.0.1 ABONENT_DB_PORT="$pg_port" ABONENT_DB_TLS=disable \
  "$telecom_bin"
stop_private_postgres "$pg_dir"
pg_dir=""
bench "(2) grpc-swift-2 + swift-protobuf" $((base + 2)) grpc \
  Benchmarks/.build/release/peer-grpc-protobuf $((base + 2)) protobuf
bench "(2b) grpc-swift-2 + raw bytes" $((base + 3)) grpc \
  Benchmarks/.build/release/peer-grpc-protobuf $((base + 3)) raw
bench "(2c) grpc-swift-2 + abonent codec" $((base + 6)) grpc \
  Benchmarks/.build/release/peer-grpc-protobuf $((base + 6)) abonent
bench "(2d) grpc-swift-2 + abonent codec + handler task" $((base + 7)) grpc \
  Benchmarks/.build/release/peer-grpc-protobuf $((base + 7)) abonent-task
bench "(3) bare swift-nio-http2" $((base + 4)) grpc \
  Benchmarks/.build/release/peer-bare-h2 $((base + 4))
bench "(4) nghttpd static file (GET)" $((base + 5)) static \
  nghttpd --no-tls -d "$work/htdocs" $((base + 5))

echo "## RPC load benchmark"
echo
echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "- date: $(date -u +%Y-%m-%dT%H:%MZ); $(h2load --version | head -1); load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- $requests requests per full-speed run, $clients connections × $streams streams; body $(xxd -p "$work/body.bin")"
python3 "$tools" table "$work/results.jsonl"
cp "$work/results.jsonl" "${BENCH_RPC_RESULTS:-/tmp/bench-rpc-results.jsonl}"
