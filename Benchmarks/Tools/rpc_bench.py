#!/usr/bin/env python3
"""Helpers for scripts/bench-rpc.sh: request body, readiness, a real gRPC call, h2load parsing.

  rpc_bench.py body OUT TEXT          gRPC-framed PingRequest {1: TEXT}
  rpc_bench.py wait PORT              wait (up to 60 s) until 127.0.0.1:PORT accepts
  rpc_bench.py check PORT TEXT        one Ping with grpcio; prints status and reply fields
  rpc_bench.py summarize NAME OUT LOG one JSON line from h2load's output and --log-file
  rpc_bench.py table RESULTS          markdown tables from the JSON lines
"""
import json
import math
import re
import socket
import statistics
import sys
import time

PING = "/abonent.platform.Platform/Ping"


def varint(value):
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def ping_request(text):
    # Field 1, kind bytes (0x0a), length, UTF-8: the same bytes in our format and in protobuf.
    utf8 = text.encode()
    return b"\x0a" + varint(len(utf8)) + utf8


def body(path, text):
    message = ping_request(text)
    with open(path, "wb") as out:
        out.write(b"\x00" + len(message).to_bytes(4, "big") + message)


def wait(port):
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", int(port)), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"nothing listens on 127.0.0.1:{port} after 60 s")


def fields(data):
    """Top-level fields of a message in either format, as {number: value}; enough for PingReply."""
    result, at = {}, 0
    while at < len(data):
        key, at = read_varint(data, at)
        number, kind = key >> 3, key & 7
        if kind == 0:
            result[number], at = read_varint(data, at)
        elif kind == 2:
            length, at = read_varint(data, at)
            result[number] = data[at:at + length].decode(errors="replace")
            at += length
        else:
            return result
    return result


def read_varint(data, at):
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, at
        shift += 7


def check(port, text):
    import grpc  # grpcio: a real gRPC client, independent of the servers under test

    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        call = channel.unary_unary(PING, request_serializer=None, response_deserializer=None)
        try:
            reply, info = call.with_call(ping_request(text), timeout=10)
        except grpc.RpcError as error:
            sys.exit(f"  grpc status {error.code().name} ({error.code().value[0]}): {error.details()}")
        print(f"  grpc status {info.code().name} ({info.code().value[0]}), reply {reply.hex()} = {fields(reply)}")
        if fields(reply).get(1) != text:
            sys.exit("  the reply does not echo the request's text")


def summarize(name, output_path, log_path):
    output = open(output_path).read()
    def find(pattern, cast=float, default=None):
        match = re.search(pattern, output)
        return cast(match.group(1)) if match else default
    latencies = []
    statuses = {}
    with open(log_path) as log:
        for line in log:
            parts = line.split("\t")
            if len(parts) >= 3:
                statuses[parts[1]] = statuses.get(parts[1], 0) + 1
                latencies.append(int(parts[2]) / 1000.0)  # microseconds -> ms
    latencies.sort()
    def percentile(p):
        if not latencies:
            return None
        # Nearest rank: the smallest value with at least p% of the values at or below it.
        return latencies[max(0, math.ceil(p / 100.0 * len(latencies)) - 1)]
    row = {
        "name": name,
        "requests_per_second": find(r"finished in [\d.]+\w+, ([\d.]+) req/s"),
        "seconds": find(r"finished in ([\d.]+)s"),
        "succeeded": find(r"requests: .*? (\d+) succeeded", int),
        "failed": find(r"requests: .*? (\d+) failed", int),
        "errored": find(r"requests: .*? (\d+) errored", int),
        "h2load_mean": find(r"time for request:\s+\S+\s+\S+\s+(\S+)", str),
        "h2load_sd": find(r"time for request:\s+\S+\s+\S+\s+\S+\s+(\S+)", str),
        "h2load_max": find(r"time for request:\s+\S+\s+(\S+)", str),
        "p50_ms": percentile(50),
        "p90_ms": percentile(90),
        "p99_ms": percentile(99),
        "max_ms": latencies[-1] if latencies else None,
        "mean_ms": statistics.fmean(latencies) if latencies else None,
        "logged": len(latencies),
        "http_statuses": statuses,
    }
    print(json.dumps(row))


def table(results_path):
    rows = [json.loads(line) for line in open(results_path) if line.strip()]
    for phase in ("max", "rate"):
        selected = [r for r in rows if r["phase"] == phase]
        if not selected:
            continue
        ours = next((r for r in selected if r["name"].startswith("(1)")), None)
        if phase == "max":
            print("\n#### Maximum rate (h2load -c 8 -m 16, server pinned to core 0, h2load to core 1)\n")
        else:
            rate = selected[0].get("target_rps")
            print(f"\n#### At a fixed offered rate of ~{rate:,.0f} req/s (50% of ours' maximum; h2load --rps)\n")
        print("| server | req/s | vs ours | p50 ms | p90 ms | p99 ms | max ms | mean (h2load) | sd (h2load) | succeeded | failed+errored |")
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
        for r in selected:
            ratio = (r["requests_per_second"] / ours["requests_per_second"]) if ours and ours["requests_per_second"] else None
            def ms(v):
                return "–" if v is None else f"{v:.2f}"
            print(f"| {r['name']} | {r['requests_per_second']:,.0f} | {'–' if ratio is None else f'{ratio:.2f}×'} "
                  f"| {ms(r['p50_ms'])} | {ms(r['p90_ms'])} | {ms(r['p99_ms'])} | {ms(r['max_ms'])} "
                  f"| {r['h2load_mean']} | {r['h2load_sd']} | {r['succeeded']} | {(r['failed'] or 0) + (r['errored'] or 0)} |")


if __name__ == "__main__":
    command, arguments = sys.argv[1], sys.argv[2:]
    {"body": body, "wait": wait, "check": check, "summarize": summarize, "table": table}[command](*arguments)
