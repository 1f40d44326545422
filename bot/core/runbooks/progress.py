"""How far each checklist of an incident has got: the card's "Runbook: 3 of 7 done" lines."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Integer, cast, func, select
from sqlmodel import Session

from bot.store.models import RunbookCopy, RunbookStep


@dataclass(frozen=True)
class Progress:
    title: str
    done: int
    total: int


def by_incident(session: Session, incident_ids: Sequence[int]) -> dict[int, list[Progress]]:
    """One query for any number of incidents (an announcement renders many cards)."""
    if not incident_ids:
        return {}
    done = func.sum(cast(RunbookStep.done, Integer))
    query = (
        select(RunbookCopy.incident_id, RunbookCopy.title, done, func.count(RunbookStep.id))
        .join(RunbookStep, RunbookStep.runbook_id == RunbookCopy.id)
        .where(RunbookCopy.incident_id.in_(list(incident_ids)))
        .group_by(RunbookCopy.id, RunbookCopy.incident_id, RunbookCopy.title)
        .order_by(RunbookCopy.id)
    )
    found: dict[int, list[Progress]] = {}
    for incident_id, title, ticked, total in session.execute(query):
        found.setdefault(incident_id, []).append(Progress(title, int(ticked or 0), total))
    return found
