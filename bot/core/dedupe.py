"""Remembering requests already handled, so Slack's retries and double submits change nothing."""

from __future__ import annotations

from sqlalchemy import select

from bot.core.tx import Tx
from bot.store.models import ProcessedRequest


def first_time(tx: Tx, key: str) -> bool:
    """True the first time `key` is seen. A concurrent twin loses on the primary key and is retried
    by the Desk, which then sees the row and returns False."""
    if tx.session.execute(select(ProcessedRequest.key).where(ProcessedRequest.key == key)).first():
        return False
    tx.session.add(ProcessedRequest(key=key[:160], at=tx.now))
    tx.session.flush()
    return True
