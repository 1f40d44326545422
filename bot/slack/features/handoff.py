"""Command: `/incident handoff <@user>`, the I'll take command button, and the channel messages that
tell the bot the commander is not silent."""

from __future__ import annotations

from typing import Any

from slack_bolt import App, Respond

from bot.core import handoff, reminders, staffing
from bot.core.roles import Role
from bot.slack import ids
from bot.slack.command import Invocation, Reply, Subcommand, ack_only, answer, guarded, validates
from bot.slack.parsing import parse_person
from bot.slack.services import Services

USAGE = "handoff <@user>"


def _handoff(inv: Invocation, args: str) -> Reply:
    who = inv.person(parse_person(args, USAGE).who)
    inv.services.desk.run(handoff.handoff, inv.number, who, inv.user_id)
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
    def take_command(body: dict[str, Any], action: dict[str, Any], respond: Respond) -> None:
        user = body["user"]["id"]

        def work() -> Reply:
            services.desk.run(staffing.assign, int(action["value"]), Role.COMMANDER, user, user)
            return None

        answer(respond, guarded(work))

    def message(event: dict[str, Any]) -> None:
        if event.get("subtype") or event.get("bot_id") or not event.get("user"):
            return
        services.desk.run(reminders.heard, event["channel"], event["user"])

    app.action(ids.TAKE_COMMAND)(ack=ack_only, lazy=[take_command])
    app.event("message")(ack=ack_only, lazy=[message])
