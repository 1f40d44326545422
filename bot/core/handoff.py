"""Handing command over: the new commander takes the role, and a handoff note — where things
stand, who holds what, the last update and the newest timeline entries — is recorded with it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from bot.core import roles, staffing
from bot.core.errors import IllegalTransition
from bot.core.roles import Role
from bot.core.status import Status, require_open
from bot.core.tx import Tx
from bot.core.views import Outcome
from bot.store.models import Incident, TimelineEvent

RECENT = 5


def handoff(tx: Tx, number: int, user: str, actor: str) -> Outcome:
    row = tx.incident(number)
    require_open(Status(row.status), "hand it over")
    assert row.id is not None
    previous = roles.commander(tx.session, row.id)
    if previous == user:
        raise IllegalTransition("That person is already the commander.")
    recent = _recent(tx, row)
    staffing.assign(tx, number, Role.COMMANDER, user, actor)
    note = {"from": previous, "to": user, **_snapshot(tx, row), "recent": recent}
    event = tx.record(row, "handoff", actor, data=note)
    tx.enqueue("handoff_dm", row, {"event_id": event.id, "user": user})
    return tx.outcome(row, event)


def _snapshot(tx: Tx, row: Incident) -> dict[str, Any]:
    assert row.id is not None
    holders = [[a.role, a.user_id] for a in roles.active(tx.session, row.id)]
    update = _latest(tx, row, kinds=("update",), limit=1)
    return {
        "status": row.status,
        "severity": row.severity,
        "open_seconds": int((tx.now - row.declared_at).total_seconds()),
        "roles": holders,
        "last_update": update[0] if update else None,
    }


def _recent(tx: Tx, row: Incident) -> list[dict[str, Any]]:
    return _latest(tx, row, kinds=None, limit=RECENT)


def _latest(tx: Tx, row: Incident, kinds: tuple[str, ...] | None, limit: int) -> list[dict[str, Any]]:
    """Newest events as plain dicts (oldest first), so the note keeps them as they were."""
    query = select(TimelineEvent).where(TimelineEvent.incident_id == row.id, TimelineEvent.kind != "handoff")
    if kinds:
        query = query.where(TimelineEvent.kind.in_(kinds))
    rows = tx.session.scalars(query.order_by(TimelineEvent.at.desc(), TimelineEvent.id.desc()).limit(limit)).all()
    return [_plain(e) for e in reversed(rows)]


def _plain(event: TimelineEvent) -> dict[str, Any]:
    return {
        "id": event.id,
        "at": event.at.isoformat(),
        "kind": event.kind,
        "actor": event.actor,
        "source": event.source,
        "text": event.text,
        "data": event.data,
    }
