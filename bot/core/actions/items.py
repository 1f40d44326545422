"""Reading action items: the snapshot adapters get, and the two lists people ask for (one
incident's items; the open items someone owns across incidents)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from bot.core.errors import NotFound
from bot.core.tx import Tx
from bot.store.models import ActionItem, Incident

OPEN, DONE = "open", "done"
MAX_OWNED = 200  # a person's open items across incidents; more than a list can show anyway


@dataclass(frozen=True)
class ActionItemView:
    id: int
    number: int  # the incident's
    title: str  # the incident's
    private: bool  # the incident's: say nothing of it to people outside it
    text: str
    owner: str | None
    due: date | None
    status: str
    created_by: str | None
    done_by: str | None
    done_at: datetime | None

    @classmethod
    def of(cls, item: ActionItem, incident: Incident) -> ActionItemView:
        assert item.id is not None
        return cls(
            item.id,
            incident.number,
            incident.title,
            incident.private,
            item.text,
            item.owner,
            item.due,
            item.status,
            item.created_by,
            item.done_by,
            item.done_at,
        )

    @property
    def ref(self) -> str:
        return ref(self.id)

    @property
    def is_open(self) -> bool:
        return self.status == OPEN


def ref(item_id: int | None) -> str:
    return f"A-{item_id}"


def row(tx: Tx, item_id: int) -> ActionItem:
    item = tx.session.get(ActionItem, item_id)
    if item is None:
        raise NotFound(f"There is no action item {ref(item_id)}.")
    return item


def get(tx: Tx, item_id: int) -> ActionItemView:
    item = row(tx, item_id)
    incident = tx.session.get(Incident, item.incident_id)
    assert incident is not None
    return ActionItemView.of(item, incident)


def of_incident(tx: Tx, number: int) -> list[ActionItemView]:
    """The incident's items, open ones first (soonest due first), then done ones (latest first)."""
    incident = tx.incident(number)
    query = select(ActionItem).where(ActionItem.incident_id == incident.id)
    items = [ActionItemView.of(item, incident) for item in tx.session.scalars(query.order_by(ActionItem.id))]
    return sorted((i for i in items if i.is_open), key=_soonest) + sorted(
        (i for i in items if not i.is_open), key=lambda i: i.done_at or datetime.min, reverse=True
    )


def owned(tx: Tx, user_id: str) -> list[ActionItemView]:
    """Open items `user_id` owns, across incidents, soonest due first (undated last)."""
    query = (
        select(ActionItem, Incident)
        .join(Incident, Incident.id == ActionItem.incident_id)
        .where(ActionItem.owner == user_id, ActionItem.status == OPEN)
        .order_by(ActionItem.id)
        .limit(MAX_OWNED)
    )
    return sorted((ActionItemView.of(item, incident) for item, incident in tx.session.execute(query)), key=_soonest)


def _soonest(item: ActionItemView) -> tuple[date, int]:
    return item.due or date.max, item.id


def listed(tx: Tx, item_ids: list[int]) -> list[ActionItemView]:
    """These items as they are now, in the order given (those gone or done are left out)."""
    query = select(ActionItem, Incident).join(Incident, Incident.id == ActionItem.incident_id)
    found = {
        item.id: ActionItemView.of(item, incident)
        for item, incident in tx.session.execute(query.where(ActionItem.id.in_(item_ids)))
    }
    return [found[i] for i in item_ids if i in found and found[i].is_open]
