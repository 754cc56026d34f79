#!/usr/bin/env python3
"""Instructions per operation for every codec-bench workload, counted by callgrind.

Wall-clock time moves with whatever else the machine runs; instruction counts do not
(same binary, same input, SWIFT_DETERMINISTIC_HASHING=1). Each cell runs
`codec-bench --repeat MESSAGE CODEC OP N` and `... 2N` under callgrind and reports
(total(2N) - total(N)) / N, which cancels start-up and data set-up.

usage: callgrind_table.py PATH/TO/codec-bench
"""
import concurrent.futures, os, re, subprocess, sys

MESSAGES = [("CDR", "CDR (15 fields)"), ("invoice", "invoice (50 lines)"), ("batch", "batch of 1,000 CDRs")]
CODECS = [("abonent", "abonent"), ("swift-protobuf", "swift-protobuf"), ("JSON", "JSON (Foundation)")]
# Repetitions per cell: enough to dwarf noise, small enough for valgrind's ~50x slowdown.
REPEATS = {("CDR", False): 1000, ("invoice", False): 100, ("batch", False): 2,
           ("CDR", True): 100, ("invoice", True): 5, ("batch", True): 1}


def instructions(binary, message, codec, op, n):
    env = dict(os.environ, SWIFT_DETERMINISTIC_HASHING="1")
    out = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", binary,
         "--repeat", message, codec, op, str(n)],
        capture_output=True, text=True, env=env)
    match = re.search(r"Collected : (\d+)", out.stderr)
    if out.returncode != 0 or not match:
        sys.exit(f"callgrind failed for {message} {codec} {op} {n}:\n{out.stderr[-2000:]}")
    return int(match.group(1))


def per_operation(binary, message, codec, op):
    n = REPEATS[(message, codec == "JSON")]
    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        one, two = pool.map(lambda k: instructions(binary, message, codec, op, k), [n, 2 * n])
    return (two - one) / n


def group(value):
    return f"{int(round(value)):,}".replace(",", " ")


def main():
    binary = sys.argv[1]
    cells = {}
    for message, _ in MESSAGES:
        for codec, _ in CODECS:
            for op in ("encode", "decode"):
                cells[(message, codec, op)] = per_operation(binary, message, codec, op)
                print(f"counted {message} {codec} {op}", file=sys.stderr)
    print("| message | codec | instructions/encode | instructions/decode | encode+decode |")
    print("|---|---|---:|---:|---:|")
    for message, title in MESSAGES:
        for codec, name in CODECS:
            e, d = cells[(message, codec, "encode")], cells[(message, codec, "decode")]
            print(f"| {title} | {name} | {group(e)} | {group(d)} | {group(e + d)} |")
    print()
    print("| message | abonent vs swift-protobuf (encode+decode) | abonent vs JSON | encode vs protobuf | decode vs protobuf |")
    print("|---|---:|---:|---:|---:|")
    for message, title in MESSAGES:
        ours = {op: cells[(message, "abonent", op)] for op in ("encode", "decode")}
        pb = {op: cells[(message, "swift-protobuf", op)] for op in ("encode", "decode")}
        js = {op: cells[(message, "JSON", op)] for op in ("encode", "decode")}
        total = ours["encode"] + ours["decode"]
        print(f"| {title} | {(pb['encode'] + pb['decode']) / total:.2f}× | {(js['encode'] + js['decode']) / total:.2f}× "
              f"| {pb['encode'] / ours['encode']:.2f}× | {pb['decode'] / ours['decode']:.2f}× |")


if __name__ == "__main__":
    main()
