"""One row per incident, read in chunks by incident number inside one read transaction: the
export streams, holding one chunk at a time however many incidents there are."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, func, select, true
from sqlalchemy.orm import load_only
from sqlmodel import Session

from bot.core.export.columns import COUNTS, KEY_TIMES, TIMESTAMPS, Row
from bot.core.export.counts import counts, services
from bot.core.keytimes import KeyTimes
from bot.store.models import Incident

CHUNK = 500
LOADED = (
    Incident.id, Incident.number, Incident.title, Incident.severity, Incident.status, Incident.private, Incident.drill,
    *(getattr(Incident, name) for name in TIMESTAMPS), Incident.postmortem_done_at,
)  # fmt: skip


@dataclass(frozen=True)
class Selection:
    """Which incidents: declared on or after `since` (all when None); private ones and drills only
    when asked."""

    since: datetime | None = None
    include_private: bool = False
    include_drills: bool = False

    def declared(self) -> ColumnElement[bool]:
        return Incident.declared_at >= self.since if self.since else true()

    def where(self) -> ColumnElement[bool]:
        private = true() if self.include_private else Incident.private.is_(False)
        drills = true() if self.include_drills else Incident.drill.is_(False)
        return self.declared() & private & drills

    def left_out(self, session: Session) -> tuple[int, int]:
        """(private incidents, drills) the selection leaves out; a private drill counts in both."""
        return _left_out(session, self, Incident.private, self.include_private), _left_out(
            session, self, Incident.drill, self.include_drills
        )


def _left_out(session: Session, selection: Selection, column: Any, included: bool) -> int:
    if included:
        return 0
    query = select(func.count()).select_from(Incident).where(selection.declared(), column.is_(True))
    return session.execute(query).scalar_one()


def rows(session: Session, selection: Selection) -> Iterator[Row]:
    last = 0
    while chunk := _chunk(session, selection, last):
        ids = [row.id for row in chunk if row.id is not None]
        counted, named = counts(session, ids), services(session, ids)
        for row in chunk:
            assert row.id is not None
            yield _row(row, named.get(row.id, []), counted.get(row.id, {}))
        last = chunk[-1].number
        session.expunge_all()  # the chunk's rows are written: let them go


def _chunk(session: Session, selection: Selection, after: int) -> list[Incident]:
    """The next incidents, without the columns the export does not use (the stored postmortem draft
    alone can be tens of kilobytes an incident)."""
    query = select(Incident).options(load_only(*LOADED)).where(selection.where(), Incident.number > after)
    return list(session.scalars(query.order_by(Incident.number).limit(CHUNK)))


def _row(row: Incident, named: list[str], counted: dict[str, int]) -> Row:
    times = KeyTimes.of(row)
    spans = (times.detect, times.acknowledge, times.identify, times.mitigate, times.resolve)
    return {
        "number": row.number,
        "ref": f"INC-{row.number}",
        "title": row.title,
        "severity": row.severity,
        "status": row.status,
        "private": row.private,
        **{name: getattr(row, name) for name in TIMESTAMPS},
        **{
            name: round(span.total_seconds()) if span is not None else None
            for name, span in zip(KEY_TIMES, spans, strict=True)
        },
        "services": named,
        **{name: counted.get(name, 0) for name in COUNTS},
        "postmortem_done_at": row.postmortem_done_at,
        "drill": row.drill,
    }
