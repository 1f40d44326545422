"""The HTTP listener (waitress, a production WSGI server): Slack events in HTTP mode, the health
and readiness checks (their answers are bot/health.py's) and `/metrics` (bot/metrics.py). It runs
in both modes, so alert webhooks, health checks and metrics always have a home."""

from __future__ import annotations

import errno
import json
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Engine
from waitress.server import create_server

from bot import health, metrics
from bot.body_limit import MAX_BODY, Wsgi, limit_body
from bot.settings import StartupError


def wsgi_app(slack: Wsgi | None, engine: Engine, link: health.SlackLink | None = None) -> Wsgi:
    """Route `/slack/events` to Slack's endpoint (HTTP mode only) and serve the health checks."""

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
        if path == "/slack/events" and method == "POST" and slack:
            return slack(environ, start_response)
        if path == "/healthz" and method == "GET":
            return _json(start_response, *health.health(engine, link))
        if path == "/readyz" and method == "GET":
            return _json(start_response, *health.readiness(link))
        if path == "/metrics" and method == "GET":
            return _bytes(start_response, *metrics.exposition(engine))
        return _json(start_response, "404 Not Found", {"ok": False, "error": "not_found"})

    return application


def _json(start_response: Callable[..., Any], status: str, body: dict[str, Any]) -> Iterable[bytes]:
    return _bytes(start_response, "application/json", json.dumps(body).encode(), status)


def _bytes(
    start_response: Callable[..., Any], content_type: str, data: bytes, status: str = "200 OK"
) -> Iterable[bytes]:
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(data)))])
    return [data]


def http_server(app: Wsgi, host: str, port: int, threads: int = 16) -> Any:
    """A waitress server; `.run()` serves until `.close()`, `.effective_port` is the bound port.
    Every route is capped at MAX_BODY: waitress refuses a larger Content-Length (or chunked body)
    before buffering it, and limit_body keeps the rule in the app itself."""
    try:
        return create_server(
            limit_body(app),
            host=host,
            port=port,
            threads=threads,
            ident="incident-bot",
            max_request_body_size=MAX_BODY + 1,  # waitress refuses at >=; limit_body allows exactly MAX_BODY
        )
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise StartupError(
                f"port {port} on {host} is already in use (another incident-bot?); stop it or set PORT"
            ) from error
        reason = error.strerror or error
        raise StartupError(f"cannot listen on {host}:{port} ({reason}); check HOST and PORT") from error


def close_server(server: Any) -> None:
    """Stop listening, finish the request threads and close the connections still open (waitress
    only closes the listening socket itself; clients' keep-alive sockets would otherwise leak)."""
    server.close()
    server.task_dispatcher.shutdown()
    for channel in list(getattr(server, "_map", {}).values()):
        channel.close()
