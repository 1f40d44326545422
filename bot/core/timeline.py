"""The scribe timeline: notes, pinned messages, status updates, and reading it back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select

from bot.core import pins, roles
from bot.core.errors import IllegalTransition, InvalidInput
from bot.core.status import Status
from bot.core.text import MAX_TEXT, bounded, clean
from bot.core.tx import Tx
from bot.core.views import EventView, Outcome
from bot.store.models import ActionItem, Incident, TimelineEvent

PUBLIC = "public"  # the update event's data key that puts it on the status page


@dataclass(frozen=True)
class PinnedMessage:
    ts: str
    author: str | None
    text: str
    posted_at: datetime
    permalink: str | None


def add_note(tx: Tx, number: int, actor: str, text: str) -> Outcome:
    note = bounded(text, "The note")
    row = tx.incident(number)
    return tx.outcome(row, tx.record(row, "note", actor, note))


def post_update(tx: Tx, number: int, actor: str, text: str, public: bool = False) -> Outcome:
    """`public`: also shown on the status page (bot/core/statuspage), which a private incident or a
    drill never is (a drill's customers are imaginary)."""
    update = bounded(text, "The update")
    row = tx.incident(number)
    if row.status in (Status.CLOSED, Status.CANCELLED):
        raise IllegalTransition(f"INC-{number} is {row.status}; there is nothing to update.")
    if public and row.private:
        raise InvalidInput(f"INC-{number} is private, so its updates never go on the public status page.")
    if public and row.drill:
        raise InvalidInput(f"INC-{number} is a drill, so its updates never go on the public status page.")
    row.last_update_at = tx.now
    data = {"status": row.status, "severity": row.severity} | ({PUBLIC: True} if public else {})
    return tx.outcome(row, tx.record(row, "update", actor, update, data=data))


def add_pin(tx: Tx, channel_id: str, actor: str, message: PinnedMessage) -> Outcome | None:
    """Record a pinned message once; None when it is already on the timeline (a 📌 given again
    after all were taken off makes it no longer withdrawn) or not an incident channel."""
    row = tx.session.scalars(select(Incident).where(Incident.channel_id == channel_id)).first()
    if row is None:
        return None
    if _has_ref(tx, row, message.ts):
        pins.repinned(tx, row, message.ts)
        return None
    event = tx.record(
        row,
        "pin",
        message.author or actor,
        clean(message.text)[:MAX_TEXT],
        ref=message.ts,
        at=message.posted_at,
        data={"ts": message.ts, "permalink": message.permalink, "pinned_by": actor},
    )
    return tx.outcome(row, event)


def _has_ref(tx: Tx, row: Incident, ref: str) -> bool:
    query = select(TimelineEvent.id).where(TimelineEvent.incident_id == row.id, TimelineEvent.ref == ref)
    return tx.session.execute(query).first() is not None


def events(tx: Tx, number: int) -> list[EventView]:
    """The timeline in order. Read as plain rows, not ORM objects: a 10,000-event postmortem
    spends most of its time here otherwise."""
    return [EventView.read(*fields) for fields in tx.session.execute(_in_order(tx.incident(number)))]


def window(tx: Tx, number: int, offset: int, limit: int) -> tuple[list[EventView], int]:
    """`limit` entries of the timeline in order from `offset`, and how many it has in all: a page of
    a 10,000-event timeline reads one page of rows."""
    rows = tx.session.execute(_in_order(tx.incident(number)).offset(offset).limit(limit))
    return [EventView.read(*fields) for fields in rows], count(tx, number)


def count(tx: Tx, number: int) -> int:
    row = tx.incident(number)
    return tx.session.execute(select(func.count()).where(TimelineEvent.incident_id == row.id)).scalar_one()


def of_kind(tx: Tx, number: int, kind: str) -> list[EventView]:
    """One kind of entry (the updates), in order."""
    rows = tx.session.execute(_in_order(tx.incident(number)).where(TimelineEvent.kind == kind))
    return [EventView.read(*fields) for fields in rows]


def _in_order(row: Incident) -> Select[Any]:
    e = TimelineEvent
    query = select(e.id, e.at, e.kind, e.actor, e.source, e.text, e.data).where(e.incident_id == row.id)
    return query.order_by(e.at, e.id)


def event(tx: Tx, event_id: int) -> EventView:
    row = tx.session.get(TimelineEvent, event_id)
    assert row is not None
    return EventView.of(row)


def people(tx: Tx, number: int) -> set[str]:
    """Everyone who acted, held a role or owns an action item: the names a postmortem needs."""
    row = tx.incident(number)
    assert row.id is not None
    found = {e.actor for e in events(tx, number) if e.actor}
    found |= {a.user_id for a in roles.history(tx.session, row.id)}
    owners = select(ActionItem.owner).where(ActionItem.incident_id == row.id, ActionItem.owner.is_not(None))
    return found | set(tx.session.scalars(owners))
