"""Remembering requests already handled, so Slack's retries and double submits change nothing."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy import select

from bot.core.tx import Tx
from bot.store.models import ProcessedRequest

P = ParamSpec("P")
T = TypeVar("T")
MAX_KEY = 160  # the column's length; longer keys are stored as their hash
KEPT = "kept:"  # the prefix of keys the retention sweep leaves alone (bot/jobs/retention.py)


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


def kept(key: str) -> str:
    """A key remembered for good, not for the day that covers Slack's retries: for what is done once
    per person and incident however long the incident lasts (the catch-up on joining its channel)."""
    return KEPT + key


class AlreadyHandled(Exception):
    """The request was handled before (a replayed command, a double-submitted form): nothing to do or say."""


def once(tx: Tx, key: str, op: Callable[Concatenate[Tx, P], T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run `op` unless `key` was seen. The key commits with op's changes, so a request whose change
    failed can be sent again, and one that succeeded changes nothing the second time."""
    if not first_time(tx, key):
        raise AlreadyHandled(key)
    return op(tx, *args, **kwargs)
