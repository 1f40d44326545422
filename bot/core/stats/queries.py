"""The statistics' SQL. Counting and time differences happen in the database, so over ten thousand
incidents only numbers cross the wire, never ORM rows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, extract, func, select
from sqlmodel import Session

from bot.core.status import Status
from bot.store.models import ActionItem, Incident

ENDED = (Status.RESOLVED.value, Status.CLOSED.value)


def counted(start: datetime) -> ColumnElement[bool]:
    """The incidents a period counts: declared in it, not cancelled (a false alarm is no incident)."""
    return and_(Incident.declared_at >= start, Incident.status != Status.CANCELLED.value)


def by_severity(session: Session, start: datetime) -> dict[str, int]:
    query = select(Incident.severity, func.count()).where(counted(start)).group_by(Incident.severity)
    return {severity: count for severity, count in session.execute(query)}


def seconds_to(session: Session, start: datetime, milestone: Any) -> list[tuple[str, float]]:
    """(severity, seconds from declared to `milestone`) of each counted incident that recorded it,
    to the millisecond (SQLite's julianday arithmetic is a few microseconds off)."""
    span = _seconds_between(session, milestone, Incident.declared_at)
    query: Select[Any] = select(Incident.severity, span).where(counted(start), milestone.is_not(None))
    return [(severity, round(float(seconds), 3)) for severity, seconds in session.execute(query)]


def postmortems(session: Session, start: datetime) -> tuple[int, int]:
    """(ended incidents with the postmortem marked done, ended incidents)."""
    query = select(func.count(Incident.postmortem_done_at), func.count()).where(
        counted(start), Incident.status.in_(ENDED)
    )
    done, ended = session.execute(query).one()
    return done, ended


def action_items(session: Session, start: datetime) -> tuple[int, int]:
    """(done, all) action items of the counted incidents."""
    done = func.coalesce(func.sum(case((ActionItem.status == "done", 1), else_=0)), 0)
    query = select(done, func.count()).select_from(ActionItem).join(Incident, ActionItem.incident_id == Incident.id)
    finished, total = session.execute(query.where(counted(start))).one()
    return int(finished), total


def _seconds_between(session: Session, later: Any, earlier: Any) -> ColumnElement[float]:
    if session.get_bind().dialect.name == "postgresql":
        return extract("epoch", later - earlier)
    return (func.julianday(later) - func.julianday(earlier)) * 86400.0
