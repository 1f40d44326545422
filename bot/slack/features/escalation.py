"""Paging people: `/incident oncall` (anywhere), `/incident escalate [<@user>|<!subteam^ID>]` and the
Escalate now button on the stuck-investigating nudge."""

from __future__ import annotations

import re
from typing import Any

from slack_bolt import App

from bot.core import escalation
from bot.core.errors import InvalidInput
from bot.core.feeds.duty import duties
from bot.slack import ids
from bot.slack.blocks import oncall
from bot.slack.command import Invocation, Subcommand, validates
from bot.slack.interactions import clicked_incident, request_key, write_once
from bot.slack.parsing import Mention, parse_mention
from bot.slack.replies import Reply, acked
from bot.slack.services import Services

USAGE = "escalate [<@user>|<!subteam^ID>]"
_SUBTEAM = re.compile(r"^<!subteam\^(S[A-Z0-9]+)(?:\|[^>]*)?>$")


def parse_target(args: str) -> str | Mention | None:
    """Nothing: the next level. A user group becomes `subteam:<ID>`; a person stays a Mention to resolve."""
    token = args.strip()
    if not token:
        return None
    if match := _SUBTEAM.match(token):
        return f"subteam:{match.group(1)}"
    mention = parse_mention(token)
    if mention.user_id is None and mention.name is None:
        raise InvalidInput(f"Page whom? `{USAGE}` — a person or a user group from Slack's @-menu.")
    return mention


def _escalate(inv: Invocation, args: str) -> Reply:
    target = parse_target(args)
    who = inv.person(target) if isinstance(target, Mention) else target
    inv.write(escalation.escalate, inv.number, inv.user_id, who)
    return None


def _oncall(inv: Invocation, _args: str) -> Reply:
    return oncall.answer(inv.services.desk.read(duties))


SUBCOMMANDS = [
    Subcommand("oncall", "oncall", "who is on call now and next", _oncall, needs_incident=False),
    Subcommand(
        "escalate", USAGE, "page the next level now, or a person or group", _escalate, check=validates(parse_target)
    ),
]


def register(app: App, services: Services) -> None:
    def escalate_now(body: dict[str, Any]) -> Reply:
        number = clicked_incident(services, body)
        write_once(services, request_key(body), escalation.escalate, number, body["user"]["id"])
        return None  # the page's line in the channel says who was paged

    app.action(ids.ESCALATE_NOW)(acked(services, escalate_now))
