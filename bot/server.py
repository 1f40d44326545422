"""The HTTP listener (waitress, a production WSGI server): Slack events in HTTP mode, the alert
webhooks, the health and readiness checks (their answers are bot/health.py's), `/metrics`
(bot/metrics.py) and the web pages (bot/web). It runs in both modes, so webhooks, health checks,
metrics and pages always have a home. The machine routes come from werkzeug's URL map: it matches
paths and methods, answers 405 itself, and gives handlers a parsed Request; a path it does not know
goes to the web app (a Flask app on the same werkzeug), or is a JSON 404 when there is none."""

from __future__ import annotations

import errno
import json
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Engine
from waitress.channel import HTTPChannel
from waitress.server import create_server
from waitress.task import ErrorTask
from werkzeug.exceptions import HTTPException, NotFound
from werkzeug.routing import Map, Rule
from werkzeug.wrappers import Request, Response

from bot import health, metrics
from bot.alerts.webhooks import AlertWebhooks
from bot.body_limit import MAX_BODY, Wsgi, json_error, limit_body, too_large
from bot.settings import StartupError

Handler = Callable[[Request], Response]
# Open connections the listener accepts (waitress's default is 100). Browsers keep theirs open
# between reads, so 200 readers of the status page would leave 100 waiting for a free one
# (bench/status_page.py); an idle connection costs a socket, not a thread.
CONNECTIONS = 1000


def wsgi_app(
    slack: Wsgi | None,
    engine: Engine,
    link: health.SlackLink | None = None,
    alerts: AlertWebhooks | None = None,
    web: Wsgi | None = None,
) -> Wsgi:
    """Route `/slack/events` to Slack's endpoint (HTTP mode only), `/alerts/*` to the webhooks,
    serve the health and readiness checks and `/metrics`, and hand every other path to `web`."""
    handlers: dict[str, Handler] = {
        "healthz": lambda _request: _json(*health.health(engine, link)),
        "readyz": lambda _request: _json(*health.readiness(link)),
        "metrics": lambda _request: _metrics(engine),
    }
    rules = [Rule(f"/{name}", endpoint=name, methods=["GET"]) for name in ("healthz", "readyz", "metrics")]
    if alerts is not None:
        handlers |= {"alertmanager": alerts.alertmanager, "events": alerts.events}
        rules += [
            Rule("/alerts/alertmanager", endpoint="alertmanager", methods=["POST"]),
            Rule("/alerts/events", endpoint="events", methods=["POST"]),
        ]
    if slack is not None:
        rules.append(Rule("/slack/events", endpoint="slack", methods=["POST"]))
    routes = Map(rules)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        try:
            endpoint, _ = routes.bind_to_environ(environ).match()
        except NotFound as error:
            return (web or _error(error))(environ, start_response)
        except HTTPException as error:
            return _error(error)(environ, start_response)
        if endpoint == "slack":
            assert slack is not None
            return slack(environ, start_response)
        return handlers[endpoint](Request(environ))(environ, start_response)

    return application


def _error(error: HTTPException) -> Response:
    name = (error.name or "error").lower().replace(" ", "_")
    response = _json(error.code or 500, {"ok": False, "error": name})
    if error.code == 405:
        response.headers["Allow"] = ", ".join(getattr(error, "valid_methods", None) or [])
    return response


def _metrics(engine: Engine) -> Response:
    content_type, data = metrics.exposition(engine)
    return Response(data, content_type=content_type)


def _json(status: int | str, body: dict[str, Any]) -> Response:
    """A JSON answer; `status` is a code or a whole status line such as bot/health.py's."""
    return Response(json.dumps(body), status=status, content_type="application/json")


def http_server(app: Wsgi, host: str, port: int, threads: int = 16) -> Any:
    """A waitress server; `.run()` serves until `.close()`, `.effective_port` is the bound port.
    Every route is capped at MAX_BODY: waitress refuses a larger Content-Length (or chunked body)
    before buffering it, and limit_body keeps the rule in the app itself. waitress's own refusals
    are JSON too (_JsonErrorTask)."""
    listeners: dict[int, Any] = {}
    try:
        server = create_server(
            limit_body(app),
            map=listeners,
            host=host,
            port=port,
            threads=threads,
            ident="incident-bot",
            max_request_body_size=MAX_BODY + 1,  # waitress refuses at >=; limit_body allows exactly MAX_BODY
            connection_limit=CONNECTIONS,
        )
    except OSError as error:
        if error.errno == errno.EADDRINUSE:
            raise StartupError(
                f"port {port} on {host} is already in use (another incident-bot?); stop it or set PORT"
            ) from error
        reason = error.strerror or error
        raise StartupError(f"cannot listen on {host}:{port} ({reason}); check HOST and PORT") from error
    for listener in listeners.values():  # one per address the host resolves to
        listener.channel_class = _JsonErrorChannel
    return server


class _JsonErrorTask(ErrorTask):
    """waitress's own refusals (a body over the cap, a request it cannot parse) in the JSON every
    other answer uses, instead of its plain-text page."""

    def execute(self) -> None:
        error = self.request.error
        body = json_error(too_large() if error.code == 413 else str(error.body or error.reason))
        self.status = f"{error.code} {error.reason}"
        self.response_headers.append(("Content-Type", "application/json"))
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)


class _JsonErrorChannel(HTTPChannel):
    error_task_class = _JsonErrorTask


def close_server(server: Any) -> None:
    """Stop listening, finish the request threads and close the connections still open (waitress
    only closes the listening socket itself; clients' keep-alive sockets would otherwise leak)."""
    server.close()
    server.task_dispatcher.shutdown()
    for channel in list(getattr(server, "_map", {}).values()):
        channel.close()
