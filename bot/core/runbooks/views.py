"""Read-only snapshots of an incident's checklists, for the message, the card and the postmortem."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session

from bot.core.errors import NotFound
from bot.core.tx import Tx
from bot.store.models import Incident, RunbookCopy, RunbookStep


@dataclass(frozen=True)
class StepView:
    id: int
    position: int
    text: str
    link: str | None
    done: bool
    changed_at: datetime | None
    changed_by: str | None


@dataclass(frozen=True)
class ChecklistView:
    id: int
    number: int  # the incident's
    name: str
    title: str
    message_ts: str | None
    version: int
    steps: tuple[StepView, ...]

    @property
    def done(self) -> int:
        return sum(step.done for step in self.steps)


def checklist(tx: Tx, runbook_id: int) -> ChecklistView:
    copy = tx.session.get(RunbookCopy, runbook_id)
    if copy is None:
        raise NotFound("That checklist is not in this bot's record any more.")
    return _views(tx.session, [copy])[0]


def of_incident(tx: Tx, number: int) -> list[ChecklistView]:
    query = select(RunbookCopy).join(Incident).where(Incident.number == number).order_by(RunbookCopy.id)
    return _views(tx.session, list(tx.session.scalars(query)))


def store_message(tx: Tx, runbook_id: int, ts: str) -> None:
    """The checklist's message, so later changes update it in place."""
    copy = tx.session.get(RunbookCopy, runbook_id)
    if copy is not None:
        copy.message_ts = ts


def _views(session: Session, copies: list[RunbookCopy]) -> list[ChecklistView]:
    steps = _steps(session, [c.id for c in copies if c.id is not None])
    numbers = _numbers(session, {c.incident_id for c in copies})
    return [
        ChecklistView(c.id or 0, numbers[c.incident_id], c.name, c.title, c.message_ts, c.version, steps.get(c.id, ()))
        for c in copies
    ]


def _steps(session: Session, ids: list[int]) -> dict[int | None, tuple[StepView, ...]]:
    query = select(RunbookStep).where(RunbookStep.runbook_id.in_(ids)).order_by(RunbookStep.position)
    found: dict[int | None, list[StepView]] = {}
    for s in session.scalars(query):
        view = StepView(s.id or 0, s.position, s.text, s.link, s.done, s.changed_at, s.changed_by)
        found.setdefault(s.runbook_id, []).append(view)
    return {key: tuple(value) for key, value in found.items()}


def _numbers(session: Session, incident_ids: Iterable[int]) -> dict[int, int]:
    query = select(Incident.id, Incident.number).where(Incident.id.in_(list(incident_ids)))
    return {row_id: number for row_id, number in session.execute(query)}
