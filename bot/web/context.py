"""What the pages read: the settings and the core's desk, handed to Flask once at start-up and
reached from a view with `web_context()`."""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app

from bot.core.desk import Desk
from bot.settings import Settings

EXTENSION = "incident_bot"


@dataclass(frozen=True)
class WebContext:
    settings: Settings
    desk: Desk


def web_context() -> WebContext:
    """The running bot's context, from inside a request."""
    return current_app.extensions[EXTENSION]
