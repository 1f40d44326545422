"""Who sees a private incident on the dashboard: members of its channel, as in Slack
(bot/slack/access.py). The reader's private channels come from Slack through the directory, cached
briefly; when Slack cannot say, private incidents are hidden and the page says so. A hidden
incident's page is a 404, never a 403, so its number says nothing."""

from __future__ import annotations

from typing import Protocol

from flask import abort

from bot.core.dashboard import listing
from bot.core.dashboard.listing import Seen
from bot.core.views import IncidentView
from bot.web.context import web_context
from bot.web.dashboard.reader import reader_id


class Directory(Protocol):
    """What the dashboard asks Slack (bot/slack/directory.py)."""

    def private_channels(self, user_id: str) -> frozenset[str] | None: ...
    def workspace_url(self) -> str | None: ...


def seen() -> Seen:
    user_id = reader_id()
    return Seen(user_id, web_context().directory.private_channels(user_id))


def shown(number: int) -> IncidentView:
    """The incident, or a 404 when it does not exist or the reader may not see it."""
    incident = web_context().desk.read(listing.visible, number, seen())
    if incident is None:
        abort(404)
    return incident
