"""Independent Python implementation of the Abonent wire format (docs/wire-format.md)
and a tiny generic gRPC client for Abonent services."""

from .codec import (
    REASONS,
    Limits,
    Schemas,
    SchemaError,
    WireDecodingError,
    WireEncodingError,
    decode,
    decode_varint,
    encode,
    encode_varint,
    zigzag_decode,
    zigzag_encode,
)
from .schema import BOOTSTRAP_SCHEMAS, schemas_from_describe

__all__ = [
    "REASONS",
    "Limits",
    "Schemas",
    "SchemaError",
    "WireDecodingError",
    "WireEncodingError",
    "decode",
    "decode_varint",
    "encode",
    "encode_varint",
    "zigzag_decode",
    "zigzag_encode",
    "BOOTSTRAP_SCHEMAS",
    "schemas_from_describe",
]

# The gRPC client needs grpcio; import it lazily so the codec works without it.
def __getattr__(name):
    if name in ("describe", "call", "AbonentClient", "AbonentRpcError", "MethodNotFound"):
        from . import grpc_client

        return getattr(grpc_client, name)
    raise AttributeError(name)
