"""Key times of one incident, from recorded timestamps only: what reviews average into MTTD, MTTA,
MTTR. A milestone that never happened is None ("not recorded"), never a guess."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.store.models import Incident


@dataclass(frozen=True)
class KeyTimes:
    """Detection runs from impact start (an alert's `startsAt`) to the declaration; the others run
    from the declaration, the moment the response began."""

    detect: timedelta | None
    acknowledge: timedelta | None
    identify: timedelta | None
    mitigate: timedelta | None
    resolve: timedelta | None

    @classmethod
    def of(cls, row: Incident) -> KeyTimes:
        def since_declared(moment: datetime | None) -> timedelta | None:
            return moment - row.declared_at if moment else None

        detect = row.declared_at - row.impact_started_at if row.impact_started_at else None
        return cls(
            detect,
            since_declared(row.acknowledged_at),
            since_declared(row.identified_at),
            since_declared(row.mitigated_at),
            since_declared(row.resolved_at),
        )


def impact_window(row: Incident, now: datetime) -> tuple[datetime, datetime]:
    """When customers were hurt: from impact start (else the declaration) to the resolve (else now)."""
    return row.impact_started_at or row.declared_at, row.resolved_at or now
