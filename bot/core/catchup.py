"""The catch-up for someone joining an incident late (`/incident summary`, and once on joining its
channel): where it stands, who holds what, the last update, the few events that mattered most and
the follow-ups still open. Deterministic: the same record gives the same catch-up.

The events that matter most are chosen by rank, then recency: turning points (the declaration,
acknowledgement, status and severity changes, resolve, reopen, cancel, close, handoffs, exhausted
escalation) over who holds which role, over what people wrote (updates, impact, renames, notes,
pins), over the machinery (alerts, pages, and any kind not ranked here). Among equals the newest
win. The chosen ones are shown oldest first, so they read as a story."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, select

from bot.core import dedupe, roles
from bot.core.actions import items
from bot.core.actions.items import ActionItemView
from bot.core.status import OPEN
from bot.core.tx import Tx
from bot.core.views import EventView, IncidentView
from bot.store.models import Incident, TimelineEvent

HIGHLIGHTS = 5
RANKS: tuple[tuple[str, ...], ...] = (
    (
        "declared",
        "acknowledged",
        "status",
        "severity",
        "resolved",
        "reopened",
        "cancelled",
        "closed",
        "handoff",
        "escalation_exhausted",
    ),
    ("role_assigned", "role_relieved"),
    ("update", "impact", "renamed", "note", "pin"),
)
RANKED = tuple(kind for rank in RANKS for kind in rank)


@dataclass(frozen=True)
class CatchUp:
    incident: IncidentView
    now: datetime
    last_update: EventView | None
    highlights: tuple[EventView, ...]
    actions: tuple[ActionItemView, ...]

    @property
    def ended_at(self) -> datetime | None:
        """When it stopped being open: resolved (closing keeps that time) or cancelled."""
        if self.incident.status in OPEN:
            return None
        return self.incident.cancelled_at or self.incident.resolved_at or self.incident.closed_at

    @property
    def duration(self) -> timedelta:
        """How long it has been open, or how long it lasted."""
        return (self.ended_at or self.now) - self.incident.declared_at

    @property
    def update_age(self) -> timedelta | None:
        return self.now - self.last_update.at if self.last_update else None


def summary(tx: Tx, number: int) -> CatchUp:
    row = tx.incident(number)
    update = _newest(tx, row, TimelineEvent.kind == "update", 1)
    return CatchUp(tx.view(row), tx.now, update[0] if update else None, highlights(tx, row), open_actions(tx, row))


def highlights(tx: Tx, row: Incident) -> tuple[EventView, ...]:
    """The HIGHLIGHTS events that matter most (see the module's docstring), oldest first."""
    chosen: list[EventView] = []
    for condition in (*(TimelineEvent.kind.in_(rank) for rank in RANKS), TimelineEvent.kind.not_in(RANKED)):
        if len(chosen) < HIGHLIGHTS:
            chosen += _newest(tx, row, condition, HIGHLIGHTS - len(chosen))
    return tuple(sorted(chosen, key=lambda e: (e.at, e.id)))


def _newest(tx: Tx, row: Incident, condition: ColumnElement[bool], limit: int) -> list[EventView]:
    query = select(TimelineEvent).where(TimelineEvent.incident_id == row.id, condition)
    newest = query.order_by(TimelineEvent.at.desc(), TimelineEvent.id.desc()).limit(limit)
    return [EventView.of(e) for e in tx.session.scalars(newest)]


def open_actions(tx: Tx, row: Incident) -> tuple[ActionItemView, ...]:
    """Open action items, the soonest due first and undated ones last, then in the order added."""
    return tuple(item for item in items.of_incident(tx, row.number) if item.is_open)


def welcome(tx: Tx, channel_id: str, user: str) -> bool:
    """Queue the catch-up for `user`, who just joined `channel_id`; True if queued. Only in an
    incident's channel, never to its declarer or the commander it named (still in command), not while
    nothing has happened beyond the declaration (the channel shows all there is), and once per person
    and incident whatever Slack retries, however many replicas hear the join and however often they
    re-join."""
    row = tx.session.scalars(select(Incident).where(Incident.channel_id == channel_id)).first()
    if row is None or user in _declarers(tx, row) or not _has_news(tx, row):
        return False
    if not dedupe.first_time(tx, dedupe.kept(f"catchup:{row.id}:{user}")):
        return False
    tx.enqueue("catch_up", row, {"user": user})
    return True


def _declarers(tx: Tx, row: Incident) -> set[str]:
    """Who the declaration itself brought in: the declarer and the commander it named."""
    assert row.id is not None
    named = {a.user_id for a in roles.active(tx.session, row.id) if a.assigned_at == row.declared_at}
    return named | ({row.declared_by} if row.declared_by else set())


def _has_news(tx: Tx, row: Incident) -> bool:
    """Anything recorded after the declaration's own transaction."""
    later = select(TimelineEvent.id).where(TimelineEvent.incident_id == row.id, TimelineEvent.at > row.declared_at)
    return tx.session.execute(later.limit(1)).first() is not None
