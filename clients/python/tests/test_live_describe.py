"""Live checks against a running Abonent server (docs/wire-format.md §9).

Set ``ABONENT_DESCRIBE_ADDR`` (e.g. ``127.0.0.1:7403``) to run them; without it they are
skipped. Set ``ABONENT_DESCRIBE_CA`` to a PEM file of root certificates to use TLS.
"""

from __future__ import annotations

import os

import pytest

from abonent_wire import BOOTSTRAP_SCHEMAS, decode, schemas_from_describe
from abonent_wire.schema import referenced_types

PLATFORM = "abonent.platform.Platform"
GREETING = "Привет"


@pytest.fixture(scope="module")
def client():
    addr = os.environ.get("ABONENT_DESCRIBE_ADDR", "").strip()
    if not addr:
        pytest.skip("ABONENT_DESCRIBE_ADDR is not set; set it to host:port of a running Abonent server "
                    "(e.g. ABONENT_DESCRIBE_ADDR=127.0.0.1:7403) to run the live Describe/Ping tests")
    from abonent_wire.grpc_client import AbonentClient

    root = None
    ca = os.environ.get("ABONENT_DESCRIBE_CA", "").strip()
    if ca:
        with open(ca, "rb") as fh:
            root = fh.read()
    with AbonentClient(addr, root_certificates=root, timeout=15.0) as c:
        yield c


@pytest.fixture(scope="module")
def reply(client):
    return client.describe()


def _platform(reply):
    services = {s.get("name"): s for s in reply.get("services", [])}
    assert PLATFORM in services, f"Describe lists no {PLATFORM}; services: {sorted(services)}"
    return services[PLATFORM]


def test_describe_lists_platform_describe_and_ping(reply):
    methods = {m.get("name"): m for m in _platform(reply).get("methods", [])}
    assert "Describe" in methods and "Ping" in methods, f"Platform methods: {sorted(methods)}"
    # §9: both are public, and neither streams
    for name in ("Describe", "Ping"):
        assert methods[name].get("permission", "") == "", f"{name} should be public"
        assert not methods[name].get("serverStreaming", False), f"{name} should be unary"


def test_every_message_referenced_by_a_method_has_a_schema(reply):
    message_schemas = {m.get("name") for m in reply.get("messages", [])}
    enum_schemas = {e.get("name") for e in reply.get("enums", [])}
    checked = 0
    for service in reply.get("services", []):
        for method in service.get("methods", []):
            for role in ("request", "reply"):
                name = method.get(role, "")
                assert name, f"{service.get('name')}/{method.get('name')} has no {role} message name"
                assert name in message_schemas, (
                    f"{service.get('name')}/{method.get('name')}: no schema for its {role} message {name!r}"
                )
                checked += 1
    assert checked >= 4  # at least Describe and Ping, request and reply each
    # ... and, transitively, every message and enum their fields use (§9: "the schema of
    # every message and enum they use").
    messages, enums = referenced_types(reply)
    assert messages <= message_schemas, f"messages without a schema: {sorted(messages - message_schemas)}"
    assert enums <= enum_schemas, f"enums without a schema: {sorted(enums - enum_schemas)}"
    # And the published schemas compile (valid numbers, types, map keys).
    schemas_from_describe(reply)


def test_describe_reply_matches_its_own_published_schema(client, reply):
    # Decoding the raw reply with the schemas it publishes gives the same JSON as decoding
    # it with the bootstrap schemas of §9.
    methods = {m.get("name"): m for m in _platform(reply).get("methods", [])}
    reply_name = methods["Describe"]["reply"]
    raw = client.unary(f"/{PLATFORM}/Describe", b"")
    assert decode(raw, "DescribeReply", BOOTSTRAP_SCHEMAS) == reply
    assert decode(raw, reply_name, schemas_from_describe(reply)) == reply


def test_ping_echoes_text(client, reply):
    methods = {m.get("name"): m for m in _platform(reply).get("methods", [])}
    schemas = {m.get("name"): m for m in reply.get("messages", [])}
    request_fields = {f.get("number"): f for f in schemas[methods["Ping"]["request"]].get("fields", [])}
    reply_fields = {f.get("number"): f for f in schemas[methods["Ping"]["reply"]].get("fields", [])}
    # §9: PingRequest { 1: text string }, PingReply { 1: text, 2: server time (timestamp) }
    assert request_fields[1]["name"] == "text" and request_fields[1]["type"]["type"] == "string"
    assert reply_fields[1]["name"] == "text" and reply_fields[1]["type"]["type"] == "string"
    assert reply_fields[2]["type"]["type"] == "timestamp"

    answer = client.call("Ping", {"text": GREETING})
    assert answer.get("text") == GREETING
    answer = client.call(f"{PLATFORM}/Ping", {"text": GREETING})
    assert answer.get("text") == GREETING


def test_client_streaming_ingest_calls(reply):
    """A client-streaming call (docs/wire-format.md): IngestCalls takes the stream's batches
    as a list; sent again, it stores nothing. Needs ABONENT_DESCRIBE_TOKEN (telecom.calls.ingest)
    and a Telecom at ABONENT_DESCRIBE_ADDR."""
    token = os.environ.get("ABONENT_DESCRIBE_TOKEN", "").strip()
    services = {s.get("name") for s in reply.get("services", [])}
    if not token or "abonent.telecom.Telecom" not in services:
        pytest.skip("needs ABONENT_DESCRIBE_TOKEN and a Telecom server (scripts/e2e-abonentctl.sh sets both)")
    import datetime

    from abonent_wire.grpc_client import AbonentClient

    started = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(hours=2)).strftime(
        "%Y-%m-%dT%H:%M:%SZ")
    batches = [
        {"records": [
            {"callID": f"py-{batch}-{index}", "accountNumber": "PY-1", "caller": "74951234567",
             "dialedNumber": "4930123456", "service": 1, "placeOfService": "MSK", "startedAt": started}
            for index in range(3)
        ]}
        for batch in range(2)
    ]
    addr = os.environ["ABONENT_DESCRIBE_ADDR"].strip()
    with AbonentClient(addr, timeout=15.0, metadata=[("authorization", f"Bearer {token}")]) as c:
        first = c.call("IngestCalls", batches)
        assert int(first.get("received", 0)) == 6 and int(first.get("stored", 0)) == 6, first
        assert int(first.get("batches", 0)) == 2, first
        again = c.call("IngestCalls", batches)
        assert int(again.get("stored", 0)) == 0 and int(again.get("received", 0)) == 6, again
