"""Answers that work anywhere: help and the incident list."""

from __future__ import annotations

import logging
from enum import Enum

from slack_sdk.errors import SlackApiError

from bot.core import incidents
from bot.core.views import IncidentView
from bot.slack.blocks import answers
from bot.slack.command import Invocation, Subcommand
from bot.slack.failures import classify
from bot.slack.replies import Reply

log = logging.getLogger(__name__)


class Access(Enum):
    HIDDEN = "hidden"
    SHOWN = "shown"
    UNCHECKED = "unchecked"  # the bot cannot see the channel, so membership is unknown


def _list(inv: Invocation, _args: str) -> Reply:
    found = [(i, access(inv, i)) for i in inv.services.desk.read(incidents.listing)]
    unchecked = {i.number for i, seen in found if seen is Access.UNCHECKED}
    return answers.listing([i for i, seen in found if seen is not Access.HIDDEN], unchecked)


def access(inv: Invocation, incident: IncidentView) -> Access:
    """Whether the invoker may see the incident in the list, and how that is known. Private
    incidents show only to members of their channel. When the channel cannot be checked (the bot
    was removed from it, Slack failed), it shows only to the people the incident records, marked,
    so one bad channel never breaks the answer about the others and never leaks to anyone else."""
    if not incident.private:
        return Access.SHOWN
    recorded = inv.user_id in incident.people or inv.user_id == incident.declared_by
    if not incident.channel_id:
        return Access.SHOWN if recorded else Access.HIDDEN
    try:
        return Access.SHOWN if _is_member(inv, incident.channel_id) else Access.HIDDEN
    except (SlackApiError, OSError) as error:
        log.warning("cannot check who is in %s's channel: %s", incident.ref, classify(error).reason)
        return Access.UNCHECKED if recorded else Access.HIDDEN


def _is_member(inv: Invocation, channel_id: str) -> bool:
    client = inv.services.gateway.client
    return any(inv.user_id in page["members"] for page in client.conversations_members(channel=channel_id, limit=1000))


SUBCOMMANDS = [
    Subcommand("list", "list", "open incidents and those ended in the last week", _list, needs_incident=False),
]
