"""Malformed traffic and stream floods against a live Abonent service.

Run by scripts/hardening.sh, which starts a service and passes ABONENT_ATTACK_ADDR
(host:port), ABONENT_ATTACK_PID (for RSS), ABONENT_ATTACK_MAX_STREAMS and
ABONENT_ATTACK_MAX_REQUEST_BYTES (the limits it configured)."""

import os
import random
import time

import grpc
import pytest

from raw_h2 import ENHANCE_YOUR_CALM, REFUSED_STREAM, RawConnection, grpc_frame

ADDR = os.environ.get("ABONENT_ATTACK_ADDR")
pytestmark = pytest.mark.skipif(not ADDR, reason="ABONENT_ATTACK_ADDR not set: run scripts/hardening.sh")
PING = "/abonent.platform.Platform/Ping"
INVALID_ARGUMENT, RESOURCE_EXHAUSTED, INTERNAL = 3, 8, 13


def host_port():
    host, port = ADDR.rsplit(":", 1)
    return host, int(port)


def rss_kib() -> int:
    with open(f"/proc/{os.environ['ABONENT_ATTACK_PID']}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def valid_ping(text="still alive") -> str:
    """A well-behaved grpcio call: the service must keep answering during the attack."""
    with grpc.insecure_channel(ADDR) as channel:
        call = channel.unary_unary(PING, request_serializer=None, response_deserializer=None)
        body = text.encode()
        reply = call(b"\x0a" + bytes([len(body)]) + body, timeout=5)
        assert reply[2:2 + len(body)] == body
        return text


def send_body(body: bytes, end_stream=True, extra=()) -> dict:
    connection = RawConnection(*host_port())
    try:
        stream = connection.headers(PING, extra=extra)
        connection.data(stream, body, end_stream=end_stream)
        return connection.outcome(stream)
    finally:
        connection.close()


def refused(outcome: dict, statuses=(INVALID_ARGUMENT, RESOURCE_EXHAUSTED, INTERNAL)) -> bool:
    """The call was refused: an error status, a stream reset or a connection error — never OK, never a hang."""
    if outcome.get("timeout"):
        return False
    if "grpc_status" in outcome:
        return outcome["grpc_status"] in statuses
    return "reset" in outcome or "goaway" in outcome or outcome.get("closed", False)


def deep_nesting(levels: int) -> bytes:
    body = b""
    for _ in range(levels):
        length = len(body)
        varint = bytearray()
        while True:
            byte = length & 0x7F
            length >>= 7
            varint.append(byte | (0x80 if length else 0))
            if not length:
                break
        body = b"\x0a" + bytes(varint) + body
    return body


ATTACKS = {
    "garbage body": lambda rng: grpc_frame(bytes(rng.randrange(256) for _ in range(64))),
    "declared length longer than the body": lambda rng: grpc_frame(b"\x0a\x02hi", declared_length=50),
    "declared length 0xFFFFFFFF with a short body": lambda rng: grpc_frame(b"\x0a\x02hi", declared_length=0xFFFFFFFF),
    "compressed flag without an encoding": lambda rng: grpc_frame(b"\x0a\x02hi", compressed=True),
    "10,000-deep nesting": lambda rng: grpc_frame(deep_nesting(10_000)),
    "body over the size limit": lambda rng: grpc_frame(b"\x0a" + b"\xff\xff\x07" + b"x" * 131071),
    "body far over the size limit": lambda rng: grpc_frame(b"\x0a\x80\x80\x40" + b"x" * (1 << 20)),
    "truncated frame prefix": lambda rng: b"\x00\x00\x00",
}


@pytest.mark.parametrize("name", list(ATTACKS))
def test_malformed_body_is_refused(name):
    rng = random.Random(name)
    outcome = send_body(ATTACKS[name](rng))
    assert refused(outcome), f"{name}: {outcome}"
    valid_ping()


def test_garbage_bodies_get_invalid_argument():
    rng = random.Random(7)
    outcome = send_body(grpc_frame(b"\x0f" + bytes(rng.randrange(256) for _ in range(20))))
    assert outcome.get("grpc_status") == INVALID_ARGUMENT, outcome
    assert outcome["headers"].get("abonent-reason") == "MALFORMED_MESSAGE"


def test_body_just_over_the_limit_gets_resource_exhausted():
    limit = int(os.environ.get("ABONENT_ATTACK_MAX_REQUEST_BYTES", "65536"))
    text = b"x" * (limit + 10)
    length = len(text)
    varint = bytearray()
    while True:
        byte, length = length & 0x7F, length >> 7
        varint.append(byte | (0x80 if length else 0))
        if not length:
            break
    outcome = send_body(grpc_frame(b"\x0a" + bytes(varint) + text))
    assert outcome.get("grpc_status") == RESOURCE_EXHAUSTED, outcome
    assert outcome["headers"].get("abonent-reason") == "MESSAGE_TOO_LARGE"


def test_memory_stays_bounded_and_service_keeps_answering():
    rng = random.Random(42)
    for name, make in ATTACKS.items():  # warm-up: first-use allocations are not growth
        send_body(make(rng))
    before = rss_kib()
    for round_number in range(20):
        for name, make in ATTACKS.items():
            assert refused(send_body(make(rng))), name
        valid_ping(f"round {round_number}")
    after = rss_kib()
    print(f"\nRSS before the attack rounds: {before} KiB, after 160 malformed calls: {after} KiB")
    assert after - before < 64 * 1024, f"RSS grew from {before} KiB to {after} KiB"


def test_streams_over_the_limit_are_refused():
    limit = int(os.environ.get("ABONENT_ATTACK_MAX_STREAMS", "16"))
    connection = RawConnection(*host_port())
    try:
        # Let the server's SETTINGS arrive, then open more streams than it allows, none finished.
        deadline = time.monotonic() + 2
        while "max_concurrent_streams" not in str(connection.server_settings) and time.monotonic() < deadline:
            if connection.read_frame(time.monotonic() + 0.2) in (None, "closed"):
                break
        advertised = connection.server_settings.get(0x3)  # SETTINGS_MAX_CONCURRENT_STREAMS
        assert advertised == limit, connection.server_settings
        streams = [connection.headers(PING) for _ in range(limit + 8)]
        outcome = connection.outcome(streams[-1], timeout=5)
        assert outcome.get("reset") in (REFUSED_STREAM, 0x1) or "goaway" in outcome, outcome
    finally:
        connection.close()
    valid_ping()


def goaway_code(connection, deadline):
    """The error code of the first GOAWAY read before `deadline`, or None."""
    while True:
        try:
            frame = connection.read_frame(deadline)
        except OSError:
            return None
        if frame is None or frame == "closed":
            return None
        if type(frame).__name__ == "GoAwayFrame":
            return frame.error_code


def test_rapid_reset_flood_ends_in_goaway():
    connection = RawConnection(*host_port())
    try:
        goaway = None
        # The server may send GOAWAY and close while the flood is still being written; writing
        # on then meets a reset that can discard the GOAWAY unread. So the flood goes in batches,
        # reading what has arrived between them, and stops at the first GOAWAY or reset.
        sent = 0
        try:
            while sent < 2000 and goaway is None:
                for _ in range(50):
                    connection.reset(connection.headers(PING))
                    sent += 1
                goaway = goaway_code(connection, time.monotonic() + 0.01)
                connection.sock.settimeout(5.0)  # the poll shortened it; writes need the full one
        except OSError:
            pass  # closed under us: the GOAWAY, if any, is still in the receive queue
        if goaway is None:
            goaway = goaway_code(connection, time.monotonic() + 5)
        assert goaway == ENHANCE_YOUR_CALM, f"no GOAWAY(ENHANCE_YOUR_CALM) after a reset flood of {sent} streams (got {goaway})"
    finally:
        connection.close()
    valid_ping()
