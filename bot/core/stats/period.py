"""The periods `/incident stats` reports on: what a weekly review and a quarterly one look back over."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.core.errors import InvalidInput

PERIODS = {"30d": 30, "90d": 90}
DEFAULT_PERIOD = "30d"


@dataclass(frozen=True)
class Period:
    label: str
    days: int

    @property
    def span(self) -> timedelta:
        return timedelta(days=self.days)


def parse_period(raw: str) -> Period:
    """`30d` (the default, also for no argument) or `90d`; anything else is refused in one line."""
    key = raw.strip().lower() or DEFAULT_PERIOD
    if key not in PERIODS:
        shown = raw.strip()[:20]
        raise InvalidInput(
            f"`{shown}` is not a period I report on: use `/incident stats 30d` or `/incident stats 90d`."
        )
    return Period(key, PERIODS[key])
