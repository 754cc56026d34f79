#!/usr/bin/env python3
"""PostCharges throughput (docs/BENCHMARKS.md, PostCharges): CLIENTS processes, each posting
BATCHES batches of 1,000 charges to its own 1,000 accounts, against the same rows written by
plain multi-row INSERTs from as many psql sessions.

  post_charges.py billing HOST:PORT TOKEN CLIENTS BATCHES   → JSON line: charges, seconds
  post_charges.py sql ACCOUNTS_FILE OUT_DIR CLIENTS BATCHES → one SQL file per client

Request bodies are encoded before the clock starts, so the client's Python is not what is
measured; every client waits at a barrier and the time runs from the first start to the last
finish.
"""
import json
import multiprocessing
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "clients", "python"))

BATCH = 1000


def charge(client, batch, i):
    """The i-th charge of a batch: its usage id, account (client's own), amount and service."""
    account = f"PC{client:02d}{(i * 7 + batch) % 1000:04d}"
    amount = f"{1 + (i * 7919 + batch) % 900}.{(i * 13) % 100:02d}"
    service = ("telephony", "sms", "internet")[i % 3]
    return f"c{client}-b{batch}-{i}", account, amount, service


def bodies(target, token, client, batches):
    from abonent_wire.codec import encode
    from abonent_wire.grpc_client import AbonentClient
    with AbonentClient(target, metadata=[("authorization", f"Bearer {token}")]) as api:
        schemas = api.schemas()
    out = []
    for b in range(batches):
        charges = []
        for i in range(BATCH):
            usage, account, amount, service = charge(client, b, i)
            charges.append({"usageID": usage, "accountNumber": account, "amount": amount,
                            "serviceCode": service, "comment": "bench"})
        out.append(encode({"charges": charges}, "PostChargesRequest", schemas))
    return out


def poster(target, token, client, batches, barrier, results):
    from abonent_wire.grpc_client import AbonentClient
    requests = bodies(target, token, client, batches)
    with AbonentClient(target, metadata=[("authorization", f"Bearer {token}")], timeout=600) as api:
        api.unary("/abonent.platform.Platform/Ping", b"")  # the connection is up before the clock
        barrier.wait()
        start = time.monotonic()
        for body in requests:
            api.unary("/abonent.billing.Billing/PostCharges", body)
        results.put((start, time.monotonic()))


def billing(target, token, clients, batches):
    barrier = multiprocessing.Barrier(clients)
    results = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=poster, args=(target, token, c, batches, barrier, results))
             for c in range(clients)]
    for p in procs:
        p.start()
    spans = [results.get() for _ in procs]
    for p in procs:
        p.join()
        if p.exitcode != 0:
            sys.exit(f"client exited {p.exitcode}")
    seconds = max(e for _, e in spans) - min(s for s, _ in spans)
    print(json.dumps({"charges": clients * batches * BATCH, "seconds": round(seconds, 3)}))


def sql(accounts_file, out_dir, clients, batches):
    ids = dict(line.strip().split("|") for line in open(accounts_file) if "|" in line)
    for c in range(clients):
        with open(os.path.join(out_dir, f"client-{c}.sql"), "w") as out:
            for b in range(batches):
                rows = []
                for i in range(BATCH):
                    usage, account, amount, service = charge(c, b, i)
                    units, cents = amount.split(".")
                    minor = -(int(units) * 100 + int(cents))
                    rows.append(
                        f"('{ids[account]}', 'charge', {minor}, 0, 'RUB', CURRENT_DATE, '{service}', '', "
                        f"'staff', '', '', 'bench', 'staff', 'usage:staff:{usage}', '', 'bench', now())")
                out.write(
                    "INSERT INTO ledger_entries (account_id, kind, amount_minor, balance_after_minor, currency, "
                    "value_date, service_code, subscription_id, source, payer, bank_reference, purpose, "
                    "idempotency_scope, idempotency_key, fingerprint, actor, posted_at) VALUES\n"
                    + ",\n".join(rows) + ";\n")


if __name__ == "__main__":
    if sys.argv[1] == "billing":
        billing(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    else:
        sql(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
