"""How Slack traffic reaches the Bolt app: the WSGI endpoint for HTTP mode, or a Socket Mode
connection that shares the gateway's Web API client."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App, BoltRequest
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi.http_response import WsgiHttpResponse

from bot import metrics
from bot.slack.gateway import SlackGateway
from bot.slack.inbox import KEPT_HEADER
from bot.slack.payload import JSON, BadPayload, parse_payload
from bot.slack.signing import is_signed


class SlackEndpoint:
    """`POST /slack/events`. The signature is checked on the raw bytes before anything is parsed,
    the body must be what Slack sends, and Bolt gets it as one JSON object: a bad request is a 401
    or a 400, never a traceback. Bolt's own verification is off because this is its only door,
    and Bolt's parser would mistake a command whose text contains "payload" for interactivity."""

    def __init__(self, app: App, signing_secret: str) -> None:
        if not signing_secret:
            raise ValueError("HTTP mode needs SLACK_SIGNING_SECRET")
        self.app, self.secret = app, signing_secret

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        raw = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))  # capped by limit_body
        response = self.handle(raw, _headers(environ), environ.get("QUERY_STRING", ""))
        start_response(response.status, response.get_headers())
        return response.get_body()

    def handle(self, raw: bytes, headers: dict[str, str], query: str) -> WsgiHttpResponse:
        timestamp, signature = headers.get("x-slack-request-timestamp", ""), headers.get("x-slack-signature", "")
        if not is_signed(self.secret, raw, timestamp, signature):
            return WsgiHttpResponse(401, body="invalid or stale signature\n")
        try:
            body = parse_payload(raw, headers.get("content-type", ""))
        except BadPayload as error:
            return WsgiHttpResponse(400, body=f"{error}\n")
        request = BoltRequest(body=json.dumps(body), query=query, headers={**headers, "content-type": JSON})
        with metrics.ACK_SECONDS.labels(request_kind(body)).time():
            answer = self.app.dispatch(request)
        return WsgiHttpResponse(answer.status, answer.headers, answer.body)


def request_kind(body: dict[str, Any]) -> str:
    """command, action, view, shortcut, event or other: the bounded label of the ack histogram."""
    if "command" in body:
        return "command"
    return KINDS.get(str(body.get("type")), "other")


KINDS = {
    "block_actions": "action",
    "interactive_message": "action",
    "view_submission": "view",
    "view_closed": "view",
    "shortcut": "shortcut",
    "message_action": "shortcut",
    "event_callback": "event",
    "url_verification": "event",
}


def _headers(environ: dict[str, Any]) -> dict[str, str]:
    """The request headers by lowercase name, e.g. `x-slack-signature`."""
    headers = {k[5:]: v for k, v in environ.items() if k.startswith("HTTP_")}
    headers |= {k: environ[k] for k in ("CONTENT_TYPE", "CONTENT_LENGTH") if environ.get(k)}
    named = {k.lower().replace("_", "-"): v for k, v in headers.items()}
    return {k: v for k, v in named.items() if k != KEPT_HEADER}  # only the bot itself says a request is kept


def events_endpoint(app: App, signing_secret: str) -> SlackEndpoint:
    """The WSGI application for `POST /slack/events`."""
    return SlackEndpoint(app, signing_secret)


def open_socket(app: App, app_token: str, gateway: SlackGateway) -> SocketModeHandler:
    handler = SocketModeHandler(app, app_token=app_token)
    handler.client.web_client = gateway.client
    try:
        handler.connect()
    except BaseException:
        handler.close()  # a failed try must not leave its threads behind: start-up may try again
        raise
    return handler
