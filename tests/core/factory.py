"""Shared helpers for the core tests: people, a declare shortcut and read-back queries that go
through the same Desk (one transaction each) the bot uses."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import select

from bot.core import incidents, timeline
from bot.core.desk import Desk
from bot.core.incidents import DeclareRequest
from bot.core.tx import Tx
from bot.core.views import EventView, Outcome
from bot.store.models import OutboxItem

ALICE, BOB, CAROL, DAVE = "U0ALICE", "U0BOB", "U0CAROL", "U0DAVE"


def declare(desk: Desk, title: str = "Checkout is failing", by: str | None = ALICE, **fields: Any) -> Outcome:
    return desk.run(incidents.declare, DeclareRequest(title=title, declared_by=by, **fields))


def events(desk: Desk, number: int) -> list[EventView]:
    return desk.run(timeline.events, number)


def outbox_rows(desk: Desk, kind: str | None = None) -> list[dict[str, Any]]:
    """The outbox as plain dicts, oldest first."""

    def read(tx: Tx) -> list[dict[str, Any]]:
        query = select(OutboxItem).order_by(OutboxItem.id)
        if kind is not None:
            query = query.where(OutboxItem.kind == kind)
        return [
            {"id": i.id, "kind": i.kind, "incident_id": i.incident_id, "payload": json.loads(i.payload)}
            for i in tx.session.scalars(query)
        ]

    return desk.run(read)
