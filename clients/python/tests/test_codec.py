"""Codec behaviour beyond the shared vectors: JSON forms (§10), edge cases of §4–§6 and
encoder input validation."""

from __future__ import annotations

import math

import pytest

from abonent_wire import Schemas, SchemaError, WireDecodingError, WireEncodingError, decode, encode
from abonent_wire.codec import (
    format_date,
    format_decimal,
    format_timestamp,
    parse_date,
    parse_decimal,
    parse_timestamp,
)

S = Schemas(
    messages=[
        {
            "name": "M",
            "fields": [
                {"number": 1, "name": "flags", "type": {"cardinality": "map", "type": "string", "keyType": "bool"}},
                {"number": 2, "name": "sub", "type": {"cardinality": "optional", "type": "message:M"}},
                {"number": 3, "name": "n", "type": {"type": "int64"}},
                {"number": 4, "name": "colors", "type": {"cardinality": "repeated", "type": "enum:Color"}},
                {"number": 5, "name": "color", "type": {"cardinality": "optional", "type": "enum:Color"}},
                {"number": 6, "name": "byId", "type": {"cardinality": "map", "type": "message:M", "keyType": "uint32"}},
                {"number": 7, "name": "words", "type": {"cardinality": "repeated", "type": "string"}},
                {"number": 8, "name": "x", "type": {"type": "double"}},
                {"number": 9, "name": "at", "type": {"type": "timestamp"}},
                {"number": 10, "name": "day", "type": {"type": "date"}},
                {"number": 11, "name": "child", "type": {"type": "message:M"}},
            ],
        }
    ],
    enums=[{"name": "Color", "values": [{"name": "none"}, {"name": "red", "number": 1}]}],
)


def test_bool_map_keys_and_order():
    value = {"flags": {"true": "yes", "false": "no"}}
    data = encode(value, "M", S)
    # false (key omitted: default) sorts before true
    assert data.hex() == "0a" "04" "12026e6f" "0a" "07" "0801" "1203796573"
    assert list(decode(data, "M", S)["flags"]) == ["false", "true"]


def test_integer_map_keys_sort_numerically_and_message_values():
    value = {"byId": {"10": {"n": 1}, "9": {}}}
    data = encode(value, "M", S)
    # key 9 with an empty (default) message value: entry is just the key
    assert data.hex() == "32" "02" "0809" "32" "06" "080a" "1202" "1802"
    assert decode(data, "M", S) == {"byId": {"9": {}, "10": {"n": 1}}}


def test_optional_message_present_but_empty():
    assert encode({"sub": {}}, "M", S).hex() == "1200"
    assert decode(bytes.fromhex("1200"), "M", S) == {"sub": {}}
    assert decode(b"", "M", S) == {}
    assert encode({"sub": None}, "M", S) == b""


def test_single_message_with_explicit_defaults_reads_as_absent():
    # child { n: 0 written explicitly } is all defaults -> omitted in canonical JSON
    assert decode(bytes.fromhex("5a021800"), "M", S) == {}


def test_last_occurrence_of_a_message_field_wins():
    assert decode(bytes.fromhex("5a0218025a021804"), "M", S) == {"child": {"n": 2}}


def test_unknown_enum_values():
    # repeated: unknown 7 and 2^31 read as the value numbered 0
    data = bytes.fromhex("22" "07" "01" "07" "8080808008")
    assert decode(data, "M", S) == {"colors": ["red", "none", "none"]}
    # optional: present, reads as value 0
    assert decode(bytes.fromhex("2807"), "M", S) == {"color": "none"}
    # a number above 2^32 - 1 also reads as value 0 (not an error)
    assert decode(bytes.fromhex("28ffffffffffffffffff01"), "M", S) == {"color": "none"}


def test_enum_without_value_zero_reads_unknown_as_zero():
    s = Schemas([{"name": "E", "fields": [{"number": 1, "name": "e", "type": {"cardinality": "repeated", "type": "enum:X"}}]}],
                [{"name": "X", "values": [{"name": "one", "number": 1}]}])
    assert decode(bytes.fromhex("0a020102"), "E", s) == {"e": ["one", 0]}


def test_strings_only_unpacked():
    data = encode({"words": ["x", "y"]}, "M", S)
    assert data.hex() == "3a0178" "3a0179"


def test_single_field_sent_packed_is_a_kind_mismatch():
    # §6: only repeated fields accept the packed form
    with pytest.raises(WireDecodingError) as info:
        decode(bytes.fromhex("1a0102"), "M", S)
    assert info.value.reason == "KIND_MISMATCH"


def test_repeated_string_sent_as_varint_is_a_kind_mismatch():
    with pytest.raises(WireDecodingError) as info:
        decode(bytes.fromhex("3801"), "M", S)
    assert info.value.reason == "KIND_MISMATCH"


def test_map_sent_as_varint_is_a_kind_mismatch():
    with pytest.raises(WireDecodingError) as info:
        decode(bytes.fromhex("0801"), "M", S)
    assert info.value.reason == "KIND_MISMATCH"


def test_map_entry_with_wrong_key_kind():
    with pytest.raises(WireDecodingError) as info:
        decode(bytes.fromhex("0a020a00"), "M", S)
    assert info.value.reason == "KIND_MISMATCH"


def test_map_entry_skips_unknown_fields():
    # entry: key true, unknown field 3 varint 1, value "a"
    data = bytes.fromhex("0a07" "0801" "1801" "120161")
    assert decode(data, "M", S) == {"flags": {"true": "a"}}


def test_truncated_inside_nested_message():
    # child says 3 bytes; inside, a string claims 5
    with pytest.raises(WireDecodingError) as info:
        decode(bytes.fromhex("5a033a0561"), "M", S)
    assert info.value.reason == "TRUNCATED"


def test_non_finite_doubles():
    for text in ("NaN", "Infinity", "-Infinity"):
        data = encode({"x": text}, "M", S)
        got = decode(data, "M", S)["x"]
        assert (math.isnan(got) if text == "NaN" else got == float(text.replace("Infinity", "inf")))


def test_timestamps():
    assert format_timestamp(0) == "1970-01-01T00:00:00.000000Z"
    assert format_timestamp(-1) == "1969-12-31T23:59:59.999999Z"
    assert parse_timestamp("2026-11-22T01:32:43.123456+03:00") == parse_timestamp("2026-11-21T22:32:43.123456Z")
    assert parse_timestamp("2026-11-21T22:32:43Z") == parse_timestamp("2026-11-21T22:32:43.000000000Z")
    assert format_timestamp(parse_timestamp("2000-02-29T12:00:00.5Z")) == "2000-02-29T12:00:00.500000Z"
    # the whole int64 range formats and parses back
    for micros in (-(2**63), 2**63 - 1, 951782400000000):
        assert parse_timestamp(format_timestamp(micros)) == micros
    for bad in ("2026-11-21", "2026-02-30T00:00:00Z", "2026-11-21T24:00:00Z", "2026-11-21T00:00:00.1234567Z",
                "2026-11-21T00:00:00"):
        with pytest.raises(WireEncodingError):
            parse_timestamp(bad)


def test_dates():
    assert format_date(0) == "1970-01-01"
    assert parse_date("2026-11-21") == 20778
    assert parse_date("1900-03-01") == -25508
    assert format_date(parse_date("0001-01-01")) == "0001-01-01"
    assert format_date(parse_date("2000-02-29")) == "2000-02-29"
    for bad in ("1900-02-29", "2026-13-01", "2026-1-01", "20261121"):
        with pytest.raises(WireEncodingError):
            parse_date(bad)


def test_decimals():
    assert parse_decimal("12.30") == (1230, 2)
    assert parse_decimal("-0.05") == (-5, 2)
    assert parse_decimal("+7") == (7, 0)
    assert format_decimal(-5, 2) == "-0.05"
    assert format_decimal(0, 2) == "0.00"
    assert format_decimal(-9223372036854775808, 3) == "-9223372036854775.808"
    for bad in ("1e5", "1.", ".5", "1,5", "", "0.0000000000000000001", "9223372036854775808"):
        with pytest.raises(WireEncodingError):
            parse_decimal(bad)


def test_decimal_default_is_zero_with_scale_zero():
    s = Schemas([{"name": "D", "fields": [{"number": 1, "name": "d", "type": {"type": "decimal"}}]}])
    assert encode({"d": "0"}, "D", s) == b""
    assert encode({"d": "-0"}, "D", s) == b""
    assert encode({"d": "0.00"}, "D", s).hex() == "0c0200"
    assert encode({"d": 5}, "D", s).hex() == "0c000a"  # an integer is accepted as scale 0
    with pytest.raises(WireEncodingError):
        encode({"d": 1.5}, "D", s)  # no floats for decimals


@pytest.mark.parametrize(
    "value",
    [
        {"nope": 1},
        {"n": "1"},
        {"n": True},
        {"n": 2**63},
        {"n": 1.0},
        {"colors": ["blue"]},
        {"colors": "red"},
        {"flags": {"yes": "x"}},
        {"byId": {"-1": {}}},
        {"byId": {"4294967296": {}}},
        {"at": "yesterday"},
        {"sub": {"n": "x"}},
        {"sub": []},
        {"words": ["\ud800"]},
    ],
)
def test_encoding_errors(value):
    with pytest.raises(WireEncodingError):
        encode(value, "M", S)


def test_scalar_encoding_errors():
    vs = Schemas([{"name": "V", "fields": [
        {"number": 1, "name": "u", "type": {"type": "uuid"}},
        {"number": 2, "name": "b", "type": {"type": "bytes"}},
        {"number": 3, "name": "i", "type": {"type": "int32"}},
        {"number": 4, "name": "f", "type": {"type": "bool"}},
    ]}])
    for value in ({"u": "not-a-uuid"}, {"u": "0f1e2d3c4b5a69788796a5b4c3d2e1f0"}, {"b": "!!"}, {"b": "AAE"},
                  {"i": 2**31}, {"f": 1}):
        with pytest.raises(WireEncodingError):
            encode(value, "V", vs)
    assert encode({"u": "0F1E2D3C-4B5A-6978-8796-A5B4C3D2E1F0"}, "V", vs).hex() == "0b0f1e2d3c4b5a69788796a5b4c3d2e1f0"
    assert decode(bytes.fromhex("0b0f1e2d3c4b5a69788796a5b4c3d2e1f0"), "V", vs) == {
        "u": "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"
    }


def test_schema_errors():
    with pytest.raises(SchemaError):
        encode({}, "Missing", S)
    with pytest.raises(SchemaError):
        Schemas([{"name": "Bad", "fields": [{"name": "x", "type": {"type": "int64"}}]}])  # number 0
    with pytest.raises(SchemaError):
        Schemas([{"name": "Bad", "fields": [{"number": 1, "name": "x", "type": {"type": "float"}}]}])
    with pytest.raises(SchemaError):
        Schemas([{"name": "Bad", "fields": [
            {"number": 1, "name": "m", "type": {"cardinality": "map", "type": "int64", "keyType": "double"}}]}])
    # a reference to a missing message is only an error when it is needed
    s = Schemas([{"name": "R", "fields": [{"number": 1, "name": "r", "type": {"type": "message:Nowhere"}}]}])
    assert decode(b"", "R", s) == {}
    assert decode(bytes.fromhex("1000"), "R", s) == {}  # unknown field 2 skipped
    with pytest.raises(SchemaError):
        decode(bytes.fromhex("0a00"), "R", s)


def test_mutated_vectors_fail_only_with_typed_errors():
    # Deterministic fuzz: flip, cut and splice bytes of every vector. Decoding must either
    # succeed (and then re-encode to bytes that decode to the same value) or raise
    # WireDecodingError -- never another exception.
    import json
    import random
    from pathlib import Path

    vectors = json.loads((Path(__file__).resolve().parent / ".." / ".." / ".." / "docs" / "wire-vectors.json")
                         .read_text(encoding="utf-8"))
    schemas = Schemas.from_json(vectors)
    rng = random.Random(20261121)
    samples = [(bytes.fromhex(v["hex"]), v["message"]) for v in vectors["vectors"] + vectors["errors"]]
    outcomes = {"ok": 0, "error": 0}
    for _ in range(4000):
        data, message = rng.choice(samples)
        data = bytearray(data)
        for _ in range(rng.randint(1, 3)):
            op = rng.randrange(3)
            if op == 0 and data:
                data[rng.randrange(len(data))] = rng.randrange(256)
            elif op == 1 and data:
                del data[rng.randrange(len(data)):]
            else:
                data[rng.randrange(len(data) + 1):0] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 4)))
        try:
            value = decode(bytes(data), message, schemas, {"maxElements": 10_000})
        except WireDecodingError:
            outcomes["error"] += 1
            continue
        outcomes["ok"] += 1
        assert decode(encode(value, message, schemas), message, schemas) == value or any(
            isinstance(v, float) and math.isnan(v) for v in value.values()
        )
    assert outcomes["ok"] > 100 and outcomes["error"] > 100
