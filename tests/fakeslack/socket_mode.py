"""Socket Mode server side: a small RFC 6455 endpoint on the fake's HTTP port.

Hand-rolled (stdlib only) because the protocol subset Slack uses is tiny: text
frames with JSON, ping/pong, close. The HTTP handler performs the upgrade and
then lends its thread to :meth:`SocketHub.serve` for the connection's lifetime.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import socket
import struct
import threading
import uuid
from typing import Any, BinaryIO

_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
OP_CONT, OP_TEXT, OP_BINARY, OP_CLOSE, OP_PING, OP_PONG = 0x0, 0x1, 0x2, 0x8, 0x9, 0xA


def accept_key(key: str) -> str:
    """Sec-WebSocket-Accept for a client's Sec-WebSocket-Key."""
    return base64.b64encode(hashlib.sha1((key + _GUID).encode()).digest()).decode()


def encode_frame(opcode: int, payload: bytes) -> bytes:
    """One unmasked, final frame (servers never mask)."""
    size = len(payload)
    if size < 126:
        header = struct.pack("!BB", 0x80 | opcode, size)
    elif size < 1 << 16:
        header = struct.pack("!BBH", 0x80 | opcode, 126, size)
    else:
        header = struct.pack("!BBQ", 0x80 | opcode, 127, size)
    return header + payload


def _read_exact(stream: BinaryIO, size: int) -> bytes:
    data = stream.read(size)
    if data is None or len(data) < size:
        raise EOFError("websocket closed")
    return data


class WsConnection:
    """One upgraded socket: reads via the handler's buffered rfile, writes under a lock."""

    def __init__(self, sock: socket.socket, rfile: BinaryIO) -> None:
        self._sock = sock
        self._rfile = rfile
        self._send_lock = threading.Lock()

    def send(self, opcode: int, payload: bytes) -> None:
        """Send one frame."""
        with self._send_lock:
            self._sock.sendall(encode_frame(opcode, payload))

    def send_json(self, message: dict[str, Any]) -> None:
        """Send a JSON text frame."""
        self.send(OP_TEXT, json.dumps(message).encode())

    def read_frame(self) -> tuple[bool, int, bytes]:
        """Next frame as (fin, opcode, unmasked payload); raises EOFError/OSError when gone."""
        first, second = _read_exact(self._rfile, 2)
        size = second & 0x7F
        if size == 126:
            size = struct.unpack("!H", _read_exact(self._rfile, 2))[0]
        elif size == 127:
            size = struct.unpack("!Q", _read_exact(self._rfile, 8))[0]
        mask = _read_exact(self._rfile, 4) if second & 0x80 else b""
        payload = _read_exact(self._rfile, size)
        if mask:
            payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        return bool(first & 0x80), first & 0x0F, payload

    def close(self) -> None:
        """Tear the socket down so a blocked reader wakes up."""
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)


class SocketHub:
    """Connected Socket Mode clients, sent envelopes and the acks that came back."""

    def __init__(self, app_id: str, ping_interval: float = 0.25) -> None:
        self.app_id = app_id
        self.ping_interval = ping_interval
        self._cond = threading.Condition()
        self._connections: list[WsConnection] = []
        self._tickets: set[str] = set()
        self._acks: dict[str, dict[str, Any]] = {}
        self.received: list[dict[str, Any]] = []

    def issue_url(self, ws_base: str) -> str:
        """A URL with a ticket the upgrade request must present."""
        ticket = uuid.uuid4().hex
        with self._cond:
            self._tickets.add(ticket)
        return f"{ws_base}/ws?ticket={ticket}&app_id={self.app_id}"

    def knows_ticket(self, ticket: str) -> bool:
        """Whether ``ticket`` came from apps.connections.open."""
        with self._cond:
            return ticket in self._tickets

    def serve(self, conn: WsConnection) -> None:
        """Run one connection until it closes: hello, then frames in, acks recorded."""
        with self._cond:
            self._connections.append(conn)
            count = len(self._connections)
            self._cond.notify_all()
        stopped = threading.Event()
        threading.Thread(target=self._ping_until, args=(conn, stopped), name="fakeslack-ws-ping", daemon=True).start()
        try:
            conn.send_json(
                {
                    "type": "hello",
                    "num_connections": count,
                    "debug_info": {"host": "fakeslack", "build_number": 1, "approximate_connection_time": 18060},
                    "connection_info": {"app_id": self.app_id},
                }
            )
            self._read_loop(conn)
        except (EOFError, OSError):
            pass
        finally:
            stopped.set()
            with self._cond:
                if conn in self._connections:
                    self._connections.remove(conn)
                self._cond.notify_all()

    def _ping_until(self, conn: WsConnection, stopped: threading.Event) -> None:
        """Ping like Slack does; this also wakes slack_sdk's blocking recv so its close() is quick."""
        while not stopped.wait(self.ping_interval):
            try:
                conn.send(OP_PING, b"fakeslack")
            except OSError:
                return

    def _read_loop(self, conn: WsConnection) -> None:
        fragments: list[bytes] = []
        while True:
            fin, opcode, payload = conn.read_frame()
            if opcode == OP_PING:
                conn.send(OP_PONG, payload)
            elif opcode == OP_CLOSE:
                conn.send(OP_CLOSE, payload[:2])
                return
            elif opcode in (OP_TEXT, OP_BINARY, OP_CONT):
                fragments.append(payload)
                if fin:
                    self._on_message(b"".join(fragments))
                    fragments.clear()

    def _on_message(self, raw: bytes) -> None:
        try:
            message = json.loads(raw)
        except ValueError:
            message = {"unparsed": raw.decode("utf-8", errors="replace")}
        with self._cond:
            self.received.append(message)
            envelope_id = message.get("envelope_id") if isinstance(message, dict) else None
            if envelope_id:
                self._acks[envelope_id] = message
            self._cond.notify_all()

    def wait_connected(self, timeout: float) -> bool:
        """Block until at least one client is connected."""
        with self._cond:
            return self._cond.wait_for(lambda: bool(self._connections), timeout)

    def send(self, envelope_type: str, payload: dict[str, Any], accepts_response_payload: bool, timeout: float) -> str:
        """Deliver an envelope to the most recent connection; returns its envelope_id."""
        if not self.wait_connected(timeout):
            raise AssertionError(f"no Socket Mode client connected within {timeout}s")
        envelope_id = str(uuid.uuid4())
        with self._cond:
            conn = self._connections[-1]
        conn.send_json(
            {
                "envelope_id": envelope_id,
                "type": envelope_type,
                "payload": payload,
                "accepts_response_payload": accepts_response_payload,
                "retry_attempt": 0,
                "retry_reason": "",
            }
        )
        return envelope_id

    def wait_ack(self, envelope_id: str, timeout: float) -> dict[str, Any]:
        """The client's ack for ``envelope_id`` (AssertionError on timeout)."""
        with self._cond:
            if not self._cond.wait_for(lambda: envelope_id in self._acks, timeout):
                raise AssertionError(
                    f"no ack for envelope {envelope_id} within {timeout}s; received: {self.received[-5:]!r}"
                )
            return dict(self._acks[envelope_id])

    def disconnect_all(self, reason: str | None = None) -> None:
        """Optionally send Slack's ``disconnect`` message, then drop every connection."""
        with self._cond:
            connections = list(self._connections)
        for conn in connections:
            if reason:
                with contextlib.suppress(OSError):
                    conn.send_json({"type": "disconnect", "reason": reason, "debug_info": {"host": "fakeslack"}})
            conn.close()
