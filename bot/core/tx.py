"""One unit of work: a session in a transaction, the time it runs at, and the helpers every
operation needs — load the incident under a lock, record a timeline event and queue its effects."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from bot.core import roles
from bot.core.clock import Clock
from bot.core.errors import NotFound
from bot.core.notify import SURFACES
from bot.core.policy import DEFAULT_POLICY, Policy
from bot.core.runbooks import progress as checklists
from bot.core.service_names import names_by_incident
from bot.core.views import EventView, IncidentView, Outcome
from bot.store import outbox
from bot.store.models import Incident, TimelineEvent

Follower = Callable[["Tx", Incident, TimelineEvent], None]


@dataclass
class Tx:
    session: Session
    clock: Clock
    locking: bool = True  # False in read-only transactions: nothing to protect, so no row locks
    policy: Policy = DEFAULT_POLICY
    # What every recorded event sets off in the same transaction (the reminders it arms or stops).
    # Given by the Desk, so this module needs none of them and they may all take a Tx.
    followers: tuple[Follower, ...] = ()
    now: datetime = field(init=False)
    _stamped: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        self.now = self.clock.now()

    def incident(self, number: int) -> Incident:
        """The incident row, locked for the rest of the transaction so concurrent changes queue.
        The transaction's time is read again once the lock is held: a change that waited for
        another is stamped after it, so the timeline's order is the order the changes were made."""
        query = select(Incident).where(Incident.number == number)
        if self.locking and self.session.get_bind().dialect.name == "postgresql":
            query = query.with_for_update()
        row = self.session.scalars(query).first()
        if row is None:
            raise NotFound(f"There is no incident INC-{number}.")
        if not self._stamped:
            self.now, self._stamped = self.clock.now(), True
        return row

    def view(self, row: Incident) -> IncidentView:
        return self.views([row])[0]

    def views(self, rows: Sequence[Incident]) -> list[IncidentView]:
        """Views of several incidents in two queries, not two each: an announcement lists hundreds."""
        self.session.flush()
        ids = [row.id for row in rows if row.id is not None]
        holders, services = roles.active_of(self.session, ids), names_by_incident(self.session, ids)
        progress = checklists.by_incident(self.session, ids)
        return [
            replace(
                IncidentView.of(r, holders.get(r.id or 0, []), self.policy, services.get(r.id or 0, [])),
                checklists=tuple(progress.get(r.id or 0, ())),
            )
            for r in rows
        ]

    def record(
        self,
        row: Incident,
        kind: str,
        actor: str | None,
        text: str = "",
        *,
        source: str = "slack",
        data: dict[str, Any] | None = None,
        ref: str | None = None,
        at: datetime | None = None,
    ) -> TimelineEvent:
        """Append a timeline event and queue the effects the who-sees-what table gives its kind."""
        assert row.id is not None
        event = TimelineEvent(
            incident_id=row.id,
            at=at or self.now,
            kind=kind,
            actor=actor,
            source=source,
            text=text,
            data=json.dumps(data or {}),
            ref=ref,
        )
        self.session.add(event)
        self.session.flush()
        self._publish(row, event)
        for follow in self.followers:
            follow(self, row, event)
        return event

    def _publish(self, row: Incident, event: TimelineEvent) -> None:
        surfaces = SURFACES[event.kind]
        payload = {"event_id": event.id}
        if surfaces.line:
            self.enqueue("post_event", row, payload)
        if surfaces.announce and not row.private:
            self.enqueue("announce_event", row, payload)
        if surfaces.react:
            self.enqueue("react_event", row, payload)
        if surfaces.card:
            self.enqueue("refresh_card", row, coalesce=True)

    def enqueue(
        self, kind: str, row: Incident, payload: dict[str, Any] | None = None, *, coalesce: bool = False
    ) -> None:
        outbox.enqueue(self.session, self.now, kind, row.id, payload, coalesce=coalesce)

    def outcome(self, row: Incident, event: TimelineEvent | None = None, notice: str | None = None) -> Outcome:
        view = self.view(row)
        return Outcome(view, EventView.of(event) if event else None, notice)
