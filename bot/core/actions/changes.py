"""Changing action items. Each change locks its incident, changes the item and records the
timeline event (one short line in the channel) in one transaction. Items can be added and changed
whatever the incident's state: reviews after the close, and false alarms (a noisy alert to tune),
produce follow-ups too."""

from __future__ import annotations

from datetime import date

from bot.core.actions.items import DONE, OPEN, ActionItemView, ref, row
from bot.core.errors import IllegalTransition, InvalidInput
from bot.core.text import bounded, one_line
from bot.core.tx import Tx
from bot.store.models import ActionItem, Incident

MAX_ACTION = 300  # one line a person can read in a list, a DM and a digest


def action_text(raw: str) -> str:
    """What is stored: one line, cleaned, at most MAX_ACTION characters."""
    return bounded(one_line(raw), "The action item", MAX_ACTION)


def add(
    tx: Tx, number: int, actor: str, text: str, owner: str | None = None, due: date | None = None
) -> ActionItemView:
    wording = action_text(text)
    incident = tx.incident(number)
    if due is not None and due < tx.now.date():
        raise InvalidInput(f"The due date {due.isoformat()} is in the past (today is {tx.now.date().isoformat()} UTC).")
    item = ActionItem(incident_id=incident.id, text=wording, owner=owner, due=due, created_at=tx.now, created_by=actor)
    tx.session.add(item)
    tx.session.flush()
    data = {"item": item.id, "owner": owner, "due": due.isoformat() if due else None}
    tx.record(incident, "action_added", actor, wording, data=data)
    return ActionItemView.of(item, incident)


def complete(tx: Tx, item_id: int, actor: str) -> ActionItemView:
    item, incident = _locked(tx, item_id)
    if item.status == DONE:
        raise IllegalTransition(f"{ref(item.id)} is already done.")
    item.status, item.done_at, item.done_by = DONE, tx.now, actor
    tx.record(incident, "action_done", actor, item.text, data={"item": item.id, "owner": item.owner})
    return ActionItemView.of(item, incident)


def reassign(tx: Tx, item_id: int, actor: str, owner: str) -> ActionItemView:
    """Give the item to `owner`. The new owner is told when it falls due — at once when it already
    has — so the reminder is armed again."""
    item, incident = _locked(tx, item_id)
    if item.status != OPEN:
        raise IllegalTransition(f"{ref(item.id)} is done; add a new action item instead.")
    if item.owner == owner:
        raise IllegalTransition(f"{ref(item.id)} already has that owner; nothing was changed.")
    data = {"item": item.id, "from": item.owner, "to": owner}
    item.owner, item.reminded_at = owner, None
    tx.record(incident, "action_reassigned", actor, item.text, data=data)
    return ActionItemView.of(item, incident)


def _locked(tx: Tx, item_id: int) -> tuple[ActionItem, Incident]:
    """The item, with its incident locked first (the order every change of the incident takes)."""
    incident = tx.session.get(Incident, row(tx, item_id).incident_id)
    assert incident is not None
    locked = tx.incident(incident.number)
    item = row(tx, item_id)
    tx.session.refresh(item)
    return item, locked
