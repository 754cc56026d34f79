"""Command line: ``python -m abonent_wire {describe,call,encode,decode} ...``.

    python -m abonent_wire describe --addr 127.0.0.1:7403
    python -m abonent_wire call --addr 127.0.0.1:7403 Ping '{"text":"hi"}'
    python -m abonent_wire encode --schemas docs/wire-vectors.json Scalars '{"i64":300}'
    python -m abonent_wire decode --schemas docs/wire-vectors.json Scalars 18d804

Prints JSON (or hex for ``encode``) on stdout. On failure prints
``error: code=<code> reason=<reason> message=<message>`` on stderr and exits with 1.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, Sequence

from .codec import Schemas, SchemaError, WireDecodingError, WireEncodingError, decode, encode


def _print_json(value: Any, compact: bool) -> None:
    if compact:
        print(json.dumps(value, ensure_ascii=False, separators=(",", ":")))
    else:
        print(json.dumps(value, ensure_ascii=False, indent=2))


def _error(code: str, reason: str | None, message: str) -> int:
    print(f"error: code={code} reason={reason or '-'} message={message}", file=sys.stderr)
    return 1


def _read_json_arg(text: str) -> Any:
    if text == "-":
        text = sys.stdin.read()
    return json.loads(text)


def _client_kwargs(args: argparse.Namespace) -> dict[str, Any]:
    root = None
    if args.ca_file:
        with open(args.ca_file, "rb") as fh:
            root = fh.read()
    metadata = []
    for item in args.header or ():
        key, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"--header {item!r} must be KEY=VALUE")
        metadata.append((key.strip().lower(), value))
    return {
        "root_certificates": root,
        "tls": args.tls,
        "timeout": args.timeout,
        "metadata": metadata,
    }


def _load_schemas(path: str) -> Schemas:
    with open(path, "rb") as fh:
        return Schemas.from_json(json.load(fh))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m abonent_wire",
        description="Abonent wire format tools and a generic gRPC client.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    def net(p: argparse.ArgumentParser) -> None:
        p.add_argument("--addr", required=True, help="server address host:port, e.g. 127.0.0.1:7403")
        p.add_argument("--tls", action="store_true", help="use TLS with the system root certificates")
        p.add_argument("--ca-file", help="PEM file of root certificates (implies TLS)")
        p.add_argument("--timeout", type=float, default=10.0, help="per-call timeout in seconds (default 10)")
        p.add_argument(
            "--header", action="append", metavar="KEY=VALUE", help="metadata to send with every call (repeatable)"
        )
        p.add_argument("--compact", action="store_true", help="print JSON on one line")

    p = sub.add_parser("describe", help="print the server's Describe reply as JSON")
    net(p)

    p = sub.add_parser("call", help="call a method with a JSON request and print the JSON reply")
    net(p)
    p.add_argument("method", help="Method or Service/Method, e.g. Ping or abonent.platform.Platform/Ping")
    p.add_argument("request", nargs="?", default="{}", help="request as JSON ('-' reads stdin; default {})")

    p = sub.add_parser("encode", help="encode JSON to hex with schemas from a file")
    p.add_argument("--schemas", required=True, help="JSON file with 'messages' and 'enums' (e.g. a saved Describe reply)")
    p.add_argument("message", help="message name")
    p.add_argument("value", help="value as JSON ('-' reads stdin)")

    p = sub.add_parser("decode", help="decode hex to canonical JSON with schemas from a file")
    p.add_argument("--schemas", required=True, help="JSON file with 'messages' and 'enums'")
    p.add_argument("message", help="message name")
    p.add_argument("hex", help="the message bytes in hex ('-' reads stdin)")
    p.add_argument("--compact", action="store_true", help="print JSON on one line")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command in ("describe", "call"):
            from .grpc_client import AbonentClient, AbonentRpcError, MethodNotFound

            try:
                with AbonentClient(args.addr, **_client_kwargs(args)) as client:
                    if args.command == "describe":
                        result = client.describe()
                    else:
                        result = client.call(args.method, _read_json_arg(args.request))
            except AbonentRpcError as exc:
                return _error(exc.code_name, exc.reason, exc.details or str(exc))
            except MethodNotFound as exc:
                return _error("NOT_FOUND", "UNKNOWN_METHOD", str(exc))
            _print_json(result, args.compact)
        elif args.command == "encode":
            schemas = _load_schemas(args.schemas)
            print(encode(_read_json_arg(args.value), args.message, schemas).hex())
        else:
            schemas = _load_schemas(args.schemas)
            text = sys.stdin.read() if args.hex == "-" else args.hex
            data = bytes.fromhex("".join(text.split()))
            _print_json(decode(data, args.message, schemas), args.compact)
    except WireDecodingError as exc:
        return _error("DECODE_FAILED", exc.reason, str(exc))
    except WireEncodingError as exc:
        return _error("ENCODE_FAILED", "INVALID_VALUE", str(exc))
    except SchemaError as exc:
        return _error("SCHEMA_ERROR", "INVALID_SCHEMA", str(exc))
    except json.JSONDecodeError as exc:
        return _error("BAD_INPUT", "INVALID_JSON", str(exc))
    except (ValueError, OSError) as exc:
        return _error("BAD_INPUT", None, str(exc))
    return 0


if __name__ == "__main__":
    sys.exit(main())
