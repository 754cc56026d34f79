#!/usr/bin/env python3
"""Debt latency (docs/BENCHMARKS.md, Debt latency): for each account in turn, Billing's
BlockAccount, then the HLR's own database polled until every SIM of the account has lost
network access; then UnblockAccount and the same until the SIMs that had access have it back.

  measure.py BILLING_HOST:PORT TOKEN HLR_DB ACCOUNTS_JSON ROUNDS → JSON line

ACCOUNTS_JSON maps account numbers to the IMSIs of their SIMs (all active). Each latency is
measured from just before the BlockAccount call is sent — so it includes the call itself,
and Billing's commit comes within it — to the moment the HLR's database shows the change:
an upper bound of the time from Billing's commit to the HLR's change.
"""
import json
import os
import sqlite3
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "clients", "python"))


def access(db, imsis):
    """Each IMSI's (nam_cs, nam_ps), read from osmo-hlr's own database (read-only)."""
    rows = db.execute(
        "SELECT imsi, nam_cs, nam_ps FROM subscriber WHERE imsi IN (%s)" % ",".join("?" * len(imsis)), imsis
    ).fetchall()
    return {imsi: (cs, ps) for imsi, cs, ps in rows}


def wait_until(db, imsis, expected, limit=30.0):
    start = time.monotonic()
    while time.monotonic() - start < limit:
        states = access(db, imsis)
        if len(states) == len(imsis) and all(v == (expected, expected) for v in states.values()):
            return time.monotonic()
        time.sleep(0.002)
    raise SystemExit(f"the HLR did not show access {expected} for {imsis} within {limit} s")


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main():
    from abonent_wire.grpc_client import AbonentClient
    target, token, hlr_db, accounts_file, rounds = sys.argv[1:6]
    accounts = json.load(open(accounts_file))
    db = sqlite3.connect(f"file:{hlr_db}?mode=ro", uri=True, isolation_level=None)
    blocks, unblocks = [], []
    with AbonentClient(target, metadata=[("authorization", f"Bearer {token}")]) as billing:
        billing.call("Ping", {"text": "warm"})
        for _ in range(int(rounds)):
            for number, imsis in accounts.items():
                start = time.monotonic()
                billing.call("BlockAccount", {"number": number, "reason": "Долг (benchmark)"})
                blocks.append(wait_until(db, imsis, 0) - start)
                start = time.monotonic()
                billing.call("UnblockAccount", {"number": number, "reason": "Оплачено (benchmark)"})
                unblocks.append(wait_until(db, imsis, 1) - start)

    def summary(values):
        return {"count": len(values), "p50_ms": round(percentile(values, 0.5) * 1000, 1),
                "p95_ms": round(percentile(values, 0.95) * 1000, 1),
                "p99_ms": round(percentile(values, 0.99) * 1000, 1), "max_ms": round(max(values) * 1000, 1)}

    print(json.dumps({"sims_per_account": len(next(iter(accounts.values()))), "accounts": len(accounts),
                      "block": summary(blocks), "unblock": summary(unblocks)}))


if __name__ == "__main__":
    main()
