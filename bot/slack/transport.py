"""How Slack traffic reaches the Bolt app: the WSGI endpoint for HTTP mode, or a Socket Mode
connection that shares the gateway's Web API client."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.slack.gateway import SlackGateway


def events_endpoint(app: App) -> Any:
    """The WSGI application for `POST /slack/events`."""
    return SlackRequestHandler(app)


def open_socket(app: App, app_token: str, gateway: SlackGateway) -> SocketModeHandler:
    handler = SocketModeHandler(app, app_token=app_token)
    handler.client.web_client = gateway.client
    handler.connect()
    return handler
