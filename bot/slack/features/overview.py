"""Answers that work anywhere: help and the incident list."""

from __future__ import annotations

from bot.core import incidents
from bot.slack.blocks import answers
from bot.slack.command import Invocation, Subcommand
from bot.slack.interactions import can_see
from bot.slack.replies import Reply


def _list(inv: Invocation, _args: str) -> Reply:
    gateway = inv.services.gateway
    return answers.listing([i for i in inv.services.desk.read(incidents.listing) if can_see(gateway, i, inv.user_id)])


SUBCOMMANDS = [
    Subcommand("list", "list", "open incidents and those ended in the last week", _list, needs_incident=False),
]
