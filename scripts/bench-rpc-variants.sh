#!/usr/bin/env bash
# Compares builds of our server (and optionally the stock peers) on the Ping load of
# scripts/bench-rpc.sh, interleaved round by round, so that the machine's changing load hits
# every variant alike. Used to measure what each change to the RPC path buys
# (docs/BENCHMARKS.md, "What each change bought").
#
#   scripts/bench-rpc-variants.sh ROUNDS NAME=COMMAND [NAME=COMMAND …]
#
# COMMAND is an `abonent-telecom` binary, or `peer:MODE` for the stock peer in MODE (protobuf,
# raw, abonent, abonent-task): $BENCH_RPC_PEER, by default
# Benchmarks/.build/release/peer-grpc-protobuf (scripts/bench-rpc.sh builds it).
# Each run: server on core 0, `h2load -n $BENCH_RPC_REQUESTS (100,000) -c 8 -m 16` on core 1.
# The first round checks one call per variant with grpcio (Benchmarks/Tools/rpc_bench.py check).
# Prints one line per run and a markdown table of req/s with the median per variant.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib.sh

rounds="$1"
shift
requests="${BENCH_RPC_REQUESTS:-100000}"
port="${BENCH_RPC_PORT_BASE:-47400}"
port=$((port + 9))
tools=Benchmarks/Tools/rpc_bench.py
peer="${BENCH_RPC_PEER:-Benchmarks/.build/release/peer-grpc-protobuf}"
work="$(mktemp -d /tmp/bench-rpc-variants.XXXXXX)"
chmod 755 "$work"  # the PostgreSQL cluster inside runs as the postgres user
server_pid=""
pg_dir="$work/pg"
pg_port="$(free_port)"

stop_server() {
  if [[ -n "$server_pid" ]]; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
cleanup() {
  stop_server
  stop_private_postgres "$pg_dir"
  rm -rf "$work"
}
trap cleanup EXIT

# Ours needs a PostgreSQL at start (Ping never touches it), as in bench-rpc.sh.
start_private_postgres "$pg_dir" "$pg_port" fast >&2
create_database "$pg_port" abonent_telecom >&2
python3 "$tools" body "$work/body.bin" hello

run() {  # run NAME COMMAND: one full-speed run; appends "NAME RPS LOAD1" to results
  local name="$1" command="$2"
  if [[ "$command" == peer:* ]]; then
    taskset -c 0 "$peer" "$port" "${command#peer:}" >"$work/server.log" 2>&1 &
  else
    taskset -c 0 env ABONENT_GRPC_PLAINTEXT=true ABONENT_GRPC_PORT="$port" ABONENT_ADMIN_PORT=0 \
      ABONENT_DB_HOST=127.0.0.1 ABONENT_DB_PORT="$pg_port" ABONENT_DB_TLS=disable \
      "$command" >"$work/server.log" 2>&1 &
  fi
  server_pid=$!
  python3 "$tools" wait "$port"
  # h2load counts HTTP 200 even when grpc-status is not 0: check one real call first.
  if [[ "$round" == 1 ]]; then
    python3 "$tools" check "$port" hello | sed "s/^/  [$name] /" >&2
  fi
  taskset -c 1 h2load -n "$requests" -c 8 -m 16 --header 'content-type: application/grpc' \
    --header 'te: trailers' -d "$work/body.bin" "http://127.0.0.1:$port/abonent.platform.Platform/Ping" \
    >"$work/h2load.txt" 2>&1
  stop_server
  local rps failed load
  rps=$(sed -nE 's/^finished in .*, ([0-9.]+) req\/s.*/\1/p' "$work/h2load.txt")
  failed=$(sed -nE 's/^requests: .* ([0-9]+) failed, ([0-9]+) errored.*/\1+\2/p' "$work/h2load.txt")
  load=$(cut -d' ' -f1 /proc/loadavg)
  echo "$name $rps $load" >> "$work/results.txt"
  echo "  $(date -u +%H:%M:%SZ) $name: $rps req/s (failed+errored $failed, load $load)" >&2
}

echo "$(date -u +%Y-%m-%dT%H:%MZ), $rounds rounds, $requests requests per run, load average $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for round in $(seq 1 "$rounds"); do
  for variant in "$@"; do
    run "${variant%%=*}" "${variant#*=}"
  done
done

python3 - "$work/results.txt" "$@" <<'PY'
import statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
names = [v.split("=", 1)[0] for v in sys.argv[2:]]
rounds = max(sum(1 for r in rows if r[0] == n) for n in names)
print("| variant | " + " | ".join(f"round {i + 1}" for i in range(rounds)) + " | median | load 1-min |")
print("|---|" + "---:|" * (rounds + 2))
for n in names:
    rps = [float(r[1]) for r in rows if r[0] == n]
    loads = [r[2] for r in rows if r[0] == n]
    cells = [f"{x:,.0f}" for x in rps]
    print(f"| {n} | " + " | ".join(cells) + f" | {statistics.median(rps):,.0f} | {min(loads)}–{max(loads)} |")
PY
