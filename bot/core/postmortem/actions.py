"""The incident's action items as the draft lists them: every one, in the order they were added."""

from __future__ import annotations

from bot.core.actions import items
from bot.core.actions.items import ActionItemView
from bot.core.tx import Tx
from bot.store.models import Incident


def action_items(tx: Tx, row: Incident) -> list[ActionItemView]:
    return sorted(items.of_incident(tx, row.number), key=lambda item: item.id)
