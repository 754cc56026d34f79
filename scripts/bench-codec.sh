#!/usr/bin/env bash
# The codec benchmark of docs/BENCHMARKS.md in one command: builds Benchmarks/ (release,
# its own build folder) and prints the markdown tables: time, size and allocations per
# message and codec, then the ratios against the targets.
#
#   scripts/bench-codec.sh                 wall-clock table (codec-bench, 1 s per cell)
#   scripts/bench-codec.sh --seconds 3     longer samples
#   scripts/bench-codec.sh --enforce       exit 1 if a target is missed
#   scripts/bench-codec.sh --instructions  also instructions per operation (callgrind):
#                                          repeatable on a busy machine, takes ~5 minutes
#   scripts/bench-codec.sh --hotspots CDR abonent decode 2000
#                                          where one operation spends its instructions
set -euo pipefail
cd "$(dirname "$0")/.."

swift build -c release --package-path Benchmarks --product codec-bench >&2
swift build -c release --package-path Benchmarks --product codec-bench-mallocs >&2
bench=Benchmarks/.build/release/codec-bench

need_valgrind() {
  command -v valgrind >/dev/null || { apt-get update -qq && apt-get install -y -qq valgrind >&2; }
}

if [[ "${1:-}" == "--hotspots" ]]; then
  need_valgrind
  shift
  exec python3 Benchmarks/Tools/callgrind_hotspots.py "$bench" "$@"
fi

instructions=false
args=()
for arg in "$@"; do
  if [[ "$arg" == "--instructions" ]]; then instructions=true; else args+=("$arg"); fi
done

echo "## Codec benchmark"
echo
echo "- machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "- date: $(date -u +%Y-%m-%dT%H:%MZ), $(swift --version 2>/dev/null | head -1)"
echo "- load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
# Pinned to one core when taskset is there, so the run does not hop between cores.
pin=()
command -v taskset >/dev/null && pin=(taskset -c "$(( $(nproc) - 1 ))")
status=0
"${pin[@]}" "$bench" ${args[@]+"${args[@]}"} || status=$?

if $instructions; then
  need_valgrind
  echo
  echo "### Instructions per operation (callgrind, SWIFT_DETERMINISTIC_HASHING=1)"
  echo
  python3 Benchmarks/Tools/callgrind_table.py "$bench"
fi
exit $status
