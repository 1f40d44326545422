"""The dashboard's incident list: open incidents first, then the rest, newest first within each;
filtered by status, severity, service, declare date and a search over titles; one page at a time.
Filtering, ordering and paging happen in SQL, so ten thousand incidents cost one page of rows.

Private incidents are only listed to who may see them (`Seen`): the adapter says which private
channels the reader is in, as the core never asks Slack."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import ColumnElement, and_, case, false, func, or_, select

from bot.core.status import OPEN
from bot.core.tx import Tx
from bot.core.views import IncidentView
from bot.store.models import Incident, IncidentService

PAGE_SIZE = 50
OPEN_STATUSES = tuple(s.value for s in OPEN)


@dataclass(frozen=True)
class Seen:
    """Who reads, and the private channels they are in; `channels` None: unknown (Slack could not be
    asked), so no private incident with a channel is shown."""

    user_id: str
    channels: frozenset[str] | None

    def clause(self) -> ColumnElement[bool]:
        """Public incidents; private ones in the reader's channels; and a private one with no channel
        yet (declared while Slack was away) to the person who declared it."""
        unset = and_(Incident.channel_id.is_(None), Incident.declared_by == self.user_id)
        member = Incident.channel_id.in_(sorted(self.channels)) if self.channels else false()
        return or_(Incident.private.is_(False), unset, member)


@dataclass(frozen=True)
class Filters:
    """All optional. `status` is a status or "open"; `since`/`until` are declare dates, both included."""

    status: str | None = None
    severity: str | None = None
    service: str | None = None
    since: date | None = None
    until: date | None = None
    search: str | None = None
    page: int = 1

    def clauses(self) -> list[ColumnElement[bool]]:
        found = [c for c in (self._status(), self._dates(), self._search(), self._service()) if c is not None]
        return found + ([Incident.severity == self.severity] if self.severity else [])

    def _status(self) -> ColumnElement[bool] | None:
        if self.status == "open":
            return Incident.status.in_(OPEN_STATUSES)
        return Incident.status == self.status if self.status else None

    def _dates(self) -> ColumnElement[bool] | None:
        bounds = [Incident.declared_at >= datetime.combine(self.since, time(), UTC)] if self.since else []
        if self.until:
            bounds.append(Incident.declared_at < datetime.combine(self.until + timedelta(days=1), time(), UTC))
        return and_(*bounds) if bounds else None

    def _search(self) -> ColumnElement[bool] | None:
        """Case-insensitive, every word somewhere in the title; `%` and `_` are plain characters."""
        words = (self.search or "").lower().split()
        escaped = [w.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for w in words]
        return and_(*(func.lower(Incident.title).like(f"%{w}%", escape="\\") for w in escaped)) if words else None

    def _service(self) -> ColumnElement[bool] | None:
        if not self.service:
            return None
        named = select(IncidentService.incident_id).where(IncidentService.name == self.service)
        return Incident.id.in_(named)


@dataclass(frozen=True)
class Page:
    incidents: list[IncidentView]
    total: int  # incidents matching the filters
    number: int
    size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))


def incidents(tx: Tx, filters: Filters, seen: Seen) -> Page:
    where = [seen.clause(), *filters.clauses()]
    total = tx.session.execute(select(func.count()).select_from(Incident).where(*where)).scalar_one()
    ended = case((Incident.status.in_(OPEN_STATUSES), 0), else_=1)
    query = select(Incident).where(*where).order_by(ended, Incident.number.desc())
    rows = tx.session.scalars(query.offset((filters.page - 1) * PAGE_SIZE).limit(PAGE_SIZE)).all()
    return Page(tx.views(rows), total, filters.page)


def visible(tx: Tx, number: int, seen: Seen) -> IncidentView | None:
    """The incident when `seen` may see it; None both when it does not exist and when it is hidden,
    so a page never confirms that a private incident exists."""
    row = tx.session.scalars(select(Incident).where(Incident.number == number, seen.clause())).first()
    return tx.view(row) if row else None
