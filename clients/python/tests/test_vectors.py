"""The shared test vectors of docs/wire-vectors.json (docs/wire-format.md §11), plus a few
hand-written byte-level tests with every byte explained."""

from __future__ import annotations

import json
import math
import struct
from pathlib import Path

import pytest

from abonent_wire import (
    Limits,
    Schemas,
    WireDecodingError,
    decode,
    decode_varint,
    encode,
    encode_varint,
    zigzag_decode,
    zigzag_encode,
)
from abonent_wire.codec import REASONS

VECTORS_PATH = Path(__file__).resolve().parent / ".." / ".." / ".." / "docs" / "wire-vectors.json"
VECTORS = json.loads(VECTORS_PATH.read_text(encoding="utf-8"))
SCHEMAS = Schemas.from_json(VECTORS)


def test_vectors_file_is_not_empty():
    # Guard against passing vacuously on an empty or restructured file.
    assert len(VECTORS["vectors"]) >= 40
    assert len(VECTORS["errors"]) >= 20
    assert {m["name"] for m in VECTORS["messages"]} >= {"Scalars", "Collections", "Tree"}


@pytest.mark.parametrize("vector", VECTORS["vectors"], ids=[v["name"] for v in VECTORS["vectors"]])
def test_vector(vector):
    data = bytes.fromhex(vector["hex"])
    decoded = decode(data, vector["message"], SCHEMAS)
    assert decoded == vector["value"]
    # Canonical JSON lists fields in number order (§10).
    fields = {f["name"]: f.get("number", 0) for f in SCHEMAS.message_json[vector["message"]]["fields"]}
    numbers = [fields[name] for name in decoded]
    assert numbers == sorted(numbers)
    # -0.0 == 0.0 in Python, so check the sign of doubles explicitly.
    for name, value in vector["value"].items():
        if isinstance(value, float):
            assert math.copysign(1.0, decoded[name]) == math.copysign(1.0, value)
    expected = vector.get("canonical_hex", vector["hex"])
    assert encode(vector["value"], vector["message"], SCHEMAS).hex() == expected
    # And the canonical bytes decode to the same value.
    assert decode(bytes.fromhex(expected), vector["message"], SCHEMAS) == vector["value"]


@pytest.mark.parametrize("vector", VECTORS["errors"], ids=[v["name"] for v in VECTORS["errors"]])
def test_error_vector(vector):
    assert vector["error"] in REASONS
    with pytest.raises(WireDecodingError) as info:
        decode(bytes.fromhex(vector["hex"]), vector["message"], SCHEMAS, limits=vector.get("limits"))
    assert info.value.reason == vector["error"]
    assert 0 <= info.value.offset <= len(vector["hex"]) // 2


# --------------------------------------------------------------------------- hand-written


def test_varint_300():
    # 300 = 0b10_0101100
    assert encode_varint(300) == bytes([
        0xAC,  # low 7 bits 0101100 = 0x2c, plus 0x80 because more bytes follow
        0x02,  # next 7 bits: 300 >> 7 = 2, no continuation bit: last byte
    ])
    assert decode_varint(bytes([0xAC, 0x02])) == (300, 2)


@pytest.mark.parametrize(
    "value, hex_",
    [(0, "00"), (1, "01"), (127, "7f"), (128, "8001"), (300, "ac02"), (2**64 - 1, "ffffffffffffffffff01")],
)
def test_varint_table(value, hex_):
    # The table of §2.
    assert encode_varint(value).hex() == hex_
    assert decode_varint(bytes.fromhex(hex_)) == (value, len(hex_) // 2)


def test_overlong_varint_within_10_bytes_is_accepted():
    # 0x81 0x80 0x00: 1 + 0<<7 + 0<<14, an over-long form of 1 (readers SHOULD accept).
    assert decode_varint(bytes([0x81, 0x80, 0x00])) == (1, 3)


@pytest.mark.parametrize(
    "n, z",
    [(0, 0), (-1, 1), (1, 2), (-2, 3), (2, 4), (-(2**63), 2**64 - 1), (2**63 - 1, 2**64 - 2)],
)
def test_zigzag(n, z):
    # §2: 0→0, −1→1, 1→2, −2→3, 2→4, −2^63 → 2^64−1, 2^63−1 → 2^64−2
    assert zigzag_encode(n) == z
    assert zigzag_decode(z) == n


def test_zigzag_int64_field():
    # Scalars.i64 = -2
    assert encode({"i64": -2}, "Scalars", SCHEMAS) == bytes([
        0x18,  # header: field 3 << 3 | kind 0 (varint) = 24
        0x03,  # zig-zag(-2) = 3
    ])


def test_decimal_12_30():
    # Scalars.amount = "12.30": unscaled 1230, scale 2
    data = bytes([
        0x64,  # header: field 12 << 3 | kind 4 (decimal) = 100
        0x02,  # scale byte: 2 fractional digits
        0x9C,  # zig-zag(1230) = 2460 = 0b10011_0011100: low 7 bits 0x1c | 0x80 (more follows)
        0x13,  # 2460 >> 7 = 19 = 0x13, last byte
    ])
    assert encode({"amount": "12.30"}, "Scalars", SCHEMAS) == data
    assert decode(data, "Scalars", SCHEMAS) == {"amount": "12.30"}
    # 12.3 has a different scale and so different bytes (§4)
    assert encode({"amount": "12.3"}, "Scalars", SCHEMAS) == bytes([0x64, 0x01, 0xF6, 0x01])  # scale 1, zz(123)=246


def test_packed_list():
    # Collections.numbers (repeated int64, field 1) = [1, -1, 300]
    data = bytes([
        0x0A,  # header: field 1 << 3 | kind 2 (bytes) = 10: one packed occurrence
        0x04,  # payload length: 4 bytes
        0x02,  # zig-zag(1) = 2
        0x01,  # zig-zag(-1) = 1
        0xD8,  # zig-zag(300) = 600 = 0b100_1011000: low 7 bits 0x58 | 0x80
        0x04,  # 600 >> 7 = 4
    ])
    assert encode({"numbers": [1, -1, 300]}, "Collections", SCHEMAS) == data
    assert decode(data, "Collections", SCHEMAS) == {"numbers": [1, -1, 300]}


def test_packed_example_of_section_5():
    # "[1, -1] as int64 field 5: 2a 02 02 01"
    schemas = Schemas([{"name": "P", "fields": [
        {"number": 5, "name": "xs", "type": {"cardinality": "repeated", "type": "int64"}}]}])
    data = bytes([
        0x2A,  # header: field 5 << 3 | kind 2 = 42
        0x02,  # length 2
        0x02,  # zig-zag(1)
        0x01,  # zig-zag(-1)
    ])
    assert encode({"xs": [1, -1]}, "P", schemas) == data
    assert decode(data, "P", schemas) == {"xs": [1, -1]}


def test_map_entry():
    # Collections.counts (map string -> int64, field 5) = {"a": 1}
    data = bytes([
        0x2A,  # header: field 5 << 3 | kind 2 (bytes) = 42: one map entry
        0x05,  # entry length: 5 bytes
        0x0A,  #   entry field 1 (key) << 3 | kind 2 (bytes) = 10
        0x01,  #   key length 1
        0x61,  #   "a"
        0x10,  #   entry field 2 (value) << 3 | kind 0 (varint) = 16
        0x02,  #   zig-zag(1) = 2
    ])
    assert encode({"counts": {"a": 1}}, "Collections", SCHEMAS) == data
    assert decode(data, "Collections", SCHEMAS) == {"counts": {"a": 1}}


def test_header_of_field_16():
    # §3: field 16 of kind varint has header 80 01
    schemas = Schemas([{"name": "Wide", "fields": [{"number": 16, "name": "n", "type": {"type": "uint64"}}]}])
    data = bytes([
        0x80,  # header 16 << 3 | 0 = 128: low 7 bits 0 | 0x80
        0x01,  # 128 >> 7 = 1
        0x05,  # the uint64 value 5
    ])
    assert encode({"n": 5}, "Wide", schemas) == data
    assert decode(data, "Wide", schemas) == {"n": 5}


def test_double_bits():
    data = encode({"ratio": 1.5}, "Scalars", SCHEMAS)
    assert data[0] == 0x31  # field 6 << 3 | kind 1 (fixed64)
    assert data[1:] == struct.pack("<d", 1.5)  # 00 00 00 00 00 00 f8 3f
    # +0.0 is the default and is omitted; -0.0 is written (§5)
    assert encode({"ratio": 0.0}, "Scalars", SCHEMAS) == b""
    assert encode({"ratio": -0.0}, "Scalars", SCHEMAS).hex() == "310000000000000080"


# --------------------------------------------------------------------------- limits boundaries


def _tree(depth: int) -> bytes:
    """A Tree whose innermost (empty) child is at ``depth``."""
    body = b""
    for _ in range(depth):
        body = bytes([0x12, len(body)]) + body if len(body) < 128 else bytes([0x12]) + encode_varint(len(body)) + body
    return body


def test_depth_equal_to_limit_is_allowed():
    assert decode(_tree(3), "Tree", SCHEMAS, {"maxDepth": 3}) == {
        "children": [{"children": [{"children": [{}]}]}]
    }
    with pytest.raises(WireDecodingError) as info:
        decode(_tree(4), "Tree", SCHEMAS, {"maxDepth": 3})
    assert info.value.reason == "TOO_DEEP"


def test_default_depth_limit_is_64():
    decode(_tree(64), "Tree", SCHEMAS)
    with pytest.raises(WireDecodingError) as info:
        decode(_tree(65), "Tree", SCHEMAS)
    assert info.value.reason == "TOO_DEEP"


def test_map_entry_counts_as_one_level():
    data = encode({"counts": {"a": 1}}, "Collections", SCHEMAS)
    decode(data, "Collections", SCHEMAS, {"maxDepth": 1})
    with pytest.raises(WireDecodingError) as info:
        decode(data, "Collections", SCHEMAS, {"maxDepth": 0})
    assert info.value.reason == "TOO_DEEP"


def test_elements_equal_to_limit_are_allowed_and_counted_across_the_tree():
    decode(bytes.fromhex("0a020204"), "Collections", SCHEMAS, {"maxElements": 2})
    # 1 element of numbers + 1 element of children (a nested message) = 2
    value = {"numbers": [1], "children": [{}]}
    data = encode(value, "Collections", SCHEMAS)
    assert decode(data, "Collections", SCHEMAS, Limits(max_elements=2)) == value
    with pytest.raises(WireDecodingError) as info:
        decode(data, "Collections", SCHEMAS, Limits(max_elements=1))
    assert info.value.reason == "TOO_MANY_ELEMENTS"


def test_message_size_equal_to_limit_is_allowed():
    assert decode(bytes.fromhex("3a03616263"), "Scalars", SCHEMAS, {"maxMessageBytes": 5}) == {"text": "abc"}
