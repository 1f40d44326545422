"""Pending reminders as rows: one per incident and kind, written in the transaction of the change
that causes it. `due()` claims what has fallen due so that each row fires in exactly one process."""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlmodel import Session

from bot.store.models import Incident, ScheduledItem

UPDATE_NUDGE = "update_nudge"
NO_COMMANDER = "no_commander"
COMMANDER_SILENT = "commander_silent"
STUCK = "stuck_investigating"
PAGE = "page"
EXHAUSTED = "exhausted"
POSTMORTEM = "postmortem"
AFTER_RESOLVE = frozenset({POSTMORTEM})  # reminders that outlive the open incident


def arm(session: Session, row: Incident, kind: str, due: datetime, **payload: Any) -> None:
    """Set (or move) the incident's `kind` reminder to `due`."""
    item = pending(session, row, kind)
    if item is None:
        assert row.id is not None
        session.add(ScheduledItem(incident_id=row.id, kind=kind, due_at=due, payload=json.dumps(payload)))
    else:
        item.due_at, item.payload = due, json.dumps(payload)
    session.flush()


def disarm(session: Session, row: Incident, *kinds: str, keep: Collection[str] = ()) -> None:
    """Drop the incident's reminders of these kinds (all of them when none are named), but those in `keep`."""
    query = delete(ScheduledItem).where(ScheduledItem.incident_id == row.id)
    if kinds:
        query = query.where(ScheduledItem.kind.in_(kinds))
    if keep:
        query = query.where(ScheduledItem.kind.not_in(keep))
    session.execute(query)


def pending(session: Session, row: Incident, kind: str) -> ScheduledItem | None:
    query = select(ScheduledItem).where(ScheduledItem.incident_id == row.id, ScheduledItem.kind == kind)
    return session.scalars(query).first()


def due(session: Session, now: datetime, limit: int) -> list[ScheduledItem]:
    """The oldest due rows, locked; on PostgreSQL rows another process holds are skipped, not waited
    for. SQLite has one writer at a time (BEGIN IMMEDIATE), which gives the same guarantee."""
    query = select(ScheduledItem).where(ScheduledItem.due_at <= now).order_by(ScheduledItem.due_at).limit(limit)
    if session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return list(session.scalars(query))


def payload(item: ScheduledItem) -> dict[str, Any]:
    return json.loads(item.payload)
