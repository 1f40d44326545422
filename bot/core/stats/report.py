"""`/incident stats`: one read of the period's figures, for the weekly incident review."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.core.severity import LEVELS
from bot.core.stats.figures import KeyTimeFigure, Rate
from bot.core.stats.period import Period
from bot.core.stats.queries import action_items, by_severity, key_time, postmortems, within
from bot.core.stats.repeats import Repeat, repeats
from bot.core.tx import Tx
from bot.store.models import Incident


@dataclass(frozen=True)
class Stats:
    period: Period
    start: datetime
    end: datetime
    by_severity: dict[str, int]  # every level in policy order, zeros included
    acknowledge: KeyTimeFigure
    acknowledged_in_time: Rate  # acknowledged within the severity's `ack_within`, of those acknowledged
    resolve: KeyTimeFigure
    postmortems: Rate  # resolved or closed incidents with the postmortem marked done
    action_items: Rate  # the counted incidents' action items that are done
    repeats: list[Repeat]

    @property
    def total(self) -> int:
        return sum(self.by_severity.values())


def report(tx: Tx, period: Period) -> Stats:
    """Incidents declared in the last `period` up to now, cancelled ones left out."""
    start = tx.now - period.span
    session = tx.session
    counts = by_severity(session, start)
    total = sum(counts.values())
    acknowledged = key_time(session, start, Incident.acknowledged_at)
    targets = {key: level.ack_within.total_seconds() for key, level in tx.policy.severities.items()}
    return Stats(
        period,
        start,
        tx.now,
        {level: counts.get(level, 0) for level in (*LEVELS, *sorted(set(counts) - set(LEVELS)))},
        KeyTimeFigure.of(*acknowledged, total),
        Rate(within(session, start, Incident.acknowledged_at, targets), acknowledged[0]),
        KeyTimeFigure.of(*key_time(session, start, Incident.resolved_at), total),
        Rate(*postmortems(session, start)),
        Rate(*action_items(session, start)),
        repeats(session, start),
    )
