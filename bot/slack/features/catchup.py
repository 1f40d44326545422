"""Catching up on an incident: `/incident summary` for anyone, at any time, and the same summary
once for someone who joins the incident's channel (`member_joined_channel`)."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.core import catchup
from bot.slack.blocks import catchup as blocks
from bot.slack.command import Invocation, Subcommand
from bot.slack.replies import Reply, acked
from bot.slack.services import Services


def _summary(inv: Invocation, _args: str) -> Reply:
    return blocks.catch_up(inv.services.desk.read(catchup.summary, inv.number))


SUBCOMMANDS = [
    Subcommand(
        "summary",
        "summary",
        "catch up: where it stands, who holds what, the last update, key events, open action items",
        _summary,
    ),
]


def register(app: App, services: Services) -> None:
    def joined(body: dict[str, Any]) -> Reply:
        """Queue the catch-up (the core decides whether this person gets one); the bot itself joining
        the channel it created needs none."""
        event = body["event"]
        if event["user"] != services.gateway.bot_user_id:
            services.desk.run(catchup.welcome, event["channel"], event["user"])
        return None

    app.event("member_joined_channel")(acked(services, joined))
