#!/usr/bin/env python3
"""Where one codec-bench operation spends its instructions, by function.

Profiles `codec-bench --repeat MESSAGE CODEC OP N` and `... 2N` with callgrind and prints,
per function, (cost(2N) - cost(N)) / N: the cost of one operation without start-up.

usage: callgrind_hotspots.py PATH/TO/codec-bench MESSAGE CODEC OP N [TOP]
"""
import os
import re
import subprocess
import sys
import tempfile


def load(path):
    """Exclusive instruction cost per function, and the program total."""
    out = subprocess.run(["callgrind_annotate", "--inclusive=no", "--threshold=100", "--auto=no", path],
                         capture_output=True, text=True).stdout
    costs, total = {}, None
    for line in out.splitlines():
        match = re.match(r"\s*([\d,]+) \([\s\d.]+%\)\s+(.*)", line)
        if not match:
            continue
        value = int(match.group(1).replace(",", ""))
        name = match.group(2)
        if name.startswith("PROGRAM TOTALS"):
            total = value
            continue
        # "file:function [object]" -> "function"
        name = name[4:] if name.startswith("???:") else re.sub(r"^\S*:(?=\S)", "", name, count=1)
        name = re.sub(r" \[/.*\]$", "", name)
        costs[name] = costs.get(name, 0) + value
    return total, costs


def profile(binary, message, codec, op, n, directory):
    path = os.path.join(directory, f"{n}.out")
    env = dict(os.environ, SWIFT_DETERMINISTIC_HASHING="1")
    subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={path}", binary,
                    "--repeat", message, codec, op, str(n)], check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return path


def demangle(name):
    if not name.startswith("$s"):
        return name
    out = subprocess.run(["swift", "demangle", "--simplified", "--compact", name], capture_output=True, text=True)
    return out.stdout.strip() or name


def main():
    binary, message, codec, op, n = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])
    top = int(sys.argv[6]) if len(sys.argv) > 6 else 25
    with tempfile.TemporaryDirectory() as directory:
        t1, a = load(profile(binary, message, codec, op, n, directory))
        t2, b = load(profile(binary, message, codec, op, 2 * n, directory))
    per = (t2 - t1) / n
    print(f"{message} / {codec} / {op}: {per:,.0f} instructions per operation")
    rows = sorted(((b.get(k, 0) - a.get(k, 0)) / n, k) for k in set(a) | set(b))
    rows.reverse()
    for cost, name in rows[:top]:
        if cost < per * 0.005:
            break
        print(f"{cost:10,.0f} {100 * cost / per:5.1f}%  {demangle(name)[:160]}")


if __name__ == "__main__":
    main()
