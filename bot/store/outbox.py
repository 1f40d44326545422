"""The outbox: side effects written in the same transaction as the state change, delivered
later by a worker. Items of one incident are handed out one at a time, oldest first, so a card
update never overtakes the card; items of different incidents go in parallel (items without an
incident are independent of each other).

A hand-out is a short lease that the worker renews while the delivery runs, so a crashed
process's items are handed out again within one lease, and a live one's never are; a lease
names its holder (`locked_by`, bot/jobs/owner.py), so a restarted process takes back its dead
predecessor's leases at once. Every hand-out is counted, and so is every hand-out Slack surely
refused (a 429, a post the pacer held back): a re-claimed item knows an earlier delivery may
have reached Slack when some hand-out ended otherwise."""

from __future__ import annotations

import functools
import json
from collections.abc import Collection, Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Integer, Select, and_, bindparam, delete, func, select, update
from sqlmodel import Session

from bot.store.models import OutboxItem

LEASE = timedelta(seconds=10)


def enqueue(
    session: Session,
    now: datetime,
    kind: str,
    incident_id: int | None = None,
    payload: Mapping[str, Any] | None = None,
    *,
    coalesce: bool = False,
    not_before: datetime | None = None,
) -> None:
    """Add an item, due now or at `not_before`. With `coalesce`, skip it when an identical item is
    still waiting untouched (a card refresh renders the latest state anyway)."""
    body = json.dumps(dict(payload or {}), sort_keys=True)
    if coalesce and _waiting_twin(session, kind, incident_id, body):
        return
    due = max(now, not_before) if not_before else now
    session.add(OutboxItem(incident_id=incident_id, kind=kind, payload=body, created_at=now, next_attempt_at=due))


def _waiting_twin(session: Session, kind: str, incident_id: int | None, body: str) -> bool:
    query = select(OutboxItem.id).where(
        OutboxItem.kind == kind,
        OutboxItem.incident_id == incident_id,
        OutboxItem.payload == body,
        OutboxItem.done_at.is_(None),
        OutboxItem.failed_at.is_(None),
        OutboxItem.attempts == 0,
        OutboxItem.locked_until.is_(None),
    )
    if session.get_bind().dialect.name == "postgresql":
        # Lock the twin until we commit, so no worker can render it from the state before our
        # change; a twin a worker is claiming right now is skipped, and we queue a fresh one.
        # (SQLite needs nothing: its writers, claims included, run one at a time.)
        query = query.with_for_update(skip_locked=True)
    return session.execute(query.limit(1)).first() is not None


def _pending():
    return and_(OutboxItem.done_at.is_(None), OutboxItem.failed_at.is_(None))


def claim(
    session: Session,
    now: datetime,
    limit: int,
    lease: timedelta = LEASE,
    owner: str | None = None,
    unordered: Collection[str] = (),
    incident_id: int | None = None,
) -> list[OutboxItem]:
    """Lease up to `limit` due items, each the oldest pending item of its incident, and count the
    hand-out. The heads are found with one grouped pass over the pending rows, so the cost follows
    the queue, not history. Kinds in `unordered` (reads that post nothing, e.g. a 📌 read) neither
    wait for their incident's earlier items nor hold back its later ones. With `incident_id`, only
    that incident's next item (a worker continuing with it)."""
    locking = session.get_bind().dialect.name == "postgresql"
    query = _claim_query(tuple(sorted(unordered)), incident_id is not None, locking)
    items = list(session.scalars(query, {"now": now, "limit": limit, "incident": incident_id}))
    for item in items:
        item.locked_until = now + lease
        item.locked_by = owner
        item.claims += 1
    session.flush()
    return items


@functools.cache
def _claim_query(unordered: tuple[str, ...], one_incident: bool, locking: bool) -> Select[tuple[OutboxItem]]:
    """Built once for each shape, its values bound at each call. A claim runs at every delivery,
    and a statement built afresh left a hundred objects in reference cycles each time: under a
    burst, a third of what the cycle collector freed, in pauses that stall every thread, acks
    included (docs/PERFORMANCE.md, "The ack path's own cost")."""
    now, incident = bindparam("now"), bindparam("incident")
    heads = (
        select(func.min(OutboxItem.id))
        .where(_pending(), OutboxItem.incident_id.is_not(None), OutboxItem.kind.not_in(unordered))
        .group_by(OutboxItem.incident_id)
    )
    if one_incident:
        heads = heads.where(OutboxItem.incident_id == incident)
    query = (
        select(OutboxItem)
        .where(
            # pending is checked on the row itself, not only inside `heads`: on PostgreSQL a row
            # another worker just claimed and finished is re-checked at its latest version, and
            # `heads` (from this statement's snapshot) would still list it
            _pending(),
            OutboxItem.id.in_(heads) | OutboxItem.incident_id.is_(None) | OutboxItem.kind.in_(unordered),
            OutboxItem.next_attempt_at <= now,
            (OutboxItem.locked_until.is_(None)) | (OutboxItem.locked_until < now),
        )
        .order_by(OutboxItem.id)
        .limit(bindparam("limit", type_=Integer))
    )
    if one_incident:
        query = query.where(OutboxItem.incident_id == incident, OutboxItem.kind.not_in(unordered))
    return query.with_for_update(skip_locked=True) if locking else query


def maybe_sent(item: OutboxItem) -> bool:
    """An earlier hand-out of this (claimed) item may have reached Slack."""
    return item.claims - item.refusals > 1


def lease_holders(session: Session, now: datetime) -> list[str]:
    """Who holds a live lease on a pending item."""
    query = select(OutboxItem.locked_by).where(_pending(), OutboxItem.locked_until >= now).distinct()
    return [holder for holder in session.scalars(query) if holder]


def release(session: Session, holders: list[str]) -> int:
    """Clear the leases these (dead) holders held, so their items are handed out at once."""
    if not holders:
        return 0
    result = session.execute(
        update(OutboxItem)
        .where(_pending(), OutboxItem.locked_by.in_(holders), OutboxItem.locked_until.is_not(None))
        .values(locked_until=None)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def renew(session: Session, item_ids: list[int], until: datetime) -> None:
    """Extend the leases of items still being delivered (the worker's heartbeat). An item whose
    outcome was just written (lease cleared) keeps it cleared, so its retry is not held back."""
    if item_ids:
        session.execute(
            update(OutboxItem)
            .where(OutboxItem.id.in_(item_ids), _pending(), OutboxItem.locked_until.is_not(None))
            .values(locked_until=until)
        )


def save_progress(session: Session, item_id: int, progress: Mapping[str, Any]) -> None:
    """Record what a delivery got from Slack so far, before its next irrevocable step."""
    body = json.dumps(dict(progress), sort_keys=True)
    session.execute(update(OutboxItem).where(OutboxItem.id == item_id).values(progress=body))


def complete(session: Session, item_id: int, now: datetime) -> None:
    session.execute(update(OutboxItem).where(OutboxItem.id == item_id).values(done_at=now, locked_until=None))


def retry_later(
    session: Session, item_id: int, at: datetime, error: str, *, counts: bool = True, refused: bool = False
) -> None:
    """Hand the item out again at `at`. A wait that is not a failure (a rate limit: the call did
    not happen) does not count towards the attempts that make an item fail for good; a hand-out
    Slack surely refused (`refused`: nothing of it took effect) is not one that may have reached it."""
    session.execute(
        update(OutboxItem)
        .where(OutboxItem.id == item_id)
        .values(
            next_attempt_at=at,
            locked_until=None,
            last_error=error,
            attempts=OutboxItem.attempts + (1 if counts else 0),
            refusals=OutboxItem.refusals + (1 if refused else 0),
        )
    )


def pull_forward(session: Session, now: datetime) -> None:
    """Make every item waiting on a retry due now (Slack is back after an outage)."""
    session.execute(
        update(OutboxItem)
        .where(_pending(), OutboxItem.attempts > 0, OutboxItem.next_attempt_at > now)
        .values(next_attempt_at=now)
    )


def incidents_waiting_since(session: Session, since: datetime) -> list[int]:
    """Incidents with an item still pending or delivered since `since`: those whose messages an
    outage that began at `since` held back."""
    touched = _pending() | (OutboxItem.done_at >= since)
    query = select(OutboxItem.incident_id).where(touched, OutboxItem.incident_id.is_not(None)).distinct()
    return sorted(session.scalars(query))


def fail(session: Session, item_id: int, now: datetime, error: str) -> None:
    session.execute(
        update(OutboxItem)
        .where(OutboxItem.id == item_id)
        .values(failed_at=now, locked_until=None, last_error=error, attempts=OutboxItem.attempts + 1)
    )


def purge(session: Session, delivered_before: datetime, failed_before: datetime, batch: int = 1000) -> int:
    """Delete up to `batch` items delivered before `delivered_before` or failed before
    `failed_before`; returns how many. Batches keep each transaction short."""
    old = (OutboxItem.done_at < delivered_before) | (OutboxItem.failed_at < failed_before)
    ids = list(session.scalars(select(OutboxItem.id).where(old).limit(batch)))
    if ids:
        session.execute(delete(OutboxItem).where(OutboxItem.id.in_(ids)))
    return len(ids)


def payload_of(item: OutboxItem) -> dict[str, Any]:
    return json.loads(item.payload)


def progress_of(item: OutboxItem) -> dict[str, Any]:
    return json.loads(item.progress)
