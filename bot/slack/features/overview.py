"""Answers that work anywhere: help and the incident list."""

from __future__ import annotations

from bot.core import incidents
from bot.slack.access import Access, access
from bot.slack.blocks import answers
from bot.slack.command import Invocation, Subcommand
from bot.slack.replies import Reply


def _list(inv: Invocation, _args: str) -> Reply:
    found = [(i, access(inv.services, inv.user_id, i)) for i in inv.services.desk.read(incidents.listing)]
    unchecked = {i.number for i, seen in found if seen is Access.UNCHECKED}
    return answers.listing([i for i, seen in found if seen is not Access.HIDDEN], unchecked)


SUBCOMMANDS = [
    Subcommand("list", "list", "open incidents and those ended in the last week", _list, needs_incident=False),
]
