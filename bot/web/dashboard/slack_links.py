"""Links from the dashboard back into Slack: the incident's channel on the workspace's own address
(auth.test's `url`, so it opens in the browser or the app alike), and a timeline entry's stored
permalink (pinned and watched messages keep theirs). Nothing is linked that is not an http(s) URL."""

from __future__ import annotations

from bot.core.links import web_url
from bot.core.narrative import Voice, describe
from bot.core.views import EventView, IncidentView
from bot.web.context import web_context

VOICE = Voice(lambda user_id: user_id or "The bot")  # pages show IDs: naming people would ask Slack per page


def channel_url(incident: IncidentView) -> str | None:
    workspace = web_context().directory.workspace_url()
    if not (workspace and incident.channel_id):
        return None
    return web_url(f"{workspace.rstrip('/')}/archives/{incident.channel_id}")


def entry_url(event: EventView) -> str | None:
    return web_url(event.data.get("permalink"))


def sentence(event: EventView) -> str:
    return describe(event, VOICE)
