#!/usr/bin/env bash
# Fuzzes the wire decoder with libFuzzer and AddressSanitizer for the given number of seconds
# (default 60), starting from the test vectors. A crash is saved under Fuzz/findings/ and
# should be copied to Tests/WireCodecTests/FuzzRegressions/ once fixed, where the test suite
# replays it. Prints libFuzzer's execution count.
# Usage: bash scripts/fuzz.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
# The sanitizer flags are per target in Fuzz/Package.swift (not --sanitize/-Xswiftc, which would
# also instrument the @WireMessage macro's host tool), and the macro comes prebuilt from the
# root package's debug build. Release, because an optimized decoder gets through more inputs
# per second (and a debug link once hit an internal error in gold).
build_log=$(mktemp)
ABONENT_MACRO_TOOL="$(swift build --show-bin-path)/WireCodecMacros-tool"
export ABONENT_MACRO_TOOL
# Builds the macro only when it is missing or older than its sources, so that a fuzz run does
# not wait for the lock of an unrelated build of the root package. (Fuzz/ does not see the
# tool change: after changing the macro, remove Fuzz/.build.)
build_macro() {
  if [ ! -x "$ABONENT_MACRO_TOOL" ] || [ -n "$(find Shared/WireCodecMacros -newer "$ABONENT_MACRO_TOOL")" ]; then
    swift build --target WireCodecMacros
  fi
}
if ! { build_macro && swift build -c release --package-path Fuzz; } >"$build_log" 2>&1; then
  grep -E "error|warning:" "$build_log" || tail -n 40 "$build_log"
  rm -f "$build_log"
  exit 1
fi
grep -E "warning:" "$build_log" || true
rm -f "$build_log"
fuzzer=$(swift build -c release --package-path Fuzz --show-bin-path)/WireDecoderFuzzer

corpus=Fuzz/.corpus
mkdir -p "$corpus" Fuzz/findings
python3 - "$corpus" <<'PY'
import json, sys, pathlib
doc = json.load(open("docs/wire-vectors.json"))
out = pathlib.Path(sys.argv[1])
for i, v in enumerate(doc["vectors"] + doc["errors"]):
    (out / f"vector-{i:03d}").write_bytes(bytes.fromhex(v["hex"]))
for f in pathlib.Path("Tests/WireCodecTests/FuzzRegressions").glob("*"):
    if f.is_file() and not f.name.startswith("."):
        (out / f"regression-{f.name}").write_bytes(f.read_bytes())
PY

log=$(mktemp)
set +e
"$fuzzer" "$corpus" -max_total_time="$seconds" -max_len=4096 -artifact_prefix=Fuzz/findings/ -print_final_stats=1 >"$log" 2>&1
status=$?
set -e
grep -E "^stat::number_of_executed_units|^stat::average_exec_per_sec|^stat::peak_rss_mb" "$log" || true
if [ $status -ne 0 ]; then
  tail -n 40 "$log"
  echo "fuzzing found a problem: see Fuzz/findings/"
  rm -f "$log"
  exit 1
fi
rm -f "$log"
echo "fuzzing: no findings in ${seconds}s"
