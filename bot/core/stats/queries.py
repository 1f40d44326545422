"""The statistics' SQL. Counting, averaging, the median and time differences happen in the
database, so over ten thousand incidents only a handful of numbers cross the wire."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Float, and_, case, cast, extract, false, func, or_, select
from sqlmodel import Session

from bot.core.status import Status
from bot.store.models import ActionItem, Incident

ENDED = (Status.RESOLVED.value, Status.CLOSED.value)
UNIX_EPOCH_JULIAN_DAY = 2440587.5


def counted(start: datetime) -> ColumnElement[bool]:
    """The incidents a period counts: declared in it, not cancelled (a false alarm is no incident),
    not a drill (practice would skew the numbers it trains people to improve)."""
    return and_(Incident.declared_at >= start, Incident.status != Status.CANCELLED.value, Incident.drill.is_(False))


def epoch_seconds(session: Session, moment: Any) -> ColumnElement[float]:
    """A timestamp column as seconds since the Unix epoch, in SQL, on either database."""
    if session.get_bind().dialect.name == "postgresql":
        return cast(extract("epoch", moment), Float)  # numeric otherwise: Decimals are slow and awkward
    return (func.julianday(moment) - UNIX_EPOCH_JULIAN_DAY) * 86400.0


def by_severity(session: Session, start: datetime) -> dict[str, int]:
    query = select(Incident.severity, func.count()).where(counted(start)).group_by(Incident.severity)
    return {severity: count for severity, count in session.execute(query)}


def key_time(session: Session, start: datetime, milestone: Any) -> tuple[int, float | None, float | None]:
    """(how many counted incidents recorded `milestone`, mean and median seconds from the declare to it)."""
    span = epoch_seconds(session, milestone) - epoch_seconds(session, Incident.declared_at)
    measured = (counted(start), milestone.is_not(None))
    count, mean = session.execute(select(func.count(), func.avg(span)).where(*measured)).one()
    if not count:
        return 0, None, None
    middle = select(span).where(*measured).order_by(span).offset((count - 1) // 2).limit(2 - count % 2)
    values = session.execute(middle).scalars().all()
    return count, _ms(mean), _ms(sum(values) / len(values))


def within(session: Session, start: datetime, milestone: Any, targets: Mapping[str, float]) -> int:
    """How many counted incidents reached `milestone` within their severity's target (seconds; half a
    millisecond of slack, as key_time rounds to the millisecond)."""
    span = epoch_seconds(session, milestone) - epoch_seconds(session, Incident.declared_at)
    on_time = or_(false(), *(and_(Incident.severity == key, span <= limit + 0.0005) for key, limit in targets.items()))
    query = select(func.count()).where(counted(start), milestone.is_not(None), on_time)
    return session.execute(query).scalar_one()


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


def _ms(seconds: Any) -> float:
    """To the millisecond: SQLite's julianday arithmetic is a few microseconds off."""
    return round(float(seconds), 3)
