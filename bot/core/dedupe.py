"""Remembering requests already handled, so Slack's retries and double submits change nothing."""

from __future__ import annotations

import hashlib

from sqlalchemy import select

from bot.core.tx import Tx
from bot.store.models import ProcessedRequest

MAX_KEY = 160  # the column's length; longer keys are stored as their hash


def first_time(tx: Tx, key: str) -> bool:
    """True the first time `key` is seen. A concurrent twin loses on the primary key and is retried
    by the Desk, which then sees the row and returns False."""
    if len(key) > MAX_KEY:
        key = "sha256:" + hashlib.sha256(key.encode()).hexdigest()
    if tx.session.execute(select(ProcessedRequest.key).where(ProcessedRequest.key == key)).first():
        return False
    tx.session.add(ProcessedRequest(key=key, at=tx.now))
    tx.session.flush()
    return True
