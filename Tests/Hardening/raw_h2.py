"""A deliberately rude HTTP/2 client: it writes frames by hand, so it can break the rules
the h2 library would enforce (too many streams, reset floods, lying length prefixes)."""

import socket
import struct
import time

import hpack
from hyperframe.frame import (
    DataFrame, Frame, GoAwayFrame, HeadersFrame, PingFrame, RstStreamFrame, SettingsFrame,
    WindowUpdateFrame,
)

PREFACE = b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
REFUSED_STREAM = 0x7
ENHANCE_YOUR_CALM = 0xB


class RawConnection:
    def __init__(self, host: str, port: int, timeout: float = 5.0):
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.encoder = hpack.Encoder()
        self.decoder = hpack.Decoder()
        self.buffer = b""
        self.server_settings = {}
        self.sock.sendall(PREFACE + SettingsFrame(0).serialize())
        self.next_stream = 1

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def send(self, frame: Frame):
        self.sock.sendall(frame.serialize())

    def headers(self, path: str, end_stream: bool = False, stream_id=None, extra=()) -> int:
        if stream_id is None:
            stream_id = self.next_stream
            self.next_stream += 2
        block = self.encoder.encode([
            (":method", "POST"), (":scheme", "http"), (":path", path), (":authority", "127.0.0.1"),
            ("content-type", "application/grpc"), ("te", "trailers"), *extra,
        ])
        frame = HeadersFrame(stream_id, data=block)
        frame.flags.add("END_HEADERS")
        if end_stream:
            frame.flags.add("END_STREAM")
        self.send(frame)
        return stream_id

    def data(self, stream_id: int, payload: bytes, end_stream: bool = True):
        # Respect the 16 KiB default frame size; the server's flow control window is large
        # enough for the bodies these tests send.
        chunks = [payload[i:i + 16384] for i in range(0, len(payload), 16384)] or [b""]
        for index, chunk in enumerate(chunks):
            frame = DataFrame(stream_id, data=chunk)
            if end_stream and index == len(chunks) - 1:
                frame.flags.add("END_STREAM")
            self.send(frame)

    def reset(self, stream_id: int, code: int = 0x8):
        self.send(RstStreamFrame(stream_id, error_code=code))

    def read_frame(self, deadline: float):
        while True:
            if len(self.buffer) >= 9:
                length = int.from_bytes(self.buffer[:3], "big")
                if len(self.buffer) >= 9 + length:
                    frame, _ = Frame.parse_frame_header(memoryview(self.buffer[:9]))
                    frame.parse_body(memoryview(self.buffer[9:9 + length]))
                    self.buffer = self.buffer[9 + length:]
                    self._react(frame)
                    return frame
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            self.sock.settimeout(remaining)
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                return None
            except OSError:
                return "closed"
            if not chunk:
                return "closed"
            self.buffer += chunk

    def _react(self, frame):
        if isinstance(frame, SettingsFrame) and "ACK" not in frame.flags:
            self.server_settings.update(frame.settings)
            ack = SettingsFrame(0)
            ack.flags.add("ACK")
            self.send(ack)
        elif isinstance(frame, PingFrame) and "ACK" not in frame.flags:
            pong = PingFrame(0, opaque_data=frame.opaque_data)
            pong.flags.add("ACK")
            self.send(pong)
        elif isinstance(frame, DataFrame) and frame.flow_controlled_length:
            self.send(WindowUpdateFrame(0, window_increment=frame.flow_controlled_length))

    def outcome(self, stream_id: int, timeout: float = 5.0) -> dict:
        """Reads until the stream ends; returns its grpc-status, a reset code, or a GOAWAY."""
        deadline = time.monotonic() + timeout
        result = {"headers": {}}
        while True:
            frame = self.read_frame(deadline)
            if frame is None:
                result["timeout"] = True
                return result
            if frame == "closed":
                result["closed"] = True
                return result
            if isinstance(frame, GoAwayFrame):
                result["goaway"] = frame.error_code
                return result
            if getattr(frame, "stream_id", 0) != stream_id:
                continue
            if isinstance(frame, HeadersFrame):
                for name, value in self.decoder.decode(frame.data):
                    result["headers"][name.decode() if isinstance(name, bytes) else name] = (
                        value.decode() if isinstance(value, bytes) else value)
                if "END_STREAM" in frame.flags:
                    status = result["headers"].get("grpc-status")
                    result["grpc_status"] = int(status) if status is not None else None
                    return result
            elif isinstance(frame, RstStreamFrame):
                result["reset"] = frame.error_code
                return result


def grpc_frame(payload: bytes, compressed: bool = False, declared_length=None) -> bytes:
    length = len(payload) if declared_length is None else declared_length
    return struct.pack(">BI", 1 if compressed else 0, length) + payload
