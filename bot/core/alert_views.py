"""Read-only pictures of alert groups for the adapter: a prompt's state and the alerts an
incident's next digest has to tell."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from bot.core.alert_groups import DIGEST_EVERY, schedule_digest
from bot.core.tx import Tx
from bot.core.views import EventView, IncidentView
from bot.store.models import Alert, AlertGroup, Incident, TimelineEvent


@dataclass(frozen=True)
class GroupView:
    id: int
    title: str
    source: str
    firing: int
    resolved: int
    prompt_channel: str | None
    prompt_thread: str | None
    prompt_ts: str | None
    links: dict[str, str]
    incident: IncidentView | None

    @property
    def all_resolved(self) -> bool:
        return self.firing == 0


@dataclass(frozen=True)
class Digest:
    """Alert events of an incident not yet told in its channel."""

    group_id: int
    incident: IncidentView
    events: tuple[EventView, ...]
    links: dict[str, str]
    not_before: datetime | None  # a minute after the last digest: one message a minute at most


def group(tx: Tx, group_id: int) -> GroupView:
    row = tx.session.get(AlertGroup, group_id)
    assert row is not None and row.id is not None
    counts = dict(
        tx.session.execute(
            select(Alert.firing, func.count()).where(Alert.group_id == row.id).group_by(Alert.firing)
        ).all()
    )
    incident = tx.view(tx.session.get_one(Incident, row.incident_id)) if row.incident_id else None
    return GroupView(
        row.id,
        row.title,
        row.source,
        counts.get(True, 0),
        counts.get(False, 0),
        row.prompt_channel,
        row.prompt_thread,
        row.prompt_ts,
        json.loads(row.links),
        incident,
    )


def digest(tx: Tx, group_id: int) -> Digest | None:
    row = tx.session.get(AlertGroup, group_id)
    if row is None or row.incident_id is None:
        return None
    query = select(TimelineEvent).where(
        TimelineEvent.incident_id == row.incident_id,
        TimelineEvent.kind == "alert",
        TimelineEvent.id > row.digested_event_id,
    )
    found = tuple(EventView.of(e) for e in tx.session.scalars(query.order_by(TimelineEvent.id)))
    incident = tx.view(tx.session.get_one(Incident, row.incident_id))
    not_before = row.digest_at + DIGEST_EVERY if row.digest_at else None
    return Digest(row.id or 0, incident, found, json.loads(row.links), not_before) if found else None


def digested(tx: Tx, group_id: int, last_event_id: int) -> None:
    row = tx.session.get(AlertGroup, group_id)
    assert row is not None
    row.digested_event_id, row.digest_at = max(row.digested_event_id, last_event_id), tx.now


def later(tx: Tx, group_id: int, seconds: float = 0.0) -> None:
    """A digest that came too early waits: for its minute (a twin went out first), or `seconds`
    for the incident's channel to exist. Waiting this way is not a failed attempt."""
    row = tx.session.get(AlertGroup, group_id)
    assert row is not None
    schedule_digest(tx, row, timedelta(seconds=seconds))


def prompted(tx: Tx, group_id: int, ts: str) -> None:
    row = tx.session.get(AlertGroup, group_id)
    assert row is not None
    row.prompt_ts = row.prompt_ts or ts
