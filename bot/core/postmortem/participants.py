"""Who held which role, from when to when, and for how long. A role still held counts up to the
resolve (the response is over once service is restored), or up to now while the incident is open
or was cancelled without a resolve."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.core.views import RoleHolder
from bot.store.models import Incident


@dataclass(frozen=True)
class Tenure:
    role: str
    user_id: str
    area: str | None
    start: datetime
    end: datetime | None  # when relieved; None while still held
    counted_to: datetime  # `end`, else the resolve, else now

    @property
    def held(self) -> timedelta:
        return max(self.counted_to - self.start, timedelta(0))

    @property
    def still_held(self) -> bool:
        return self.end is None


def tenures(holders: list[RoleHolder], row: Incident, now: datetime) -> list[Tenure]:
    over = row.resolved_at or row.cancelled_at or now
    return [Tenure(h.role, h.user_id, h.area, h.assigned_at, h.relieved_at, h.relieved_at or over) for h in holders]
