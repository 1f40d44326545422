"""The cap on request bodies, for every route of the HTTP listener. Slack's payloads are a few
kilobytes and alert webhooks rarely reach 100 KB, so 1 MiB is generous; anything larger is refused
from its Content-Length, before a byte of it is read into memory. Refusals are JSON, as every other
answer of the listener is: a sender's log shows the reason, not an HTML or plain-text page."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

Wsgi = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
MAX_BODY = 1 << 20


def limit_body(app: Wsgi, max_bytes: int = MAX_BODY) -> Wsgi:
    """Wrap a WSGI app: 413 when the declared body is over `max_bytes`, 400 when the length is not a number."""

    def limited(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        declared = (environ.get("CONTENT_LENGTH") or "0").strip()
        if not declared.isdigit():
            return _refuse(start_response, "400 Bad Request", "Content-Length is not a number")
        if int(declared) > max_bytes:
            return _refuse(start_response, "413 Content Too Large", too_large(max_bytes))
        return app(environ, start_response)

    return limited


def too_large(max_bytes: int = MAX_BODY) -> str:
    return f"the body is over {max_bytes} bytes"


def json_error(message: str) -> bytes:
    """The body of every refusal: `{"ok": false, "error": "<the reason>"}`."""
    return json.dumps({"ok": False, "error": message}).encode()


def _refuse(start_response: Callable[..., Any], status: str, message: str) -> Iterable[bytes]:
    body = json_error(message)
    headers = [("Content-Type", "application/json"), ("Content-Length", str(len(body))), ("Connection", "close")]
    start_response(status, headers)
    return [body]
