"""Firing what has fallen due: one pass claims due reminder rows and acts on each in the same
transaction (queue the nudge or page through the outbox, arm the next step, drop the row), so a
row fires once however many processes tick and however often they restart."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select

from bot.core import escalation, roles, schedule
from bot.core.drills import replay
from bot.core.policy.quiet import quiet_until
from bot.core.schedule import (
    AFTER_RESOLVE,
    COMMANDER_SILENT,
    EXHAUSTED,
    NO_COMMANDER,
    PAGE,
    POSTMORTEM,
    STUCK,
    UPDATE_NUDGE,
)
from bot.core.status import OPEN, Status
from bot.core.tx import Tx
from bot.store.models import Incident, ScheduledItem

BATCH = 200


def fire_due(tx: Tx, limit: int = BATCH) -> int:
    """Act on up to `limit` due rows; returns how many were claimed (a full batch: call again)."""
    items = schedule.due(tx.session, tx.now, limit)
    rows = _lock(tx, {item.incident_id for item in items})
    for item in items:
        if item.incident_id in rows:  # else a change to it is in flight: the row waits for the next pass
            _fire(tx, rows[item.incident_id], item)
    return len(items)


def _lock(tx: Tx, ids: set[int]) -> dict[int, Incident]:
    """The incidents of a batch in one query; on PostgreSQL those another transaction holds are skipped."""
    if not ids:
        return {}
    query = select(Incident).where(Incident.id.in_(ids))
    if tx.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)
    return {row.id: row for row in tx.session.scalars(query) if row.id is not None}


def _fire(tx: Tx, row: Incident, item: ScheduledItem) -> None:
    """Act on one row. An action that re-arms the same kind moves the row in place (no delete and
    insert); otherwise the row is dropped."""
    if row.status in OPEN or item.kind in AFTER_RESOLVE:
        wait = quiet_until(tx.policy.quiet_hours, tx.now) if _waits_out_quiet_hours(tx, row, item) else None
        if wait is not None:
            item.due_at = wait
        else:
            FIRE[item.kind](tx, row, item)
    if item.due_at <= tx.now:
        tx.session.delete(item)


def _waits_out_quiet_hours(tx: Tx, row: Incident, item: ScheduledItem) -> bool:
    """Nudges of severities that do not page wait out quiet hours; so does the postmortem reminder,
    which is never urgent, at any severity."""
    return item.kind == POSTMORTEM or (item.kind in NUDGES and not tx.policy.level(row.severity).page)


def _update_nudge(tx: Tx, row: Incident, item: ScheduledItem) -> None:
    """Nudge, and move the row a full cadence on: an ignored nudge repeats no faster."""
    every = tx.policy.level(row.severity).update_every
    if every is None:
        return
    tx.enqueue("nudge", row, {"nudge": UPDATE_NUDGE})
    item.due_at = tx.now + every


def _no_commander(tx: Tx, row: Incident, item: ScheduledItem) -> None:
    if _commander(tx, row) is None:
        tx.enqueue("nudge", row, {"nudge": NO_COMMANDER})


def _commander_silent(tx: Tx, row: Incident, item: ScheduledItem) -> None:
    if commander := _commander(tx, row):
        tx.enqueue("nudge", row, {"nudge": COMMANDER_SILENT, "commander": commander})


def _stuck(tx: Tx, row: Incident, item: ScheduledItem) -> None:
    if row.status == Status.INVESTIGATING and not escalation.anyone_paged(tx, row):
        tx.enqueue("nudge", row, {"nudge": STUCK})


def _page(tx: Tx, row: Incident, item: ScheduledItem) -> None:
    if row.acknowledged_at is None:
        escalation.page_level(tx, row, schedule.payload(item)["level"])


def _exhausted(tx: Tx, row: Incident, item: ScheduledItem) -> None:
    if row.acknowledged_at is None:
        escalation.exhausted(tx, row)


def _postmortem(tx: Tx, row: Incident, item: ScheduledItem) -> None:
    """Remind the commander (the channel when there is none) and move the row a full `remind_every`
    on, until the postmortem is marked done; a row left from before a reopen or cancel is dropped."""
    if row.status not in (Status.RESOLVED, Status.CLOSED) or row.postmortem_done_at is not None:
        return
    tx.enqueue("postmortem_reminder", row, {"commander": _commander(tx, row)})
    item.due_at = tx.now + tx.policy.postmortem.remind_every


def _commander(tx: Tx, row: Incident) -> str | None:
    assert row.id is not None
    return roles.commander(tx.session, row.id)


NUDGES = (UPDATE_NUDGE, NO_COMMANDER, COMMANDER_SILENT, STUCK)
FIRE: dict[str, Callable[[Tx, Incident, ScheduledItem], None]] = {
    UPDATE_NUDGE: _update_nudge,
    NO_COMMANDER: _no_commander,
    COMMANDER_SILENT: _commander_silent,
    STUCK: _stuck,
    PAGE: _page,
    EXHAUSTED: _exhausted,
    POSTMORTEM: _postmortem,
    replay.DRILL_ALERTS: replay.fire,
}
