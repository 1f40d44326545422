"""The dashboard's overview: incidents per week by severity, and the mean time to acknowledge and
to resolve of each week's incidents, over the last weeks. The same counting rules as
`/incident stats` (bot/core/stats/queries.py: cancelled incidents are no incidents); the database
turns times into seconds, and one pass buckets the rows into weeks."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from statistics import fmean

from sqlalchemy import ColumnElement, select

from bot.core.severity import LEVELS
from bot.core.stats.queries import counted, epoch_seconds
from bot.core.tx import Tx
from bot.store.models import Incident

WEEKS = 12


@dataclass
class Week:
    """One ISO week (Monday first, UTC): its incidents by severity, and the key times measured in it."""

    start: date
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))
    acknowledge: list[float] = field(default_factory=list)  # seconds, one per incident that recorded it
    resolve: list[float] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def mtta(self) -> timedelta | None:
        return timedelta(seconds=fmean(self.acknowledge)) if self.acknowledge else None

    @property
    def mttr(self) -> timedelta | None:
        return timedelta(seconds=fmean(self.resolve)) if self.resolve else None


def weeks(tx: Tx, visible: ColumnElement[bool], count: int = WEEKS) -> list[Week]:
    """The last `count` weeks up to this one, oldest first, counting the incidents `visible` allows."""
    this_monday = tx.now.date() - timedelta(days=tx.now.weekday())
    found = [Week(this_monday - timedelta(weeks=count - 1 - i)) for i in range(count)]
    start = datetime.combine(found[0].start, time(), UTC)
    declared = epoch_seconds(tx.session, Incident.declared_at)
    columns = (
        Incident.declared_at,
        Incident.severity,
        epoch_seconds(tx.session, Incident.acknowledged_at) - declared,
        epoch_seconds(tx.session, Incident.resolved_at) - declared,
    )
    for at, severity, acknowledge, resolve in tx.session.execute(select(*columns).where(counted(start), visible)):
        index = (at.date() - found[0].start).days // 7
        if index >= count:  # declared after the clock's now: a clock set back, never counted twice
            continue
        week = found[index]
        week.counts[severity] = week.counts.get(severity, 0) + 1
        week.acknowledge += [round(acknowledge, 3)] if acknowledge is not None else []  # SQLite's julianday
        week.resolve += [round(resolve, 3)] if resolve is not None else []  # is a few microseconds off
    return found
