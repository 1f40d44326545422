"""What the pages read: the settings, the core's desk, what Slack says about the reader, the
postmortem renderer and Slack's sign-in, handed to Flask once at start-up and reached from a view
with `web_context()`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from flask import current_app

from bot.core.desk import Desk
from bot.core.postmortem import Postmortems
from bot.settings import Settings
from bot.slack.openid import SlackSignIn

if TYPE_CHECKING:
    from bot.web.dashboard.visibility import Directory

EXTENSION = "incident_bot"


@dataclass(frozen=True)
class WebContext:
    settings: Settings
    desk: Desk
    directory: Directory  # the reader's private channels and the workspace's address, from Slack
    postmortems: Postmortems
    permit: Callable[[str, str], None]  # (action, user): raises Forbidden or CouldNotCheck, as in Slack
    sign_in: SlackSignIn | None = None  # None: the dashboard is off

    def now(self) -> datetime:
        """The bot's clock, so a session's expiry follows the clock tests move."""
        return self.desk.clock.now()


def web_context() -> WebContext:
    """The running bot's context, from inside a request."""
    return current_app.extensions[EXTENSION]
