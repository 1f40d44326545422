"""Pinning a message to the timeline (📌). The request is remembered and queued in one
transaction; the delivery worker reads the message and records it (`timeline.add_pin`), retrying
a transient failure, so neither a Slack hiccup nor a redelivered event loses or doubles a pin."""

from __future__ import annotations

from sqlalchemy import select

from bot.core import dedupe
from bot.core.tx import Tx
from bot.store.models import Incident


def request_pin(tx: Tx, channel_id: str, actor: str, ts: str, request_key: str) -> bool:
    """Queue reading the pinned message `ts`; False when the channel is not an incident's or this
    request (its event id) was handled before."""
    row = tx.session.scalars(select(Incident).where(Incident.channel_id == channel_id)).first()
    if row is None or not dedupe.first_time(tx, request_key):
        return False
    tx.enqueue("record_pin", row, {"ts": ts, "user": actor})
    return True
