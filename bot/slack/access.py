"""Who may see a private incident named: the members of its channel. Shared by every answer that
names incidents to whoever asks (`/incident list`, `/incident stats`), so they decide alike."""

from __future__ import annotations

import logging
from collections.abc import Collection
from enum import Enum
from typing import Protocol

from slack_sdk.errors import SlackApiError

from bot.slack.failures import classify
from bot.slack.services import Services

log = logging.getLogger(__name__)


class Access(Enum):
    HIDDEN = "hidden"
    SHOWN = "shown"
    UNCHECKED = "unchecked"  # the bot cannot see the channel, so membership is unknown


class Guarded(Protocol):
    """What deciding needs: an IncidentView, or a stats repeat's Named incident."""

    @property
    def private(self) -> bool: ...
    @property
    def channel_id(self) -> str | None: ...
    @property
    def declared_by(self) -> str | None: ...
    @property
    def people(self) -> Collection[str]: ...
    @property
    def ref(self) -> str: ...


def access(services: Services, user_id: str, incident: Guarded) -> Access:
    """Whether `user_id` may see the incident named, and how that is known. Private incidents show
    only to members of their channel. When the channel cannot be checked (the bot was removed from
    it, Slack failed), it shows only to the people the incident records, marked, so one bad channel
    never breaks the answer about the others and never leaks to anyone else."""
    if not incident.private:
        return Access.SHOWN
    recorded = user_id in incident.people or user_id == incident.declared_by
    if not incident.channel_id:
        return Access.SHOWN if recorded else Access.HIDDEN
    try:
        return Access.SHOWN if _is_member(services, user_id, incident.channel_id) else Access.HIDDEN
    except (SlackApiError, OSError) as error:
        log.warning("cannot check who is in %s's channel: %s", incident.ref, classify(error).reason)
        return Access.UNCHECKED if recorded else Access.HIDDEN


def _is_member(services: Services, user_id: str, channel_id: str) -> bool:
    pages = services.gateway.client.conversations_members(channel=channel_id, limit=1000)
    return any(user_id in page["members"] for page in pages)
