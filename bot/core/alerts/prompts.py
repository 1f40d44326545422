"""Who posts a group's prompt: prompt deliveries of one group may run on two threads at once, so
the first claims the post (`prompt_ts = "pending:<item>"`, under the group's row lock) and the
other waits for the message to exist, then updates it. A failed post hands the claim back."""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

from sqlalchemy import select

from bot.core.tx import Tx
from bot.store import outbox
from bot.store.models import AlertGroup

WAIT = timedelta(milliseconds=500)


class Turn(StrEnum):
    POST = "post"
    UPDATE = "update"
    WAIT = "wait"


def claim(tx: Tx, group_id: int, item_id: int) -> Turn:
    group = _locked(tx, group_id)
    mine = f"pending:{item_id}"
    if group.prompt_ts is None:
        group.prompt_ts = mine
    if group.prompt_ts == mine:
        return Turn.POST
    if group.prompt_ts.startswith("pending:"):
        outbox.enqueue(tx.session, tx.now, "alert_prompt", None, {"group": group_id}, not_before=tx.now + WAIT)
        return Turn.WAIT
    return Turn.UPDATE


def posted(tx: Tx, group_id: int, ts: str) -> None:
    _locked(tx, group_id).prompt_ts = ts


def release(tx: Tx, group_id: int, item_id: int) -> None:
    group = _locked(tx, group_id)
    if group.prompt_ts == f"pending:{item_id}":
        group.prompt_ts = None


def _locked(tx: Tx, group_id: int) -> AlertGroup:
    query = select(AlertGroup).where(AlertGroup.id == group_id)
    if tx.session.get_bind().dialect.name == "postgresql":
        query = query.with_for_update()
    group = tx.session.scalars(query).first()
    assert group is not None
    return group
