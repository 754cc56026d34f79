"""The bootstrap schemas of §9 and schemas_from_describe."""

from __future__ import annotations

import copy

import pytest

from abonent_wire import BOOTSTRAP_SCHEMAS, decode, encode, schemas_from_describe
from abonent_wire.grpc_client import MethodNotFound, find_method
from abonent_wire.schema import BOOTSTRAP_ENUMS, BOOTSTRAP_MESSAGES, referenced_types

PING_MESSAGES = [
    {"name": "PingRequest", "fields": [{"number": 1, "name": "text", "type": {"type": "string"}}]},
    {
        "name": "PingReply",
        "fields": [
            {"number": 1, "name": "text", "type": {"type": "string"}},
            {"number": 2, "name": "serverTime", "type": {"type": "timestamp"}},
        ],
    },
]

REPLY = {
    "services": [
        {
            "name": "abonent.platform.Platform",
            "doc": "Platform methods every server has",
            "methods": [
                {"name": "Describe", "request": "DescribeRequest", "reply": "DescribeReply", "doc": "Schemas"},
                {"name": "Ping", "request": "PingRequest", "reply": "PingReply"},
            ],
        },
        {
            "name": "abonent.billing.Billing",
            "methods": [
                {"name": "Ping", "request": "PingRequest", "reply": "PingReply", "permission": "billing.read",
                 "serverStreaming": True},
            ],
        },
    ],
    "messages": copy.deepcopy(BOOTSTRAP_MESSAGES) + PING_MESSAGES,
    "enums": copy.deepcopy(BOOTSTRAP_ENUMS),
}


def test_bootstrap_names():
    assert set(BOOTSTRAP_SCHEMAS.message_names) == {
        "FieldType", "FieldSchema", "MessageSchema", "EnumValueSchema", "EnumSchema",
        "MethodSchema", "ServiceSchema", "DescribeReply", "DescribeRequest",
    }
    assert BOOTSTRAP_SCHEMAS.enum_names == ["Cardinality"]
    card = BOOTSTRAP_SCHEMAS.enum("Cardinality")
    assert dict(card.by_name) == {"single": 0, "optional": 1, "repeated": 2, "map": 3}


def test_describe_reply_round_trips_in_canonical_form():
    data = encode(REPLY, "DescribeReply", BOOTSTRAP_SCHEMAS)
    assert decode(data, "DescribeReply", BOOTSTRAP_SCHEMAS) == REPLY


def test_describe_reply_bytes_by_hand():
    reply = {"services": [{"name": "S", "methods": [{"name": "M", "request": "A", "reply": "B"}]}],
             "messages": [{"name": "A", "fields": [
                 {"number": 1, "name": "x", "type": {"cardinality": "map", "type": "int64", "keyType": "string"}}]}],
             "enums": [{"name": "E", "values": [{"name": "z"}, {"name": "m", "number": -1}]}]}
    # Built bottom-up; every length prefix is the length of the part it wraps.
    # FieldType: cardinality (1, varint) map=3; type (2, bytes) "int64"; keyType (3, bytes) "string"
    field_type = bytes.fromhex("0803" "1205696e743634" "1a06737472696e67")
    # FieldSchema: number (1, uint32) 1; name (2) "x"; type (3, message)
    field_schema = bytes.fromhex("0801" "120178") + bytes([0x1A, len(field_type)]) + field_type
    # MessageSchema: name (1) "A"; fields (3, repeated message)
    message_schema = bytes.fromhex("0a0141") + bytes([0x1A, len(field_schema)]) + field_schema
    # MethodSchema: name (1) "M"; request (2) "A"; reply (3) "B"
    method = bytes.fromhex("0a014d" "120141" "1a0142")
    # ServiceSchema: name (1) "S"; methods (3)
    service = bytes.fromhex("0a0153") + bytes([0x1A, len(method)]) + method
    # EnumValueSchema: name (1) "z" (number 0 omitted); name "m", number (2, int32) -1
    enum_values = [bytes.fromhex("0a017a"), bytes.fromhex("0a016d" "1001")]  # number -1: zig-zag 1
    enum = bytes.fromhex("0a0145") + b"".join(bytes([0x12, len(v)]) + v for v in enum_values)
    # DescribeReply: services (1), messages (2), enums (3)
    expected = (bytes([0x0A, len(service)]) + service + bytes([0x12, len(message_schema)]) + message_schema
                + bytes([0x1A, len(enum)]) + enum)
    assert encode(reply, "DescribeReply", BOOTSTRAP_SCHEMAS) == expected
    assert decode(expected, "DescribeReply", BOOTSTRAP_SCHEMAS) == reply


def test_schemas_from_describe_can_encode_ping():
    schemas = schemas_from_describe(decode(encode(REPLY, "DescribeReply", BOOTSTRAP_SCHEMAS), "DescribeReply",
                                           BOOTSTRAP_SCHEMAS))
    data = encode({"text": "Привет"}, "PingRequest", schemas)
    assert data == b"\x0a\x0c" + "Привет".encode()
    assert decode(data, "PingRequest", schemas) == {"text": "Привет"}
    # the server's copy of the schema messages is usable too
    assert decode(encode(REPLY, "DescribeReply", schemas), "DescribeReply", schemas) == REPLY


def test_referenced_types():
    messages, enums = referenced_types(REPLY)
    assert {"DescribeRequest", "DescribeReply", "ServiceSchema", "MethodSchema", "MessageSchema",
            "FieldSchema", "FieldType", "EnumSchema", "EnumValueSchema", "PingRequest", "PingReply"} == messages
    assert enums == {"Cardinality"}


def test_find_method():
    assert find_method(REPLY, "Describe")[0] == "abonent.platform.Platform"
    assert find_method(REPLY, "abonent.platform.Platform/Ping")[0] == "abonent.platform.Platform"
    assert find_method(REPLY, "/abonent.billing.Billing/Ping")[0] == "abonent.billing.Billing"
    assert find_method(REPLY, "Billing/Ping")[1]["serverStreaming"] is True
    with pytest.raises(MethodNotFound, match="ambiguous"):
        find_method(REPLY, "Ping")
    with pytest.raises(MethodNotFound, match="no method"):
        find_method(REPLY, "Pong")
    with pytest.raises(MethodNotFound):
        find_method(REPLY, "Nope/Describe")
