"""Action items: `/incident action <text> [<@owner>] [due YYYY-MM-DD]`, `/incident actions` (this
incident's items in its channel, elsewhere the open items you own), and each item's Done button
and Reassign menu. Changes are lines in the incident channel (outbox); the list someone clicked in
is brought up to date in place."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from slack_bolt import App

from bot.core import incidents
from bot.core.actions import changes, items
from bot.core.actions.items import ActionItemView
from bot.core.errors import InvalidInput
from bot.slack import ids
from bot.slack.access import Access, access
from bot.slack.blocks import actions as blocks
from bot.slack.command import Invocation, Subcommand, validates
from bot.slack.interactions import clicked_incident, request_key, write_once
from bot.slack.mrkdwn import escape
from bot.slack.parsing import Mention, parse_mention, plain_text
from bot.slack.replies import Reply, acked
from bot.slack.services import Services

USAGE = "action <text> [<@owner>] [due YYYY-MM-DD]"
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_OWNER = re.compile(r"^(<[@#!]|@)")


@dataclass(frozen=True)
class ActionArgs:
    text: str
    owner: Mention | None = None
    due: date | None = None


def parse_action(args: str) -> ActionArgs:
    """The text, then optionally an owner and `due YYYY-MM-DD` at the end, in either order. A
    trailing `due …` is always the due date, so a typo is refused rather than kept as text."""
    words, owner, due = args.split(), None, None
    while words:
        if due is None and len(words) >= 2 and words[-2].lower() == "due":
            due, words = parse_due(words[-1]), words[:-2]
        elif _OWNER.match(words[-1]):
            if owner is not None:
                raise InvalidInput(f"Name one owner only, at the end: `{USAGE}`.")
            owner, words = parse_mention(words[-1]), words[:-1]
        else:
            break
    return ActionArgs(changes.action_text(plain_text(" ".join(words))), owner, due)


def parse_due(word: str) -> date:
    shown = escape(plain_text(word))
    if not _DATE.fullmatch(word):
        raise InvalidInput(f"`{shown}` is not a due date: write it as YYYY-MM-DD, e.g. `due 2026-12-10`.")
    try:
        return date.fromisoformat(word)
    except ValueError:
        raise InvalidInput(f"`{shown}` is not a date in the calendar: write it as YYYY-MM-DD.") from None


def _add(inv: Invocation, args: str) -> Reply:
    parsed = parse_action(args)
    owner = inv.person(parsed.owner) if parsed.owner else None
    item = inv.write(changes.add, inv.number, inv.user_id, parsed.text, owner, parsed.due)
    return f"📋 Added {item.ref}. `/incident actions` lists this incident's action items."


def _actions(inv: Invocation, _args: str) -> Reply:
    here = inv.services.desk.read(incidents.by_channel, inv.channel_id)
    return _incident_list(inv, here.number) if here else _own_list(inv)


def _incident_list(inv: Invocation, number: int, done: str = "") -> Reply:
    found = inv.services.desk.read(items.of_incident, number)
    heading = f"{done}*Action items of INC-{number}* ({sum(i.is_open for i in found)} open)"
    return blocks.listing(heading, found, _today(inv.services))


def _own_list(inv: Invocation, done: str = "") -> Reply:
    """Open items the person owns, without those of private incidents they cannot see."""
    found = inv.services.desk.read(items.owned, inv.user_id)
    hidden = {n for n in {i.number for i in found if i.private} if _hidden(inv, n)}
    shown = [i for i in found if i.number not in hidden]
    return blocks.listing(f"{done}*Your open action items* ({len(shown)})", shown, _today(inv.services), where=True)


def _hidden(inv: Invocation, number: int) -> bool:
    return access(inv.services, inv.user_id, inv.services.desk.read(incidents.get, number)) is Access.HIDDEN


def _today(services: Services) -> date:
    return services.desk.clock.now().date()


SUBCOMMANDS = [
    Subcommand("action", USAGE, "add a follow-up action item", _add, check=validates(parse_action)),
    Subcommand(
        "actions",
        "actions",
        "this incident's action items; elsewhere, your open ones",
        _actions,
        needs_incident=False,
    ),
]


def register(app: App, services: Services) -> None:
    def done(body: dict[str, Any]) -> Reply:
        item = _clicked(services, body, body["actions"][0].get("value") or "")
        changed = write_once(services, request_key(body), changes.complete, item.id, body["user"]["id"])
        return _refreshed(services, body, changed, f"☑️ {changed.ref} is done.\n")

    def reassign(body: dict[str, Any]) -> Reply:
        action = body["actions"][0]
        item = _clicked(services, body, blocks.item_id(action.get("block_id") or ""))
        owner = action.get("selected_user") or ""
        changed = write_once(services, request_key(body), changes.reassign, item.id, body["user"]["id"], owner)
        return _refreshed(services, body, changed, f"🔀 {changed.ref} is now <@{owner}>'s.\n")

    app.action(ids.ACTION_DONE)(acked(services, done))
    app.action(ids.ACTION_REASSIGN)(acked(services, reassign))


def _clicked(services: Services, body: dict[str, Any], value: str) -> ActionItemView:
    """The item a control names, if the clicker may act on it (see `clicked_incident`)."""
    if not re.fullmatch(r"[0-9]{1,9}", value):
        raise InvalidInput("This control does not name an action item. Use `/incident actions`.")
    item = services.desk.read(items.get, int(value))
    clicked_incident(services, body, str(item.number))
    return item


def _refreshed(services: Services, body: dict[str, Any], item: ActionItemView, done: str) -> Reply:
    """The list the control was in, brought up to date in place. A control on a message everyone
    sees (the reminder DM) is answered with the one line instead."""
    if not (body.get("container") or {}).get("is_ephemeral"):
        return done.strip()
    channel = (body.get("channel") or {}).get("id") or ""
    inv = Invocation(services, body["user"]["id"], channel, body.get("trigger_id") or "", body.get("response_url"))
    here = services.desk.read(incidents.by_channel, channel)
    reply = _incident_list(inv, item.number, done) if here and here.number == item.number else _own_list(inv, done)
    if inv.response_url and isinstance(reply, list):
        services.gateway.respond(inv.response_url, done.strip(), reply, replace=True)
        return None
    return reply
