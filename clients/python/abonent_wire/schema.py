"""Bootstrap schemas of docs/wire-format.md §9, hard-coded so that a ``Describe`` reply can
be decoded without prior knowledge of the server.

The schemas are written in the same JSON form the vectors file and ``Describe`` use
(canonical: cardinality ``single`` and number 0 omitted).
"""

from __future__ import annotations

from typing import Any, Mapping

from .codec import Schemas, SchemaError

__all__ = [
    "PLATFORM_SERVICE",
    "DESCRIBE_METHOD",
    "PING_METHOD",
    "BOOTSTRAP_MESSAGES",
    "BOOTSTRAP_ENUMS",
    "BOOTSTRAP_SCHEMAS",
    "schemas_from_describe",
    "referenced_types",
]

PLATFORM_SERVICE = "abonent.platform.Platform"
DESCRIBE_METHOD = "Describe"
PING_METHOD = "Ping"


def _f(number: int, name: str, type_: str, cardinality: str = "single") -> dict[str, Any]:
    t: dict[str, Any] = {"type": type_}
    if cardinality != "single":
        t = {"cardinality": cardinality, "type": type_}
    return {"number": number, "name": name, "type": t}


BOOTSTRAP_ENUMS: list[dict[str, Any]] = [
    {
        "name": "Cardinality",
        "values": [
            {"name": "single"},  # 0
            {"name": "optional", "number": 1},
            {"name": "repeated", "number": 2},
            {"name": "map", "number": 3},
        ],
    }
]

BOOTSTRAP_MESSAGES: list[dict[str, Any]] = [
    {
        "name": "FieldType",
        "fields": [
            _f(1, "cardinality", "enum:Cardinality"),
            _f(2, "type", "string"),
            _f(3, "keyType", "string"),
        ],
    },
    {
        "name": "FieldSchema",
        "fields": [
            _f(1, "number", "uint32"),
            _f(2, "name", "string"),
            _f(3, "type", "message:FieldType"),
            _f(4, "doc", "string"),
        ],
    },
    {
        "name": "MessageSchema",
        "fields": [
            _f(1, "name", "string"),
            _f(2, "doc", "string"),
            _f(3, "fields", "message:FieldSchema", "repeated"),
        ],
    },
    {
        "name": "EnumValueSchema",
        "fields": [
            _f(1, "name", "string"),
            _f(2, "number", "int32"),
        ],
    },
    {
        "name": "EnumSchema",
        "fields": [
            _f(1, "name", "string"),
            _f(2, "values", "message:EnumValueSchema", "repeated"),
        ],
    },
    {
        "name": "MethodSchema",
        "fields": [
            _f(1, "name", "string"),
            _f(2, "request", "string"),
            _f(3, "reply", "string"),
            _f(4, "doc", "string"),
            _f(5, "permission", "string"),
            _f(6, "serverStreaming", "bool"),
            _f(7, "clientStreaming", "bool"),
        ],
    },
    {
        "name": "ServiceSchema",
        "fields": [
            _f(1, "name", "string"),
            _f(2, "doc", "string"),
            _f(3, "methods", "message:MethodSchema", "repeated"),
        ],
    },
    {
        "name": "DescribeReply",
        "fields": [
            _f(1, "services", "message:ServiceSchema", "repeated"),
            _f(2, "messages", "message:MessageSchema", "repeated"),
            _f(3, "enums", "message:EnumSchema", "repeated"),
        ],
    },
    {"name": "DescribeRequest"},
]

#: Ready-to-use :class:`Schemas` with the bootstrap messages and the Cardinality enum.
BOOTSTRAP_SCHEMAS = Schemas(BOOTSTRAP_MESSAGES, BOOTSTRAP_ENUMS)


def schemas_from_describe(reply_json: Mapping[str, Any]) -> Schemas:
    """Turn a decoded ``DescribeReply`` (canonical JSON form) into a :class:`Schemas`
    usable by ``encode``/``decode``. Its ``messages`` and ``enums`` members are already in
    the JSON schema form; ``services`` is ignored here."""
    if not isinstance(reply_json, Mapping):
        raise SchemaError("a DescribeReply must be a JSON object")
    return Schemas(reply_json.get("messages") or (), reply_json.get("enums") or ())


def referenced_types(reply_json: Mapping[str, Any]) -> tuple[set[str], set[str]]:
    """Names of all messages and enums a DescribeReply refers to, transitively from its
    methods' requests and replies through ``message:`` and ``enum:`` field types.
    Returns ``(message names, enum names)``; names without a schema are included (so a
    caller can check them against the reply's ``messages``/``enums``)."""
    by_name = {m.get("name"): m for m in reply_json.get("messages") or ()}
    messages: set[str] = set()
    enums: set[str] = set()
    todo: list[str] = []
    for service in reply_json.get("services") or ():
        for method in service.get("methods") or ():
            todo += [method.get("request", ""), method.get("reply", "")]
    while todo:
        name = todo.pop()
        if not name or name in messages:
            continue
        messages.add(name)
        for field in (by_name.get(name) or {}).get("fields") or ():
            ftype = (field.get("type") or {}).get("type", "")
            prefix, _, ref = ftype.partition(":")
            if prefix == "message" and ref:
                todo.append(ref)
            elif prefix == "enum" and ref:
                enums.add(ref)
    return messages, enums
