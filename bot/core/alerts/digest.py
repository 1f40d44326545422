"""The alert digest: alerts joining an incident are told in its channel as one message, at most
once a minute. Claiming a digest is atomic (the group row is locked), so two delivery threads
never post the same minute twice; a failed post hands its claim back for the retry."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select

from bot.core.alerts.groups import DIGEST_EVERY, schedule_digest
from bot.core.tx import Tx
from bot.core.views import EventView, IncidentView
from bot.store.models import AlertGroup, Incident, TimelineEvent

CHANNEL_WAIT = timedelta(seconds=1)  # between looks for a new incident's channel and card (set-up is queued)
CARD_WAIT = timedelta(minutes=2)  # the longest the digest waits behind a card Slack will not take


@dataclass(frozen=True)
class Digest:
    """Alert events of an incident claimed for one message, and the claim to hand back on failure."""

    group_id: int
    incident: IncidentView
    events: tuple[EventView, ...]
    links: dict[str, str]
    previous: tuple[int, datetime | None]  # (digested_event_id, digest_at) before this claim


def claim(tx: Tx, group_id: int) -> Digest | None:
    """The next digest to post, or None: nothing new, or not yet (then a later one is queued)."""
    group = _locked(tx, group_id)
    if group is None or group.incident_id is None:
        return None
    incident = tx.session.get_one(Incident, group.incident_id)
    if group.digest_at and group.digest_at + DIGEST_EVERY > tx.now:
        schedule_digest(tx, group)
        return None
    if _before_card(tx, incident):
        schedule_digest(tx, group, CHANNEL_WAIT)
        return None
    events = _pending(tx, group)
    if not events:
        return None
    previous = (group.digested_event_id, group.digest_at)
    group.digested_event_id, group.digest_at = events[-1].id, tx.now
    return Digest(group_id, tx.view(incident), events, json.loads(group.links), previous)


def _before_card(tx: Tx, incident: Incident) -> bool:
    """Whether the channel is not ready for the digest: no channel yet, or its card (which comes
    first) not yet posted. A card that cannot be posted holds the alerts back for CARD_WAIT at most."""
    if incident.channel_id is None:
        return True
    return incident.card_ts is None and tx.now < incident.declared_at + CARD_WAIT


def release(tx: Tx, digest: Digest) -> None:
    """The post failed: the same alerts go in the retry."""
    group = _locked(tx, digest.group_id)
    if group is not None and group.digested_event_id == digest.events[-1].id:
        group.digested_event_id, group.digest_at = digest.previous


def _locked(tx: Tx, group_id: int) -> AlertGroup | None:
    query = select(AlertGroup).where(AlertGroup.id == group_id)
    if tx.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    return tx.session.scalars(query).first()


def _pending(tx: Tx, group: AlertGroup) -> tuple[EventView, ...]:
    query = select(TimelineEvent).where(
        TimelineEvent.incident_id == group.incident_id,
        TimelineEvent.kind == "alert",
        TimelineEvent.id > group.digested_event_id,
    )
    return tuple(EventView.of(e) for e in tx.session.scalars(query.order_by(TimelineEvent.id)))
