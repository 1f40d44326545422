"""Answers that work anywhere: help and the incident list."""

from __future__ import annotations

from bot.core import incidents
from bot.core.views import IncidentView
from bot.slack.blocks import answers
from bot.slack.command import Invocation, Reply, Subcommand


def _list(inv: Invocation, _args: str) -> Reply:
    visible = [i for i in inv.services.desk.read(incidents.listing) if _may_see(inv, i)]
    return answers.listing(visible)


def _may_see(inv: Invocation, incident: IncidentView) -> bool:
    """Private incidents show only to members of their channel."""
    if not incident.private:
        return True
    if not incident.channel_id:
        return inv.user_id in incident.people or inv.user_id == incident.declared_by
    members = inv.services.gateway.client.conversations_members(channel=incident.channel_id, limit=1000)
    return inv.user_id in members["members"]


SUBCOMMANDS = [
    Subcommand("list", "list", "open incidents and those ended in the last week", _list, needs_incident=False),
]
