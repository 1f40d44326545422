"""The cap on request bodies, for every route of the HTTP listener. Slack's payloads are a few
kilobytes and alert webhooks rarely reach 100 KB, so 1 MiB is generous; anything larger is refused
from its Content-Length, before a byte of it is read into memory."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
MAX_BODY = 1 << 20


def limit_body(app: Wsgi, max_bytes: int = MAX_BODY) -> Wsgi:
    """Wrap a WSGI app: 413 when the declared body is over `max_bytes`, 400 when the length is not a number."""

    def limited(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        declared = (environ.get("CONTENT_LENGTH") or "0").strip()
        if not declared.isdigit():
            return _refuse(start_response, "400 Bad Request", b"Content-Length is not a number\n")
        if int(declared) > max_bytes:
            return _refuse(start_response, "413 Content Too Large", b"request body over %d bytes\n" % max_bytes)
        return app(environ, start_response)

    return limited


def _refuse(start_response: Callable[..., Any], status: str, body: bytes) -> Iterable[bytes]:
    headers = [("Content-Type", "text/plain"), ("Content-Length", str(len(body))), ("Connection", "close")]
    start_response(status, headers)
    return [body]
