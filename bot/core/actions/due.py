"""Telling people about action items as time passes, from the ticker's pass (bot/jobs/ticker.py):

- an item falls due at 09:00 UTC on its due date; its owner (with none, the incident's commander
  at that moment) gets one DM. `reminded_at` is set in the transaction that queues the DM, and
  the rows are claimed under a lock, so the DM goes once however many processes tick and restart;
- the announce channel gets the overdue items once a week, at the first pass from Monday 09:00
  UTC. The week is claimed in a counter row (like the incident number), which no retention prunes."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select, update

from bot.core import roles
from bot.core.actions.items import OPEN
from bot.core.due import BATCH
from bot.core.tx import Tx
from bot.store import outbox
from bot.store.models import ActionItem, Counter

REMIND_AT = timedelta(hours=9)  # into the due date (UTC): people are at work, not asleep
DIGEST_AT = timedelta(hours=9)  # into Monday (UTC)
DIGEST_WEEK = "action_digest_week"  # the counter holding the last ISO week (yyyyww) digested
MAX_DIGEST = 500  # items named in one digest's payload; the message shows what fits and counts the rest


def remind_due(tx: Tx, limit: int = BATCH) -> int:
    """Queue the DM of up to `limit` items that have fallen due; returns how many were claimed."""
    query = (
        select(ActionItem)
        .where(ActionItem.status == OPEN, ActionItem.reminded_at.is_(None), ActionItem.due <= _remind_day(tx.now))
        .order_by(ActionItem.due, ActionItem.id)
        .limit(limit)
    )
    if tx.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update(skip_locked=True)  # another replica's claim is skipped, not waited for
    items = list(tx.session.scalars(query))
    for item in items:
        _remind(tx, item)
    return len(items)


def _remind_day(now: datetime) -> date:
    """The latest due date whose reminder moment has come."""
    return (now - REMIND_AT).date()


def _remind(tx: Tx, item: ActionItem) -> None:
    """Nobody to tell (no owner, no commander): the item is still marked, and the digest lists it."""
    item.reminded_at = tx.now
    who = item.owner or roles.commander(tx.session, item.incident_id)
    if who:
        outbox.enqueue(tx.session, tx.now, "action_due", item.incident_id, {"item": item.id, "user": who})


def weekly_digest(tx: Tx) -> bool:
    """Queue this week's digest of overdue items, once per ISO week across processes. Nothing
    overdue: the week is claimed all the same and nothing is posted."""
    if not _claim(tx, week_of(tx.now)):
        return False
    overdue = overdue_ids(tx)
    if overdue:
        outbox.enqueue(
            tx.session,
            tx.now,
            "action_digest",
            None,
            {"items": overdue[:MAX_DIGEST], "total": len(overdue), "on": tx.now.date().isoformat()},
        )
    return bool(overdue)


def digest_pending(tx: Tx) -> bool:
    """Read-only: whether this week's digest may still be unclaimed (spares the ticker a write lock)."""
    counter = tx.session.get(Counter, DIGEST_WEEK)
    return counter is None or counter.value < week_of(tx.now)


def week_of(now: datetime) -> int:
    """The ISO week (as yyyyww) whose digest is due at `now`: before Monday 09:00, last week's."""
    year, week, _ = (now - DIGEST_AT).isocalendar()
    return year * 100 + week


def _claim(tx: Tx, week: int) -> bool:
    """True in the one transaction that moves the counter to `week`. A concurrent first insert loses
    on the primary key and the Desk runs it again, when it sees the winner's row."""
    counter = tx.session.get(Counter, DIGEST_WEEK)
    if counter is None:
        tx.session.add(Counter(name=DIGEST_WEEK, value=week))
        tx.session.flush()
        return True
    if counter.value >= week:
        return False
    moved = tx.session.execute(
        update(Counter).where(Counter.name == DIGEST_WEEK, Counter.value < week).values(value=week)
    )
    return moved.rowcount == 1


def overdue_ids(tx: Tx) -> list[int]:
    """Open items whose due date has passed (due today is not overdue yet), oldest due first."""
    query = (
        select(ActionItem.id)
        .where(ActionItem.status == OPEN, ActionItem.due < tx.now.date())
        .order_by(ActionItem.due, ActionItem.id)
    )
    return list(tx.session.scalars(query))
