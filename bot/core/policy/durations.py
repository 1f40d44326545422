"""Durations as people write them in the policy file: one number and a unit (`30s`, `20m`, `4h`, `2d`, `1w`),
each key within the range an SRE would set it to, so a typo of a few zeros is refused by `check-policy`
instead of overflowing the scheduler at the first declare."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

from bot.core.policy.quoting import shown

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_PATTERN = re.compile(r"([0-9]+)\s*([smhdw])")  # ASCII digits only: int() would also read "５" or "٣"


@dataclass(frozen=True)
class Bounds:
    """The accepted range of one key, inclusive; called as the key's converter."""

    shortest: timedelta
    longest: timedelta

    def __call__(self, raw: object) -> timedelta:
        seconds = _seconds(raw)
        if not self.shortest.total_seconds() <= seconds <= self.longest.total_seconds():
            range_ = f"{format_duration(self.shortest)} and {format_duration(self.longest)}"
            raise ValueError(f"{shown(raw)} is out of range: write a duration between {range_}")
        return timedelta(seconds=seconds)  # only now: a huge count would overflow timedelta


ANY = Bounds(timedelta(seconds=1), timedelta(days=365))


def parse_duration(raw: object) -> timedelta:
    """A positive duration up to a year; raises ValueError with the accepted forms otherwise."""
    return ANY(raw)


def _seconds(raw: object) -> int:
    match = _PATTERN.fullmatch(raw.strip().lower()) if isinstance(raw, str) else None
    count = match.group(1).lstrip("0") if match else ""
    if not count:
        raise ValueError(f"{shown(raw)} is not a duration: write a positive number and a unit, e.g. 30s, 20m, 4h, 2d")
    if len(count) > 12:  # past every bound, and int() refuses strings of over 4300 digits
        return int(ANY.longest.total_seconds()) + 1
    return int(count) * UNITS[match.group(2)]


def format_duration(span: timedelta) -> str:
    """The largest unit that divides the span exactly, so `check-policy` prints what a person would write."""
    seconds = int(span.total_seconds())
    for unit, size in sorted(UNITS.items(), key=lambda item: -item[1]):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    raise AssertionError("seconds always divide")
