"""Messages posted in channels the bot is in. Bolt runs only the first listener an event matches,
so `message` has this one listener, and every reader gets every message as a handler of its
own (one reader's failure never keeps a message from the other): the alert watcher reads
watch_channels, the silence nudge hears the commander in incident channels, a pinned message's
timeline entry follows its edits and deletion."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from slack_bolt import App

from bot.slack.features import alerts, handoff, timeline
from bot.slack.replies import Handler, Reply, acked
from bot.slack.services import Services

Reader = Callable[[Services, dict[str, Any]], Reply]
READERS: tuple[Reader, ...] = (alerts.watch, handoff.heard, timeline.followed)


def register(app: App, services: Services) -> None:
    app.event("message")(acked(services, *[_bound(read, services) for read in READERS]))


def _bound(read: Reader, services: Services) -> Handler:
    return functools.partial(read, services)
