"""The Slack side of the inbox (bot/jobs/inbox.py): which requests it keeps, keeping them before
the ack, and replaying a kept one through the same Bolt listeners as when it first came."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

from slack_bolt import App, BoltRequest
from sqlalchemy.exc import SQLAlchemyError

from bot.jobs.inbox import Inbox, Replay
from bot.slack.interactions import request_key
from bot.slack.payload import JSON

log = logging.getLogger(__name__)
KEPT = frozenset({"command", "block_actions", "view_submission", "shortcut", "message_action"})  # never resent
KEPT_HEADER = "x-incident-bot-kept"  # on a request the inbox holds already: keeping it again is a wasted write


def kind_of(body: dict[str, Any]) -> str:
    return "command" if "command" in body else str(body.get("type"))


def inbox_key(body: dict[str, Any]) -> str | None:
    """The key a kept request is filed under: its dedupe key, so a replay of a request whose change
    committed changes nothing."""
    if kind_of(body) not in KEPT:
        return None
    try:
        return request_key(body)
    except (KeyError, TypeError):
        return None  # no trigger or view id: not a request Slack sends, and its listener refuses it


def keeper(inbox: Inbox) -> Callable[..., None]:
    """A global Bolt middleware: it runs before every ack. If the database cannot take the row, the
    request goes on as before (its work after the ack answers that the database is unavailable)."""

    def keep_request(request: BoltRequest, body: dict[str, Any], next: Callable[[], None]) -> None:  # Bolt's names
        if KEPT_HEADER not in request.headers and (key := inbox_key(body)):
            try:
                inbox.receive(key, kind_of(body), body)
            except SQLAlchemyError as error:
                log.warning("could not keep %s before its ack: %s", key, error)
        next()

    return keep_request


def replayer(app: App) -> Replay:
    """Run a request through the app again, as Slack sent it; the ack goes nowhere. For a kept
    request replayed, and for each request the front process hands the worker (bot/processes.py):
    either is in the inbox already, if it is to be kept at all. False when no listener takes it."""

    def replay(body: dict[str, Any]) -> bool:
        headers = {"content-type": JSON, KEPT_HEADER: "1"}
        return app.dispatch(BoltRequest(body=json.dumps(body), headers=headers)).status != 404

    return replay
