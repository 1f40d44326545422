"""Pinning a message to the timeline (📌), and the pin's entry following its message in Slack.

A pin request is remembered and queued in one transaction; the delivery worker reads the message and
records it (`timeline.add_pin`), retrying a transient failure, so neither a Slack hiccup nor a
redelivered event loses or doubles a pin.

Afterwards the entry follows the message: an edit shows the new text (the first recorded text is
kept), a delete and the last 📌 removed mark it, and nothing is ever taken off the timeline. Each
change rewrites the existing entry in one transaction, once per Slack event (its event id). A change
that arrives while the pin is still being read waits for it in the outbox (`follow_pin`), and so does
an unpin: only Slack can say whether someone else's 📌 is still on the message."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select

from bot.core import dedupe
from bot.core.text import MAX_TEXT, clean
from bot.core.tx import Tx
from bot.store.models import Incident, OutboxItem, TimelineEvent

REACTIONS = frozenset({"pushpin", "round_pushpin"})  # the reactions that pin (📌 and the round one)
EDITED, DELETED, UNPINNED = "edited", "deleted", "unpinned"
MARKS = {EDITED: "edited_at", DELETED: "deleted_at", UNPINNED: "withdrawn_at"}  # change → the data key it sets


@dataclass(frozen=True)
class PinChange:
    """What happened in Slack to a message that may be pinned: `what` is EDITED (with its new
    `text`), DELETED or UNPINNED (someone took their 📌 off), `at` when."""

    ts: str
    what: str
    at: datetime
    text: str = ""

    def payload(self) -> dict[str, Any]:
        return {**asdict(self), "at": self.at.isoformat()}

    @classmethod
    def of(cls, payload: dict[str, Any]) -> PinChange:
        return cls(payload["ts"], payload["what"], datetime.fromisoformat(payload["at"]), payload.get("text", ""))


def request_pin(tx: Tx, channel_id: str, actor: str, ts: str, request_key: str) -> bool:
    """Queue reading the pinned message `ts`; False when the channel is not an incident's or this
    request (its event id) was handled before."""
    row = _incident(tx, channel_id)
    if row is None or not dedupe.first_time(tx, request_key):
        return False
    tx.enqueue("record_pin", row, {"ts": ts, "user": actor})
    return True


def followed(tx: Tx, channel_id: str, ts: str) -> bool:
    """Whether message `ts` is pinned (or being pinned) in an incident channel. Asked first, in a read:
    most edits (each card refresh is one) are of messages nobody pinned, and should cost no write."""
    row = _incident(tx, channel_id)
    return row is not None and (pinned_entry(tx, row, ts) is not None or being_read(tx, row.id, ts))


def follow(tx: Tx, channel_id: str, change: PinChange, request_key: str) -> bool:
    """A message changed in an incident channel. Messages nobody pinned are left alone; a pinned
    one's edit or delete is applied now; an unpin, or any change to a pin still being read, is queued."""
    row = _incident(tx, channel_id)
    if row is None:
        return False
    entry = pinned_entry(tx, row, change.ts)
    if entry is None and not being_read(tx, row.id, change.ts):
        return False
    if not dedupe.first_time(tx, request_key):
        return False
    if entry is None or change.what == UNPINNED:
        tx.enqueue("follow_pin", row, change.payload())
    else:
        _apply(tx, row, change)
    return True


def being_read(tx: Tx, incident_id: int | None, ts: str) -> bool:
    """Whether a 📌 of `ts` is queued and not yet on the timeline: a change to it must wait."""
    return bool(_requests(tx, incident_id, ts, pending=True))


def settle(tx: Tx, incident_id: int, change: PinChange, queued_as: int) -> bool:
    """Apply a queued change (outbox item `queued_as`); False while the pin is still being read.
    An unpin loses to a 📌 given after it was queued: that one stands."""
    if being_read(tx, incident_id, change.ts):
        return False
    row = tx.session.get(Incident, incident_id)
    assert row is not None
    if change.what == UNPINNED and any(i.id > queued_as for i in _requests(tx, incident_id, change.ts)):
        return True
    _apply(tx, row, change)
    return True


def pinned_entry(tx: Tx, row: Incident, ts: str) -> TimelineEvent | None:
    query = select(TimelineEvent).where(
        TimelineEvent.incident_id == row.id, TimelineEvent.kind == "pin", TimelineEvent.ref == ts
    )
    return tx.session.scalars(query).first()


def repinned(tx: Tx, row: Incident, ts: str) -> None:
    """A 📌 again on a message whose pins were all taken off: its entry is no longer withdrawn."""
    entry = pinned_entry(tx, row, ts)
    if entry is not None:
        data = json.loads(entry.data)
        if data.pop(MARKS[UNPINNED], None):
            entry.data = json.dumps(data)


def _apply(tx: Tx, row: Incident, change: PinChange) -> None:
    """Rewrite the entry under the incident's lock, so two changes at once never lose one."""
    tx.incident(row.number)
    entry = pinned_entry(tx, row, change.ts)
    if entry is None:  # the pin was never recorded (its read failed for good): nothing to follow
        return
    data = json.loads(entry.data)
    if change.what == EDITED:
        text = clean(change.text)[:MAX_TEXT]
        if text == entry.text or _older(change, data):  # an unfurl changed, not the words; or a stale edit
            return
        data.setdefault("original_text", entry.text)
        entry.text = text
        data[MARKS[EDITED]] = change.at.isoformat()  # the latest edit
    else:
        data.setdefault(MARKS[change.what], change.at.isoformat())
    entry.data = json.dumps(data)


def _older(change: PinChange, data: dict[str, Any]) -> bool:
    """An edit that waited behind the pin's read can arrive after a later one applied at once."""
    latest = data.get(MARKS[EDITED])
    return latest is not None and change.at < datetime.fromisoformat(latest)


def _incident(tx: Tx, channel_id: str) -> Incident | None:
    return tx.session.scalars(select(Incident).where(Incident.channel_id == channel_id)).first()


def _requests(tx: Tx, incident_id: int | None, ts: str, pending: bool = False) -> list[OutboxItem]:
    """The 📌 reads queued for message `ts` (only those not yet delivered nor failed, if `pending`)."""
    query = select(OutboxItem).where(OutboxItem.incident_id == incident_id, OutboxItem.kind == "record_pin")
    if pending:
        query = query.where(OutboxItem.done_at.is_(None), OutboxItem.failed_at.is_(None))
    return [item for item in tx.session.scalars(query) if json.loads(item.payload).get("ts") == ts]
