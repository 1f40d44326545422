"""Command: `/incident handoff <@user>`, the I'll take command button, and the channel messages that
tell the bot the commander is not silent."""

from __future__ import annotations

from typing import Any

from slack_bolt import App

from bot.core import gate, reminders
from bot.core.roles import Role
from bot.slack import ids
from bot.slack.command import Invocation, Subcommand, validates
from bot.slack.interactions import clicked_incident, request_key, write_once
from bot.slack.parsing import parse_person
from bot.slack.permits import assigner
from bot.slack.replies import Reply, acked
from bot.slack.services import Services

USAGE = "handoff <@user>"


def _handoff(inv: Invocation, args: str) -> Reply:
    who = inv.person(parse_person(args, USAGE))
    inv.write(gate.hand_over, assigner(inv.services, inv.user_id), inv.number, who)
    return None  # the note is posted in the channel and sent to the new commander


SUBCOMMANDS = [
    Subcommand(
        "handoff",
        USAGE,
        "hand command over, with a handoff note",
        _handoff,
        check=validates(lambda a: parse_person(a, USAGE)),
    ),
]


def register(app: App, services: Services) -> None:
    def take_command(body: dict[str, Any]) -> Reply:
        number, user = clicked_incident(services, body), body["user"]["id"]
        write_once(services, request_key(body), gate.assign, assigner(services, user), number, Role.COMMANDER, [user])
        return None  # the role change is said in the channel

    app.action(ids.TAKE_COMMAND)(acked(services, take_command))


def heard(services: Services, body: dict[str, Any]) -> Reply:
    """A person spoke in a channel (bot/slack/features/channel_messages.py passes every message):
    the commander speaking resets the silence nudge. Not a request: a failure is only logged."""
    event = body["event"]
    if event.get("subtype") or event.get("bot_id") or not event.get("user"):
        return None
    services.desk.run(reminders.heard, event["channel"], event["user"])
    return None
