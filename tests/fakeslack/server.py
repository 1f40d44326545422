"""The HTTP front: ``/api/<method>``, ``/upload/<file_id>``, ``/respond/<id>``, ``/ws``.

A stdlib ThreadingHTTPServer so slow (delayed) calls never block other clients;
all state access goes through :class:`Backend` and its lock.
"""

from __future__ import annotations

import base64
import json
import sys
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import SplitResult, parse_qs, urlsplit

from .dispatch import ApiResult, Backend
from .errors import SlackError
from .methods_files import receive_upload
from .openid import AuthorizeRefused, authorize_page
from .params import decode_json_fields, parse_body, parse_multipart, parse_query
from .responses import receive_response
from .socket_mode import WsConnection, accept_key


class FakeSlackServer(ThreadingHTTPServer):
    """Binds 127.0.0.1 on an ephemeral port (or the one given: a restart keeps its URL); quiet about
    clients that hang up."""

    daemon_threads = True

    def __init__(self, backend: Backend, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__((host, port), _Handler)
        self.backend = backend

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients timing out mid-response (delay faults) are expected, not errors."""
        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return
        super().handle_error(request, client_address)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: FakeSlackServer

    def log_message(self, format: str, *args: Any) -> None:
        """Silence per-request logging; tests read ``fake.calls`` instead."""

    def do_GET(self) -> None:
        self._route()

    def do_POST(self) -> None:
        self._route()

    def _route(self) -> None:
        url = urlsplit(self.path)
        for prefix, route in _ROUTES.items():
            if url.path.startswith(prefix):
                route(self, url)
                return
        self._send(404, b"not found", "text/plain")

    # plumbing ------------------------------------------------------------
    def _body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            return self._chunked_body()
        return self.rfile.read(int(self.headers.get("Content-Length") or 0))

    def _chunked_body(self) -> bytes:
        chunks = []
        while True:
            size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
            if size == 0:
                self.rfile.readline()
                return b"".join(chunks)
            chunks.append(self.rfile.read(size))
            self.rfile.readline()

    def _send(self, status: int, body: bytes, content_type: str, headers: dict[str, str] | None = None) -> None:
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)
        except (ConnectionError, TimeoutError):
            self.close_connection = True

    def _send_json(self, result: ApiResult) -> None:
        body = json.dumps(result.body).encode()
        self._send(
            result.status, body, "application/json; charset=utf-8", {"X-Slack-Req-Id": "fakeslack", **result.headers}
        )

    # routes --------------------------------------------------------------
    def api(self, url: SplitResult) -> None:
        method = url.path[len("/api/") :].strip("/")
        try:
            params, token = self._api_params(url)
        except SlackError as exc:
            self._send_json(ApiResult(200, exc.body()))
            return
        self._send_json(self.server.backend.call(method, params, token))

    def _api_params(self, url: SplitResult) -> tuple[dict[str, Any], str | None]:
        """Merge query + body; token from the Bearer header, else a form/query ``token``."""
        params = parse_query(url.query)
        content_type = self.headers.get("Content-Type", "")
        body = parse_body(content_type, self._body())
        is_json = content_type.lower().startswith("application/json")
        params.update(body)
        form_token = params.pop("token", None)
        header = self.headers.get("Authorization", "")
        token = header[7:].strip() if header.lower().startswith("bearer ") else None
        if header.lower().startswith("basic "):  # client_secret_basic, as openid.connect.token takes it
            params.update(zip(("client_id", "client_secret"), _basic(header[6:]), strict=False))
        if token is None and not is_json:
            token = form_token
        return decode_json_fields(params), token

    def authorize(self, url: SplitResult) -> None:
        """Slack's authorize page for Sign in with Slack (tests/fakeslack/openid.py)."""
        backend = self.server.backend
        try:
            with backend.lock:
                back = backend.state.openid.authorize(parse_query(url.query), backend.state)
        except AuthorizeRefused as refusal:
            self._send(400, authorize_page(str(refusal)), "text/html; charset=utf-8")
            return
        if back is None:
            self._send(200, authorize_page(None), "text/html; charset=utf-8")
        else:
            self._send(302, b"", "text/html; charset=utf-8", {"Location": back})

    def upload(self, url: SplitResult) -> None:
        file_id = url.path[len("/upload/") :].strip("/")
        content = self._upload_content()
        with self.server.backend.lock:
            accepted = receive_upload(self.server.backend.state, file_id, content)
        if accepted:
            self._send(200, f"OK - {len(content)}".encode(), "text/plain")
        else:
            self._send(404, b"not found", "text/plain")

    def _upload_content(self) -> bytes:
        """Raw body, or the file part of a multipart form (slack_sdk posts raw bytes)."""
        content_type = self.headers.get("Content-Type", "")
        raw = self._body()
        if not content_type.lower().startswith("multipart/form-data"):
            return raw
        parts = parse_multipart(content_type, raw)
        files = [v for v in parts.values() if isinstance(v, bytes)]
        return files[0] if files else str(parts.get("file", "")).encode()

    def respond(self, url: SplitResult) -> None:
        url_id = url.path[len("/respond/") :].strip("/")
        try:
            payload = json.loads(self._body() or b"null")
        except ValueError:
            payload = None
        with self.server.backend.lock:
            status, text = receive_response(self.server.backend.state, url_id, payload)
        self._send(status, text.encode(), "text/plain")

    def websocket(self, url: SplitResult) -> None:
        hub = self.server.backend.hub
        key = self.headers.get("Sec-WebSocket-Key")
        ticket = parse_qs(url.query).get("ticket", [""])[0]
        if "websocket" not in self.headers.get("Upgrade", "").lower() or not key:
            self._send(400, b"websocket upgrade required", "text/plain")
            return
        if not hub.knows_ticket(ticket):
            self._send(401, b"invalid ticket", "text/plain")
            return
        self.wfile.write(
            (
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                f"Sec-WebSocket-Accept: {accept_key(key)}\r\n\r\n"
            ).encode()
        )
        self.close_connection = True
        hub.serve(WsConnection(self.connection, self.rfile))


_ROUTES: dict[str, Callable[[_Handler, SplitResult], None]] = {
    "/api/": _Handler.api,
    "/upload/": _Handler.upload,
    "/respond/": _Handler.respond,
    "/ws": _Handler.websocket,
    "/openid/connect/authorize": _Handler.authorize,
}


def _basic(credentials: str) -> list[str]:
    try:
        return base64.b64decode(credentials).decode().split(":", 1)
    except ValueError:
        return []
