"""The command line (offline parts; describe/call are exercised by test_live_describe)."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest

from abonent_wire.__main__ import main
from abonent_wire.grpc_client import AbonentRpcError

VECTORS = str(Path(__file__).resolve().parent / ".." / ".." / ".." / "docs" / "wire-vectors.json")


def test_encode_and_decode(capsys):
    assert main(["encode", "--schemas", VECTORS, "Scalars", '{"i64": 300, "text": "Вода"}']) == 0
    hex_ = capsys.readouterr().out.strip()
    assert hex_ == "18d804" "3a08d092d0bed0b4d0b0"
    assert main(["decode", "--schemas", VECTORS, "--compact", "Scalars", hex_]) == 0
    assert json.loads(capsys.readouterr().out) == {"i64": 300, "text": "Вода"}


def test_decode_error_prints_reason_and_fails(capsys):
    assert main(["decode", "--schemas", VECTORS, "Scalars", "3a0561"]) == 1
    err = capsys.readouterr().err
    assert "reason=TRUNCATED" in err and err.startswith("error: code=")


def test_encode_error_fails(capsys):
    assert main(["encode", "--schemas", VECTORS, "Scalars", '{"nope": 1}']) == 1
    assert "nope" in capsys.readouterr().err


def test_usage_error():
    with pytest.raises(SystemExit) as info:
        main(["call"])
    assert info.value.code != 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_call_to_nothing_fails_with_grpc_code(capsys):
    port = _free_port()  # nothing listens there
    assert main(["call", "--addr", f"127.0.0.1:{port}", "--timeout", "5", "Ping", '{"text": "hi"}']) == 1
    assert "error: code=UNAVAILABLE" in capsys.readouterr().err


def test_rpc_error_carries_reason():
    class FakeRpcError(Exception):
        def code(self):
            import grpc

            return grpc.StatusCode.INVALID_ARGUMENT

        def details(self):
            return "bad body"

        def trailing_metadata(self):
            return (("other", "x"), ("abonent-reason", "MALFORMED_MESSAGE"))

    err = AbonentRpcError.from_rpc_error(FakeRpcError(), "/s/M")
    assert (err.code_name, err.reason, err.details) == ("INVALID_ARGUMENT", "MALFORMED_MESSAGE", "bad body")
    assert "MALFORMED_MESSAGE" in str(err)
