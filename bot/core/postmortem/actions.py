"""The incident's action items as the draft lists them, read straight from the `action_item`
table (the `/incident action` commands fill it): text, owner, due date and status."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from bot.core.tx import Tx
from bot.store.models import ActionItem, Incident


@dataclass(frozen=True)
class ActionLine:
    text: str
    owner: str | None
    due: date | None
    status: str  # "open" | "done"


def action_items(tx: Tx, row: Incident) -> list[ActionLine]:
    query = select(ActionItem).where(ActionItem.incident_id == row.id).order_by(ActionItem.id)
    return [ActionLine(a.text, a.owner, a.due, a.status) for a in tx.session.scalars(query)]
