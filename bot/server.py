"""The HTTP listener (waitress, a production WSGI server): Slack events in HTTP mode and the
health check. It runs in both modes, so alert webhooks and health checks always have a home."""

from __future__ import annotations

import errno
import json
import logging
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Engine, text
from waitress.server import create_server

from bot.body_limit import MAX_BODY, Wsgi, limit_body
from bot.settings import StartupError

log = logging.getLogger(__name__)


def wsgi_app(slack: Wsgi | None, engine: Engine) -> Wsgi:
    """Route `/slack/events` to Slack's endpoint (HTTP mode only) and serve the health check."""

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path, method = environ.get("PATH_INFO", ""), environ.get("REQUEST_METHOD", "GET")
        if path == "/slack/events" and method == "POST" and slack:
            return slack(environ, start_response)
        if path == "/healthz" and method == "GET":
            return _health(engine, start_response)
        return _json(start_response, "404 Not Found", {"ok": False, "error": "not_found"})

    return application


def _health(engine: Engine, start_response: Callable[..., Any]) -> Iterable[bytes]:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:
        log.warning("health check: the database is unreachable: %s", error)  # the detail stays in the log
        return _json(start_response, "503 Service Unavailable", {"ok": False, "database": "unreachable"})
    return _json(start_response, "200 OK", {"ok": True, "database": "ok"})


def _json(start_response: Callable[..., Any], status: str, body: dict[str, Any]) -> Iterable[bytes]:
    data = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
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
