"""Schema-driven codec for the Abonent wire format, version 1.

Written from ``docs/wire-format.md`` only; section numbers below (§n) refer to it.

Public entry points:

* ``encode(value_json, message_name, schemas) -> bytes``
* ``decode(data, message_name, schemas, limits=None) -> dict`` (canonical JSON form, §10)

``schemas`` is a :class:`Schemas` object, or any mapping with ``"messages"`` and ``"enums"``
lists in the JSON form of §9/§11 (the vectors file and a decoded ``DescribeReply`` both
have exactly that shape).

Decoding never allocates based on an untrusted length before checking it against the
bytes that remain in the enclosing message (§7), and fails with
:class:`WireDecodingError` carrying one of the reason strings of §7 and the byte offset
(from the start of the whole input) of the item that could not be read: the field header
for header, kind and limit errors, otherwise the start of the varint, length prefix or
payload that is truncated or invalid.

Decimals are handled as (unscaled int, scale) pairs, never as floats.
"""

from __future__ import annotations

import base64
import binascii
import re
import struct
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Iterable, Mapping

__all__ = [
    "REASONS",
    "KIND_VARINT",
    "KIND_FIXED64",
    "KIND_BYTES",
    "KIND_FIXED128",
    "KIND_DECIMAL",
    "MAX_FIELD_NUMBER",
    "SCALAR_TYPES",
    "WireDecodingError",
    "WireEncodingError",
    "SchemaError",
    "Limits",
    "Schemas",
    "encode",
    "decode",
    "encode_varint",
    "decode_varint",
    "zigzag_encode",
    "zigzag_decode",
    "field_header",
    "parse_decimal",
    "format_decimal",
    "parse_timestamp",
    "format_timestamp",
    "parse_date",
    "format_date",
]

# --------------------------------------------------------------------------- constants

#: The complete list of decoding error reasons (§7).
REASONS = (
    "TRUNCATED",
    "VARINT_OVERFLOW",
    "UNKNOWN_KIND",
    "INVALID_FIELD_NUMBER",
    "KIND_MISMATCH",
    "VALUE_OUT_OF_RANGE",
    "INVALID_UTF8",
    "MESSAGE_TOO_LARGE",
    "TOO_DEEP",
    "TOO_MANY_ELEMENTS",
)

# Field kinds (§3).
KIND_VARINT = 0
KIND_FIXED64 = 1
KIND_BYTES = 2
KIND_FIXED128 = 3
KIND_DECIMAL = 4
KIND_NAMES = {0: "varint", 1: "fixed64", 2: "bytes", 3: "fixed128", 4: "decimal"}

MAX_FIELD_NUMBER = (1 << 29) - 1  # §1, §3

#: Scalar type name -> kind (§4). ``enum:Name`` is varint, ``message:Name`` is bytes.
SCALAR_TYPES = {
    "bool": KIND_VARINT,
    "int32": KIND_VARINT,
    "int64": KIND_VARINT,
    "uint32": KIND_VARINT,
    "uint64": KIND_VARINT,
    "double": KIND_FIXED64,
    "string": KIND_BYTES,
    "bytes": KIND_BYTES,
    "uuid": KIND_FIXED128,
    "timestamp": KIND_VARINT,
    "date": KIND_VARINT,
    "decimal": KIND_DECIMAL,
}

#: Types allowed as map keys (§5).
MAP_KEY_TYPES = ("string", "bool", "int32", "int64", "uint32", "uint64")

CARDINALITIES = ("single", "optional", "repeated", "map")  # numbered 0..3 (§9)

INT32_MIN, INT32_MAX = -(1 << 31), (1 << 31) - 1
INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1
UINT32_MAX = (1 << 32) - 1
UINT64_MAX = (1 << 64) - 1
ENUM_WIRE_MAX = (1 << 31) - 1  # §4: enum numbers are 0 … 2^31 − 1 on the wire
MAX_DECIMAL_SCALE = 18  # §4

_MICROS_PER_DAY = 86_400_000_000
_ZERO_UUID = "00000000-0000-0000-0000-000000000000"

# --------------------------------------------------------------------------- errors


class WireDecodingError(Exception):
    """Decoding failed with one of the reasons of §7 at byte ``offset`` of the input."""

    def __init__(self, reason: str, offset: int, message: str = "") -> None:
        if reason not in REASONS:
            raise ValueError(f"unknown wire error reason {reason!r}")
        self.reason = reason
        self.offset = offset
        self.message = message
        text = f"{reason} at offset {offset}"
        if message:
            text += f": {message}"
        super().__init__(text)


class WireEncodingError(ValueError):
    """A JSON value cannot be encoded with the given schema (bad type, range, name, ...)."""


class SchemaError(ValueError):
    """A schema is malformed, or names a message or enum that is not known."""


# --------------------------------------------------------------------------- limits


@dataclass(frozen=True)
class Limits:
    """Decoder limits (§7). The defaults are the Swift defaults.

    ``max_depth`` is capped at 200 because this decoder is recursive.
    """

    max_message_bytes: int = 4 * 1024 * 1024
    max_depth: int = 64
    max_elements: int = 1_000_000

    def __post_init__(self) -> None:
        for name in ("max_message_bytes", "max_depth", "max_elements"):
            v = getattr(self, name)
            if not isinstance(v, int) or isinstance(v, bool) or v < 0:
                raise ValueError(f"Limits.{name} must be a non-negative int, got {v!r}")
        if self.max_depth > 200:
            raise ValueError("Limits.max_depth above 200 is not supported by this decoder")

    _JSON_KEYS = {
        "maxMessageBytes": "max_message_bytes",
        "maxDepth": "max_depth",
        "maxElements": "max_elements",
    }

    @classmethod
    def coerce(cls, limits: "Limits | Mapping[str, int] | None") -> "Limits":
        """Accept ``None`` (defaults), a ``Limits`` or a mapping using the vector-file
        keys (``maxDepth``, ``maxElements``, ``maxMessageBytes``) or the attribute names."""
        if limits is None:
            return cls()
        if isinstance(limits, cls):
            return limits
        if isinstance(limits, Mapping):
            kwargs = {}
            for key, value in limits.items():
                attr = cls._JSON_KEYS.get(key, key)
                if attr not in ("max_message_bytes", "max_depth", "max_elements"):
                    raise ValueError(f"unknown limit {key!r}")
                kwargs[attr] = value
            return cls(**kwargs)
        raise TypeError(f"limits must be None, Limits or a mapping, not {type(limits).__name__}")


# --------------------------------------------------------------------------- varints (§2)


def zigzag_encode(n: int) -> int:
    """zz(n) = (n << 1) XOR (n >> 63) over 64 bits; n must be in int64 range."""
    if not INT64_MIN <= n <= INT64_MAX:
        raise OverflowError(f"{n} is outside the int64 range")
    return ((n << 1) ^ (n >> 63)) & UINT64_MAX


def zigzag_decode(z: int) -> int:
    """n = (z >> 1) XOR −(z AND 1); z must be in uint64 range."""
    if not 0 <= z <= UINT64_MAX:
        raise OverflowError(f"{z} is outside the uint64 range")
    return (z >> 1) ^ -(z & 1)


def encode_varint(value: int) -> bytes:
    """Shortest unsigned LEB128 form of a uint64."""
    if not 0 <= value <= UINT64_MAX:
        raise OverflowError(f"{value} is outside the uint64 range")
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def decode_varint(data: bytes, pos: int = 0, end: int | None = None) -> tuple[int, int]:
    """Read one varint from ``data[pos:end]``; returns ``(value, position after it)``.

    Raises ``TRUNCATED`` if the input ends inside it, ``VARINT_OVERFLOW`` if it is longer
    than 10 bytes or its 10th byte is greater than 1 (§2). Over-long forms within 10 bytes
    are accepted.
    """
    if end is None:
        end = len(data)
    start = pos
    result = 0
    shift = 0
    for i in range(10):
        if pos >= end:
            raise WireDecodingError("TRUNCATED", start, "input ends inside a varint")
        b = data[pos]
        pos += 1
        if i == 9 and b > 1:
            raise WireDecodingError("VARINT_OVERFLOW", start, "varint does not fit in 64 bits")
        result |= (b & 0x7F) << shift
        if b < 0x80:
            return result, pos
        shift += 7
    raise AssertionError("unreachable")  # a 10th byte <= 1 has no continuation bit


def field_header(number: int, kind: int) -> bytes:
    """The header varint ``(number << 3) | kind`` (§3)."""
    if not 1 <= number <= MAX_FIELD_NUMBER:
        raise WireEncodingError(f"field number {number} is outside 1 … {MAX_FIELD_NUMBER}")
    if kind not in KIND_NAMES:
        raise WireEncodingError(f"kind {kind} is reserved")
    return encode_varint((number << 3) | kind)


# --------------------------------------------------------------------------- text forms (§10)

_DECIMAL_RE = re.compile(r"([+-]?)([0-9]+)(?:\.([0-9]+))?")


def parse_decimal(text: str) -> tuple[int, int]:
    """Plain-notation decimal text -> (unscaled, scale). ``"12.30"`` -> ``(1230, 2)``."""
    m = _DECIMAL_RE.fullmatch(text)
    if m is None:
        raise WireEncodingError(f"{text!r} is not a plain-notation decimal like \"-12.30\"")
    sign, int_part, frac_part = m.group(1), m.group(2), m.group(3) or ""
    scale = len(frac_part)
    if scale > MAX_DECIMAL_SCALE:
        raise WireEncodingError(f"decimal {text!r} has scale {scale}, above {MAX_DECIMAL_SCALE}")
    unscaled = int(int_part + frac_part)
    if sign == "-":
        unscaled = -unscaled
    if not INT64_MIN <= unscaled <= INT64_MAX:
        raise WireEncodingError(f"decimal {text!r}: unscaled value does not fit in int64")
    return unscaled, scale


def format_decimal(unscaled: int, scale: int) -> str:
    """(unscaled, scale) -> plain notation with exactly ``scale`` fractional digits."""
    digits = str(abs(unscaled))
    if scale > 0:
        digits = digits.rjust(scale + 1, "0")
        digits = digits[:-scale] + "." + digits[-scale:]
    return ("-" if unscaled < 0 else "") + digits


def _days_from_civil(y: int, m: int, d: int) -> int:
    # Proleptic Gregorian calendar, H. Hinnant's algorithm; exact for any year.
    y -= m <= 2
    era = y // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _civil_from_days(z: int) -> tuple[int, int, int]:
    z += 719468
    era = z // 146097
    doe = z - era * 146097
    yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
    y = yoe + era * 400
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    d = doy - (153 * mp + 2) // 5 + 1
    m = mp + 3 if mp < 10 else mp - 9
    return y + (m <= 2), m, d


def _days_in_month(y: int, m: int) -> int:
    if m == 2:
        return 29 if (y % 4 == 0 and y % 100 != 0) or y % 400 == 0 else 28
    return 30 if m in (4, 6, 9, 11) else 31


def _format_year(y: int) -> str:
    # RFC 3339 only covers 0000-9999; outside that we use the ISO 8601 expanded form.
    if 0 <= y <= 9999:
        return f"{y:04d}"
    return f"{'-' if y < 0 else '+'}{abs(y):04d}"


_DATE_RE = re.compile(r"([+-]?[0-9]{4,})-([0-9]{2})-([0-9]{2})")
_TIMESTAMP_RE = re.compile(
    r"([+-]?[0-9]{4,})-([0-9]{2})-([0-9]{2})[Tt ]([0-9]{2}):([0-9]{2}):([0-9]{2})"
    r"(?:\.([0-9]+))?([Zz]|[+-][0-9]{2}:[0-9]{2})"
)


def _check_ymd(text: str, y: int, m: int, d: int) -> None:
    if not 1 <= m <= 12 or not 1 <= d <= _days_in_month(y, m):
        raise WireEncodingError(f"{text!r} is not a valid calendar date")


def format_date(days: int) -> str:
    """Days since 1970-01-01 -> ``YYYY-MM-DD``."""
    y, m, d = _civil_from_days(days)
    return f"{_format_year(y)}-{m:02d}-{d:02d}"


def parse_date(text: str) -> int:
    """``YYYY-MM-DD`` -> days since 1970-01-01 (proleptic Gregorian)."""
    match = _DATE_RE.fullmatch(text)
    if match is None:
        raise WireEncodingError(f"{text!r} is not a date like \"2026-11-21\"")
    y, m, d = (int(g) for g in match.groups())
    _check_ymd(text, y, m, d)
    days = _days_from_civil(y, m, d)
    if not INT64_MIN <= days <= INT64_MAX:
        raise WireEncodingError(f"date {text!r} is out of range")
    return days


def format_timestamp(micros: int) -> str:
    """Microseconds since the epoch -> RFC 3339 UTC with 6 fractional digits."""
    days, rem = divmod(micros, _MICROS_PER_DAY)
    secs, us = divmod(rem, 1_000_000)
    hh, rest = divmod(secs, 3600)
    mm, ss = divmod(rest, 60)
    return f"{format_date(days)}T{hh:02d}:{mm:02d}:{ss:02d}.{us:06d}Z"


def parse_timestamp(text: str) -> int:
    """RFC 3339 text (any offset, up to microsecond precision) -> microseconds since epoch."""
    match = _TIMESTAMP_RE.fullmatch(text)
    if match is None:
        raise WireEncodingError(
            f"{text!r} is not an RFC 3339 timestamp like \"2026-11-21T22:32:43.123456Z\""
        )
    y, mo, d, hh, mi, ss = (int(g) for g in match.groups()[:6])
    frac, zone = match.group(7) or "", match.group(8)
    _check_ymd(text, y, mo, d)
    if hh > 23 or mi > 59 or ss > 59:
        raise WireEncodingError(f"{text!r} has an invalid time of day")
    if len(frac) > 6:
        if frac[6:].strip("0"):
            raise WireEncodingError(f"{text!r} is more precise than microseconds")
        frac = frac[:6]
    micros_frac = int(frac.ljust(6, "0")) if frac else 0
    offset_s = 0
    if zone not in ("Z", "z"):
        oh, om = int(zone[1:3]), int(zone[4:6])
        if oh > 23 or om > 59:
            raise WireEncodingError(f"{text!r} has an invalid UTC offset")
        offset_s = (oh * 3600 + om * 60) * (1 if zone[0] == "+" else -1)
    days = _days_from_civil(y, mo, d)
    micros = (days * 86400 + hh * 3600 + mi * 60 + ss - offset_s) * 1_000_000 + micros_frac
    if not INT64_MIN <= micros <= INT64_MAX:
        raise WireEncodingError(f"timestamp {text!r} is out of the int64 microsecond range")
    return micros


_UUID_RE = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")


def _format_uuid(raw: bytes) -> str:
    h = raw.hex()
    return f"{h[0:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:32]}"


# --------------------------------------------------------------------------- schemas


@dataclass(frozen=True)
class _Type:
    name: str  # as written: "int64", "message:Foo", "enum:Bar"
    kind: int
    category: str  # "scalar" | "enum" | "message"
    ref: str = ""  # message or enum name


@dataclass(frozen=True)
class _Field:
    number: int
    name: str
    cardinality: str
    type: _Type
    key_type: _Type | None


@dataclass(frozen=True)
class _Message:
    name: str
    fields: tuple[_Field, ...]  # in number order
    by_number: Mapping[int, _Field]
    by_name: Mapping[str, _Field]


@dataclass(frozen=True)
class _Enum:
    name: str
    by_number: Mapping[int, str]
    by_name: Mapping[str, int]
    zero: Any  # name of the value numbered 0 (or the int 0 if the enum lacks one)


def _parse_type(text: Any, where: str) -> _Type:
    if not isinstance(text, str) or not text:
        raise SchemaError(f"{where}: missing or invalid type {text!r}")
    if text in SCALAR_TYPES:
        return _Type(text, SCALAR_TYPES[text], "scalar")
    prefix, sep, ref = text.partition(":")
    if sep and ref and prefix == "message":
        return _Type(text, KIND_BYTES, "message", ref)
    if sep and ref and prefix == "enum":
        return _Type(text, KIND_VARINT, "enum", ref)
    raise SchemaError(f"{where}: unknown type {text!r}")


def _parse_cardinality(value: Any, where: str) -> str:
    if value is None:
        return "single"
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < len(CARDINALITIES):
        return CARDINALITIES[value]
    if isinstance(value, str) and value.lower() in CARDINALITIES:
        return value.lower()
    raise SchemaError(f"{where}: unknown cardinality {value!r}")


def _compile_message(js: Mapping[str, Any]) -> _Message:
    if not isinstance(js, Mapping):
        raise SchemaError(f"message schema must be an object, got {js!r}")
    name = js.get("name", "")
    if not isinstance(name, str) or not name:
        raise SchemaError(f"message schema without a name: {js!r}")
    fields = []
    by_number: dict[int, _Field] = {}
    by_name: dict[str, _Field] = {}
    for fjs in js.get("fields", []) or []:
        if not isinstance(fjs, Mapping):
            raise SchemaError(f"{name}: field schema must be an object, got {fjs!r}")
        number = fjs.get("number", 0)
        fname = fjs.get("name", "")
        where = f"{name}.{fname or number}"
        if not isinstance(number, int) or isinstance(number, bool) or not 1 <= number <= MAX_FIELD_NUMBER:
            raise SchemaError(f"{where}: field number {number!r} is outside 1 … {MAX_FIELD_NUMBER}")
        if not isinstance(fname, str) or not fname:
            raise SchemaError(f"{where}: field without a name")
        ftype = fjs.get("type") or {}
        if not isinstance(ftype, Mapping):
            raise SchemaError(f"{where}: type must be an object")
        card = _parse_cardinality(ftype.get("cardinality"), where)
        vtype = _parse_type(ftype.get("type"), where)
        key_type = None
        if card == "map":
            key_name = ftype.get("keyType", "")
            if key_name not in MAP_KEY_TYPES:
                raise SchemaError(f"{where}: map key type {key_name!r} is not one of {MAP_KEY_TYPES}")
            key_type = _parse_type(key_name, where)
        elif ftype.get("keyType"):
            raise SchemaError(f"{where}: keyType is only allowed on maps")
        if number in by_number:
            raise SchemaError(f"{where}: duplicate field number {number}")
        if fname in by_name:
            raise SchemaError(f"{where}: duplicate field name {fname!r}")
        field = _Field(number, fname, card, vtype, key_type)
        fields.append(field)
        by_number[number] = field
        by_name[fname] = field
    fields.sort(key=lambda f: f.number)
    return _Message(name, tuple(fields), by_number, by_name)


def _compile_enum(js: Mapping[str, Any]) -> _Enum:
    if not isinstance(js, Mapping):
        raise SchemaError(f"enum schema must be an object, got {js!r}")
    name = js.get("name", "")
    if not isinstance(name, str) or not name:
        raise SchemaError(f"enum schema without a name: {js!r}")
    by_number: dict[int, str] = {}
    by_name: dict[str, int] = {}
    for vjs in js.get("values", []) or []:
        vname = vjs.get("name", "")
        number = vjs.get("number", 0)
        if not isinstance(vname, str) or not vname:
            raise SchemaError(f"enum {name}: value without a name")
        if not isinstance(number, int) or isinstance(number, bool):
            raise SchemaError(f"enum {name}.{vname}: number {number!r} is not an integer")
        if vname in by_name:
            raise SchemaError(f"enum {name}: duplicate value name {vname!r}")
        by_name[vname] = number
        by_number.setdefault(number, vname)
    return _Enum(name, by_number, by_name, by_number.get(0, 0))


class Schemas:
    """A set of message and enum schemas in the JSON form of §9 / §11."""

    def __init__(
        self,
        messages: Iterable[Mapping[str, Any]] = (),
        enums: Iterable[Mapping[str, Any]] = (),
    ) -> None:
        self._messages: dict[str, _Message] = {}
        self._enums: dict[str, _Enum] = {}
        self.message_json: dict[str, Mapping[str, Any]] = {}
        self.enum_json: dict[str, Mapping[str, Any]] = {}
        for js in messages:
            compiled = _compile_message(js)
            if compiled.name in self._messages:
                raise SchemaError(f"duplicate message schema {compiled.name!r}")
            self._messages[compiled.name] = compiled
            self.message_json[compiled.name] = js
        for js in enums:
            compiled_enum = _compile_enum(js)
            if compiled_enum.name in self._enums:
                raise SchemaError(f"duplicate enum schema {compiled_enum.name!r}")
            self._enums[compiled_enum.name] = compiled_enum
            self.enum_json[compiled_enum.name] = js

    @classmethod
    def from_json(cls, obj: Mapping[str, Any]) -> "Schemas":
        """From an object with ``"messages"`` and ``"enums"`` lists (either may be absent)."""
        if not isinstance(obj, Mapping):
            raise SchemaError("schemas must be an object with 'messages' and 'enums' lists")
        return cls(obj.get("messages") or (), obj.get("enums") or ())

    @classmethod
    def coerce(cls, obj: "Schemas | Mapping[str, Any]") -> "Schemas":
        return obj if isinstance(obj, Schemas) else cls.from_json(obj)

    def merged(self, other: "Schemas") -> "Schemas":
        """A new set with the schemas of both; ``other`` wins on equal names."""
        messages = {**self.message_json, **other.message_json}
        enums = {**self.enum_json, **other.enum_json}
        return Schemas(messages.values(), enums.values())

    @property
    def message_names(self) -> list[str]:
        return list(self._messages)

    @property
    def enum_names(self) -> list[str]:
        return list(self._enums)

    def has_message(self, name: str) -> bool:
        return name in self._messages

    def has_enum(self, name: str) -> bool:
        return name in self._enums

    def message(self, name: str) -> _Message:
        try:
            return self._messages[name]
        except KeyError:
            raise SchemaError(f"no schema for message {name!r}") from None

    def enum(self, name: str) -> _Enum:
        try:
            return self._enums[name]
        except KeyError:
            raise SchemaError(f"no schema for enum {name!r}") from None

    def __repr__(self) -> str:
        return f"Schemas(messages={self.message_names}, enums={self.enum_names})"


# --------------------------------------------------------------------------- decoding


class _Decoder:
    def __init__(self, data: bytes, schemas: Schemas, limits: Limits) -> None:
        self.data = data
        self.schemas = schemas
        self.limits = limits
        self.elements = 0

    # -- primitives

    def take(self, pos: int, end: int, n: int, what: str) -> int:
        if n > end - pos:
            raise WireDecodingError("TRUNCATED", pos, f"{what} needs {n} bytes, {end - pos} remain")
        return pos + n

    def length_prefixed(self, pos: int, end: int) -> tuple[int, int]:
        """Read a length prefix; return the payload's (start, end) after checking it fits."""
        start = pos
        length, pos = decode_varint(self.data, pos, end)
        if length > end - pos:
            raise WireDecodingError(
                "TRUNCATED", start, f"length {length} runs past the {end - pos} remaining bytes"
            )
        return pos, pos + length

    def header(self, pos: int, end: int) -> tuple[int, int, int]:
        start = pos
        header, pos = decode_varint(self.data, pos, end)
        number, kind = header >> 3, header & 7
        if number == 0 or number > MAX_FIELD_NUMBER:
            raise WireDecodingError("INVALID_FIELD_NUMBER", start, f"field number {number}")
        if kind > KIND_DECIMAL:
            raise WireDecodingError("UNKNOWN_KIND", start, f"reserved kind {kind}")
        return number, kind, pos

    def skip(self, kind: int, pos: int, end: int) -> int:
        if kind == KIND_VARINT:
            return decode_varint(self.data, pos, end)[1]
        if kind == KIND_FIXED64:
            return self.take(pos, end, 8, "fixed64")
        if kind == KIND_BYTES:
            return self.length_prefixed(pos, end)[1]
        if kind == KIND_FIXED128:
            return self.take(pos, end, 16, "fixed128")
        pos = self.take(pos, end, 1, "decimal scale")
        return decode_varint(self.data, pos, end)[1]

    def count_element(self, offset: int) -> None:
        self.elements += 1
        if self.elements > self.limits.max_elements:
            raise WireDecodingError(
                "TOO_MANY_ELEMENTS", offset, f"more than {self.limits.max_elements} elements"
            )

    def enter(self, depth: int, offset: int) -> int:
        depth += 1
        if depth > self.limits.max_depth:
            raise WireDecodingError("TOO_DEEP", offset, f"nesting depth above {self.limits.max_depth}")
        return depth

    # -- values

    def value(self, t: _Type, pos: int, end: int, depth: int) -> tuple[Any, bool, int]:
        """Read one value of type ``t`` whose kind has been checked; return
        ``(json value, is default, position after it)``."""
        data = self.data
        kind = t.kind
        if kind == KIND_VARINT:
            start = pos
            v, pos = decode_varint(data, pos, end)
            name = t.name
            if t.category == "enum":
                enum = self.schemas.enum(t.ref)
                label = enum.by_number.get(v) if v <= ENUM_WIRE_MAX else None
                if label is None:  # §4: unknown numbers read as the value numbered 0
                    return enum.zero, True, pos
                return label, v == 0, pos
            if name == "bool":
                if v > 1:
                    raise WireDecodingError("VALUE_OUT_OF_RANGE", start, f"bool value {v}")
                return v == 1, v == 0, pos
            if name == "uint64":
                return v, v == 0, pos
            if name == "uint32":
                if v > UINT32_MAX:
                    raise WireDecodingError("VALUE_OUT_OF_RANGE", start, f"uint32 value {v}")
                return v, v == 0, pos
            n = zigzag_decode(v)
            if name == "int64":
                return n, n == 0, pos
            if name == "int32":
                if not INT32_MIN <= n <= INT32_MAX:
                    raise WireDecodingError("VALUE_OUT_OF_RANGE", start, f"int32 value {n}")
                return n, n == 0, pos
            if name == "timestamp":
                return format_timestamp(n), n == 0, pos
            if name == "date":
                return format_date(n), n == 0, pos
            raise AssertionError(name)
        if kind == KIND_BYTES:
            start, stop = self.length_prefixed(pos, end)
            if t.category == "message":
                child_depth = self.enter(depth, pos)
                child = self.message(self.schemas.message(t.ref), start, stop, child_depth)
                return child, not child, stop
            raw = data[start:stop]
            if t.name == "string":
                try:
                    text = raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise WireDecodingError("INVALID_UTF8", start + exc.start, "invalid UTF-8") from None
                return text, not text, stop
            return base64.b64encode(raw).decode("ascii"), not raw, stop
        if kind == KIND_FIXED64:
            stop = self.take(pos, end, 8, "double")
            raw = data[pos:stop]
            return struct.unpack("<d", raw)[0], raw == b"\0" * 8, stop
        if kind == KIND_FIXED128:
            stop = self.take(pos, end, 16, "uuid")
            raw = data[pos:stop]
            return _format_uuid(raw), raw == b"\0" * 16, stop
        # KIND_DECIMAL
        start = pos
        pos = self.take(pos, end, 1, "decimal scale")
        scale = data[start]
        if scale > MAX_DECIMAL_SCALE:
            raise WireDecodingError("VALUE_OUT_OF_RANGE", start, f"decimal scale {scale}")
        z, pos = decode_varint(data, pos, end)
        unscaled = zigzag_decode(z)
        return format_decimal(unscaled, scale), unscaled == 0 and scale == 0, pos

    def default_json(self, t: _Type) -> Any:
        if t.category == "message":
            return {}
        if t.category == "enum":
            return self.schemas.enum(t.ref).zero
        return {
            "bool": False,
            "int32": 0,
            "int64": 0,
            "uint32": 0,
            "uint64": 0,
            "double": 0.0,
            "string": "",
            "bytes": "",
            "uuid": _ZERO_UUID,
            "timestamp": format_timestamp(0),
            "date": format_date(0),
            "decimal": "0",
        }[t.name]

    # -- messages

    def message(self, msg: _Message, pos: int, end: int, depth: int) -> dict[str, Any]:
        singles: dict[int, tuple[Any, bool]] = {}
        lists: dict[int, list[Any]] = {}
        maps: dict[int, dict[Any, Any]] = {}
        while pos < end:
            hstart = pos
            number, kind, pos = self.header(pos, end)
            field = msg.by_number.get(number)
            if field is None:  # §6: skip unknown fields by their kind
                pos = self.skip(kind, pos, end)
                continue
            t = field.type
            card = field.cardinality
            if card == "single" or card == "optional":
                if kind != t.kind:
                    raise self.mismatch(hstart, field, kind)
                v, is_default, pos = self.value(t, pos, end, depth)
                singles[number] = (v, is_default)  # last occurrence wins (§5)
            elif card == "repeated":
                items = lists.setdefault(number, [])
                if kind == t.kind:  # one unpacked element
                    self.count_element(hstart)
                    v, _, pos = self.value(t, pos, end, depth)
                    items.append(v)
                elif kind == KIND_BYTES:  # packed (t.kind is not bytes here)
                    p, stop = self.length_prefixed(pos, end)
                    while p < stop:
                        self.count_element(p)
                        v, _, p = self.value(t, p, stop, depth)
                        items.append(v)
                    pos = stop
                else:
                    raise self.mismatch(hstart, field, kind)
            else:  # map
                if kind != KIND_BYTES:
                    raise self.mismatch(hstart, field, kind)
                start, stop = self.length_prefixed(pos, end)
                self.count_element(hstart)
                entry_depth = self.enter(depth, hstart)
                key, value = self.map_entry(field, start, stop, entry_depth)
                entries = maps.setdefault(number, {})
                entries.pop(key, None)  # the last entry for a key wins (§5)
                entries[key] = value
                pos = stop

        out: dict[str, Any] = {}
        for field in msg.fields:  # number order (§10)
            n = field.number
            if field.cardinality == "single":
                if n in singles and not singles[n][1]:
                    out[field.name] = singles[n][0]
            elif field.cardinality == "optional":
                if n in singles:
                    out[field.name] = singles[n][0]
            elif field.cardinality == "repeated":
                if lists.get(n):
                    out[field.name] = lists[n]
            elif maps.get(n):
                out[field.name] = {_map_key_text(k): maps[n][k] for k in sorted(maps[n], key=_map_sort_key)}
        return out

    def map_entry(self, field: _Field, pos: int, end: int, depth: int) -> tuple[Any, Any]:
        kt = field.key_type
        vt = field.type
        assert kt is not None
        key = value = None
        have_key = have_value = False
        while pos < end:
            hstart = pos
            number, kind, pos = self.header(pos, end)
            if number == 1:
                if kind != kt.kind:
                    raise self.mismatch(hstart, field, kind, "map key")
                key, _, pos = self.value(kt, pos, end, depth)
                have_key = True
            elif number == 2:
                if kind != vt.kind:
                    raise self.mismatch(hstart, field, kind, "map value")
                value, _, pos = self.value(vt, pos, end, depth)
                have_value = True
            else:
                pos = self.skip(kind, pos, end)
        if not have_key:
            key = self.default_json(kt)
        if not have_value:
            value = self.default_json(vt)
        return key, value

    @staticmethod
    def mismatch(offset: int, field: _Field, kind: int, what: str = "") -> WireDecodingError:
        return WireDecodingError(
            "KIND_MISMATCH",
            offset,
            f"field {field.number} ({field.name}{' ' + what if what else ''}: {field.type.name}) "
            f"arrived as kind {KIND_NAMES.get(kind, kind)}",
        )


def _map_sort_key(key: Any) -> Any:
    # bool: false < true; integers numerically; strings by UTF-8 bytes (= code points).
    if isinstance(key, str):
        return key.encode("utf-8", "surrogatepass")
    return key


def _map_key_text(key: Any) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    return str(key)


def decode(
    data: bytes | bytearray | memoryview,
    message_name: str,
    schemas: "Schemas | Mapping[str, Any]",
    limits: "Limits | Mapping[str, int] | None" = None,
) -> dict[str, Any]:
    """Decode ``data`` as message ``message_name``; return its canonical JSON form (§10)."""
    lim = Limits.coerce(limits)
    if len(data) > lim.max_message_bytes:
        raise WireDecodingError(
            "MESSAGE_TOO_LARGE", 0, f"{len(data)} bytes, limit {lim.max_message_bytes}"
        )
    sch = Schemas.coerce(schemas)
    msg = sch.message(message_name)
    raw = bytes(data)
    return _Decoder(raw, sch, lim).message(msg, 0, len(raw), 0)


# --------------------------------------------------------------------------- encoding


def _is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


class _Encoder:
    def __init__(self, schemas: Schemas) -> None:
        self.schemas = schemas

    def fail(self, path: str, message: str) -> WireEncodingError:
        return WireEncodingError(f"{path}: {message}")

    def payload(self, t: _Type, v: Any, path: str) -> tuple[bytes, bool]:
        """The payload of one value (without header or length prefix) and whether it is
        the type's default."""
        name = t.name
        if t.category == "message":
            if not isinstance(v, Mapping):
                raise self.fail(path, f"expected an object for {name}, got {v!r}")
            body = self.message(self.schemas.message(t.ref), v, path)
            return body, not body
        if t.category == "enum":
            enum = self.schemas.enum(t.ref)
            if isinstance(v, str):
                if v not in enum.by_name:
                    raise self.fail(path, f"{v!r} is not a value of enum {enum.name} {sorted(enum.by_name)}")
                number = enum.by_name[v]
            elif _is_int(v):
                number = v
            else:
                raise self.fail(path, f"expected an enum value name of {enum.name}, got {v!r}")
            if not 0 <= number <= ENUM_WIRE_MAX:
                raise self.fail(path, f"enum number {number} is outside 0 … {ENUM_WIRE_MAX}")
            return encode_varint(number), number == 0
        if name == "bool":
            if not isinstance(v, bool):
                raise self.fail(path, f"expected true or false, got {v!r}")
            return (b"\x01", False) if v else (b"\x00", True)
        if name in ("int32", "int64", "uint32", "uint64"):
            if not _is_int(v):
                raise self.fail(path, f"expected an integer for {name}, got {v!r}")
            lo, hi = {
                "int32": (INT32_MIN, INT32_MAX),
                "int64": (INT64_MIN, INT64_MAX),
                "uint32": (0, UINT32_MAX),
                "uint64": (0, UINT64_MAX),
            }[name]
            if not lo <= v <= hi:
                raise self.fail(path, f"{v} is outside the {name} range {lo} … {hi}")
            wire = zigzag_encode(v) if name.startswith("int") else v
            return encode_varint(wire), v == 0
        if name == "double":
            if isinstance(v, str) and v in ("NaN", "Infinity", "-Infinity"):
                f = float(v.replace("Infinity", "inf").replace("NaN", "nan"))
            elif isinstance(v, (int, float)) and not isinstance(v, bool):
                try:
                    f = float(v)
                except OverflowError:
                    raise self.fail(path, f"{v} does not fit in a double") from None
            else:
                raise self.fail(path, f"expected a number for double, got {v!r}")
            raw = struct.pack("<d", f)
            return raw, raw == b"\0" * 8
        if name == "string":
            if not isinstance(v, str):
                raise self.fail(path, f"expected a string, got {v!r}")
            try:
                raw = v.encode("utf-8")
            except UnicodeEncodeError:
                raise self.fail(path, "string is not valid Unicode (lone surrogate)") from None
            return raw, not raw
        if name == "bytes":
            if not isinstance(v, str):
                raise self.fail(path, f"expected a base64 string for bytes, got {v!r}")
            try:
                raw = base64.b64decode(v.encode("ascii"), validate=True)
            except (binascii.Error, UnicodeEncodeError):
                raise self.fail(path, f"{v!r} is not standard base64 with padding") from None
            return raw, not raw
        if name == "uuid":
            if not isinstance(v, str) or not _UUID_RE.fullmatch(v):
                raise self.fail(path, f"expected a hyphenated UUID string, got {v!r}")
            raw = bytes.fromhex(v.replace("-", ""))
            return raw, raw == b"\0" * 16
        if name in ("timestamp", "date"):
            if not isinstance(v, str):
                raise self.fail(path, f"expected a {name} string, got {v!r}")
            try:
                n = parse_timestamp(v) if name == "timestamp" else parse_date(v)
            except WireEncodingError as exc:
                raise self.fail(path, str(exc)) from None
            return encode_varint(zigzag_encode(n)), n == 0
        if name == "decimal":
            if isinstance(v, Decimal):
                v = format(v, "f")
            if _is_int(v):
                unscaled, scale = v, 0
                if not INT64_MIN <= unscaled <= INT64_MAX:
                    raise self.fail(path, f"decimal {v} does not fit in int64 units")
            elif isinstance(v, str):
                try:
                    unscaled, scale = parse_decimal(v)
                except WireEncodingError as exc:
                    raise self.fail(path, str(exc)) from None
            else:
                raise self.fail(path, f"expected a decimal string like \"12.30\", got {v!r}")
            return bytes([scale]) + encode_varint(zigzag_encode(unscaled)), unscaled == 0 and scale == 0
        raise AssertionError(name)

    @staticmethod
    def field(out: bytearray, number: int, kind: int, payload: bytes) -> None:
        out += field_header(number, kind)
        if kind == KIND_BYTES:
            out += encode_varint(len(payload))
        out += payload

    def map_key(self, kt: _Type, text: Any, path: str) -> Any:
        if not isinstance(text, str):
            raise self.fail(path, f"map keys must be strings, got {text!r}")
        if kt.name == "string":
            return text
        if kt.name == "bool":
            if text not in ("true", "false"):
                raise self.fail(path, f"bool map key must be \"true\" or \"false\", got {text!r}")
            return text == "true"
        if not re.fullmatch(r"[+-]?[0-9]+", text):
            raise self.fail(path, f"{kt.name} map key must be an integer's text, got {text!r}")
        return int(text)

    def message(self, msg: _Message, value: Mapping[str, Any], path: str) -> bytes:
        unknown = [k for k in value if k not in msg.by_name]
        if unknown:
            raise self.fail(
                path or msg.name,
                f"unknown field(s) {unknown} for message {msg.name} (known: {list(msg.by_name)})",
            )
        out = bytearray()
        for f in msg.fields:
            if f.name not in value:
                continue
            v = value[f.name]
            if v is None:  # null: absent optional (and, leniently, the default otherwise)
                continue
            fpath = f"{path}.{f.name}" if path else f.name
            t = f.type
            if f.cardinality in ("single", "optional"):
                payload, is_default = self.payload(t, v, fpath)
                if f.cardinality == "single" and is_default:
                    continue  # §5: a single field at its default is omitted
                self.field(out, f.number, t.kind, payload)
            elif f.cardinality == "repeated":
                if not isinstance(v, list):
                    raise self.fail(fpath, f"expected an array, got {v!r}")
                if not v:
                    continue
                payloads = [self.payload(t, item, f"{fpath}[{i}]")[0] for i, item in enumerate(v)]
                if t.kind == KIND_BYTES:  # one occurrence per element
                    for payload in payloads:
                        self.field(out, f.number, KIND_BYTES, payload)
                else:  # packed
                    self.field(out, f.number, KIND_BYTES, b"".join(payloads))
            else:  # map
                if not isinstance(v, Mapping):
                    raise self.fail(fpath, f"expected an object for a map, got {v!r}")
                kt = f.key_type
                assert kt is not None
                entries: dict[Any, bytes] = {}
                for text, item in v.items():
                    epath = f"{fpath}[{text!r}]"
                    key = self.map_key(kt, text, epath)
                    if key in entries:
                        raise self.fail(epath, "duplicate map key")
                    entry = bytearray()
                    kpayload, kdefault = self.payload(kt, key, epath)
                    if not kdefault:
                        self.field(entry, 1, kt.kind, kpayload)
                    if item is not None:
                        vpayload, vdefault = self.payload(t, item, epath)
                        if not vdefault:
                            self.field(entry, 2, t.kind, vpayload)
                    entries[key] = bytes(entry)
                for key in sorted(entries, key=_map_sort_key):
                    self.field(out, f.number, KIND_BYTES, entries[key])
        return bytes(out)


def encode(
    value_json: Mapping[str, Any],
    message_name: str,
    schemas: "Schemas | Mapping[str, Any]",
) -> bytes:
    """Encode the JSON form (§10) of message ``message_name`` into wire bytes.

    Fields are written in number order, single fields at their default are omitted,
    non-``bytes`` lists are packed and map entries are sorted by key, so the output is the
    canonical encoding. Raises :class:`WireEncodingError` on a value that does not fit
    the schema (unknown field names included).
    """
    sch = Schemas.coerce(schemas)
    msg = sch.message(message_name)
    if not isinstance(value_json, Mapping):
        raise WireEncodingError(f"{message_name}: expected a JSON object, got {value_json!r}")
    return _Encoder(sch).message(msg, value_json, "")
