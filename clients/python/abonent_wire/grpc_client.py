"""A tiny generic gRPC client for Abonent services (docs/wire-format.md §9).

It uses grpcio's generic multi-callables with raw bytes (no serializer), fetches
``/abonent.platform.Platform/Describe`` to learn the server's schemas, encodes requests
from JSON with them and decodes replies into the canonical JSON form.
"""

from __future__ import annotations

import json
from typing import Any, Iterable, Mapping, Sequence

import grpc

from .codec import Limits, Schemas, SchemaError, decode, encode
from .schema import BOOTSTRAP_SCHEMAS, DESCRIBE_METHOD, PLATFORM_SERVICE, schemas_from_describe

__all__ = [
    "AbonentRpcError",
    "MethodNotFound",
    "AbonentClient",
    "describe",
    "call",
    "find_method",
    "DESCRIBE_PATH",
]

DESCRIBE_PATH = f"/{PLATFORM_SERVICE}/{DESCRIBE_METHOD}"
REASON_METADATA_KEY = "abonent-reason"


class AbonentRpcError(Exception):
    """A gRPC call failed. ``code`` is the ``grpc.StatusCode`` (``code_name`` its name,
    e.g. ``"INVALID_ARGUMENT"``), ``details`` the status message, ``reason`` the value of
    the trailing metadata key ``abonent-reason`` or ``None``."""

    def __init__(
        self,
        code: grpc.StatusCode | None,
        details: str,
        reason: str | None = None,
        trailing_metadata: Sequence[tuple[str, Any]] = (),
        method: str = "",
    ) -> None:
        self.code = code
        self.code_name = code.name if code is not None else "UNKNOWN"
        self.details = details or ""
        self.reason = reason
        self.trailing_metadata = tuple(trailing_metadata)
        self.method = method
        text = f"{method + ': ' if method else ''}{self.code_name}"
        if reason:
            text += f" ({reason})"
        if self.details:
            text += f": {self.details}"
        super().__init__(text)

    @classmethod
    def from_rpc_error(cls, exc: grpc.RpcError, method: str = "") -> "AbonentRpcError":
        code = exc.code() if hasattr(exc, "code") else None
        details = exc.details() if hasattr(exc, "details") else str(exc)
        metadata = (exc.trailing_metadata() if hasattr(exc, "trailing_metadata") else None) or ()
        reason = None
        for key, value in metadata:
            if key.lower() == REASON_METADATA_KEY:
                reason = value.decode("utf-8", "replace") if isinstance(value, bytes) else value
        return cls(code, details or "", reason, metadata, method)


class MethodNotFound(LookupError):
    """No method (or more than one) matches the name given to ``call``."""


def find_method(describe_reply: Mapping[str, Any], method_name: str) -> tuple[str, dict[str, Any]]:
    """Find a method in a decoded DescribeReply. ``method_name`` is ``Method``,
    ``Service/Method`` or ``/Service/Method``; the service may be the full name
    (``abonent.platform.Platform``) or its last dotted component (``Platform``).
    Returns ``(service full name, method schema JSON)``."""
    name = method_name.strip().lstrip("/")
    service_name, sep, method = name.rpartition("/")
    if not sep:
        service_name = ""
    matches = []
    for service in describe_reply.get("services") or ():
        full = service.get("name", "")
        if service_name and service_name not in (full, full.rpartition(".")[2]):
            continue
        for m in service.get("methods") or ():
            if m.get("name", "") == method:
                matches.append((full, m))
    if not matches:
        known = [
            f"{s.get('name', '')}/{m.get('name', '')}"
            for s in describe_reply.get("services") or ()
            for m in s.get("methods") or ()
        ]
        raise MethodNotFound(f"no method {method_name!r}; the server has {known}")
    if len(matches) > 1:
        names = [f"{s}/{m.get('name', '')}" for s, m in matches]
        raise MethodNotFound(f"method {method_name!r} is ambiguous: {names}; use Service/Method")
    return matches[0]


def _make_channel(
    target: str,
    root_certificates: bytes | None,
    tls: bool,
    options: Sequence[tuple[str, Any]] | None,
) -> grpc.Channel:
    if root_certificates is not None or tls:
        creds = grpc.ssl_channel_credentials(root_certificates=root_certificates)
        return grpc.secure_channel(target, creds, options=options)
    return grpc.insecure_channel(target, options=options)


class AbonentClient:
    """A channel to one Abonent server plus its cached Describe reply.

    Plaintext by default; pass ``root_certificates`` (PEM bytes) or ``tls=True`` (system
    roots) for TLS. ``metadata`` (e.g. ``[("authorization", "Bearer …")]``) is sent with
    every call; ``timeout`` is per call, in seconds.
    """

    def __init__(
        self,
        target: str,
        *,
        root_certificates: bytes | None = None,
        tls: bool = False,
        timeout: float | None = 10.0,
        metadata: Iterable[tuple[str, str]] | None = None,
        limits: Limits | Mapping[str, int] | None = None,
        options: Sequence[tuple[str, Any]] | None = None,
    ) -> None:
        self.target = target
        self.timeout = timeout
        self.metadata = list(metadata or ())
        self.limits = limits
        self._channel = _make_channel(target, root_certificates, tls, options)
        self._describe: dict[str, Any] | None = None
        self._schemas: Schemas | None = None

    def close(self) -> None:
        self._channel.close()

    def __enter__(self) -> "AbonentClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- raw calls

    def unary(self, path: str, request: bytes) -> bytes:
        """Call a unary method with raw request bytes; return the raw reply bytes."""
        rpc = self._channel.unary_unary(path, request_serializer=None, response_deserializer=None)
        try:
            return rpc(request, timeout=self.timeout, metadata=self.metadata or None)
        except grpc.RpcError as exc:
            raise AbonentRpcError.from_rpc_error(exc, path) from None

    def server_streaming(self, path: str, request: bytes) -> list[bytes]:
        """Call a server-streaming method with raw bytes; return all reply messages."""
        rpc = self._channel.unary_stream(path, request_serializer=None, response_deserializer=None)
        try:
            return list(rpc(request, timeout=self.timeout, metadata=self.metadata or None))
        except grpc.RpcError as exc:
            raise AbonentRpcError.from_rpc_error(exc, path) from None

    def client_streaming(self, path: str, requests: Iterable[bytes]) -> bytes:
        """Call a client-streaming method with raw request messages; return the raw reply."""
        rpc = self._channel.stream_unary(path, request_serializer=None, response_deserializer=None)
        try:
            return rpc(iter(list(requests)), timeout=self.timeout, metadata=self.metadata or None)
        except grpc.RpcError as exc:
            raise AbonentRpcError.from_rpc_error(exc, path) from None

    # -- Describe and generic calls

    def describe(self, refresh: bool = False) -> dict[str, Any]:
        """The server's DescribeReply in canonical JSON form (cached after the first call)."""
        if self._describe is None or refresh:
            reply = self.unary(DESCRIBE_PATH, b"")  # DescribeRequest is empty
            self._describe = decode(reply, "DescribeReply", BOOTSTRAP_SCHEMAS, self.limits)
            self._schemas = None
        return self._describe

    def schemas(self) -> Schemas:
        """The schemas the server published in Describe."""
        if self._schemas is None:
            self._schemas = schemas_from_describe(self.describe())
        return self._schemas

    def call(self, method_name: str, request_json: Mapping[str, Any] | list | str | None = None) -> Any:
        """Call ``method_name`` (``Method`` or ``Service/Method``) with a request given as a
        JSON object (or JSON text); return the decoded reply, or for a server-streaming
        method the list of decoded replies. A client-streaming method takes a list of
        request objects, its stream's messages (one object is a stream of one)."""
        if request_json is None:
            request_json = {}
        if isinstance(request_json, (str, bytes)):
            request_json = json.loads(request_json)
        service, method = find_method(self.describe(), method_name)
        schemas = self.schemas()
        request_name = method.get("request", "")
        reply_name = method.get("reply", "")
        for role, name in (("request", request_name), ("reply", reply_name)):
            if not schemas.has_message(name):
                raise SchemaError(
                    f"{service}/{method.get('name')}: Describe lists no schema for its {role} message {name!r}"
                )
        path = f"/{service}/{method['name']}"
        if method.get("clientStreaming"):
            # A list is the stream's messages; one object is a stream of one.
            messages = request_json if isinstance(request_json, list) else [request_json]
            bodies = [encode(message, request_name, schemas) for message in messages]
            return decode(self.client_streaming(path, bodies), reply_name, schemas, self.limits)
        body = encode(request_json, request_name, schemas)
        if method.get("serverStreaming"):
            return [decode(r, reply_name, schemas, self.limits) for r in self.server_streaming(path, body)]
        return decode(self.unary(path, body), reply_name, schemas, self.limits)


def describe(
    target: str,
    *,
    root_certificates: bytes | None = None,
    tls: bool = False,
    timeout: float | None = 10.0,
    metadata: Iterable[tuple[str, str]] | None = None,
) -> dict[str, Any]:
    """Call ``/abonent.platform.Platform/Describe`` at ``target`` (``host:port``) and return
    the DescribeReply decoded with the bootstrap schemas."""
    with AbonentClient(
        target, root_certificates=root_certificates, tls=tls, timeout=timeout, metadata=metadata
    ) as client:
        return client.describe()


def call(
    target: str,
    method_name: str,
    request_json: Mapping[str, Any] | str | None = None,
    *,
    root_certificates: bytes | None = None,
    tls: bool = False,
    timeout: float | None = 10.0,
    metadata: Iterable[tuple[str, str]] | None = None,
) -> Any:
    """Describe the server at ``target``, then call ``method_name`` with ``request_json``
    encoded from the published schemas; return the decoded reply."""
    with AbonentClient(
        target, root_certificates=root_certificates, tls=tls, timeout=timeout, metadata=metadata
    ) as client:
        return client.call(method_name, request_json)
