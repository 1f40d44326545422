"""Durations as people write them in the policy file: one number and a unit (`30s`, `20m`, `4h`, `2d`, `1w`)."""

from __future__ import annotations

import re
from datetime import timedelta

UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_PATTERN = re.compile(r"(\d+)\s*([smhdw])")


def parse_duration(raw: object) -> timedelta:
    """A positive duration; raises ValueError with the accepted forms otherwise."""
    match = _PATTERN.fullmatch(raw.strip().lower()) if isinstance(raw, str) else None
    if match is None or int(match.group(1)) == 0:
        raise ValueError(f"{raw!r} is not a duration: write a positive number and a unit, e.g. 30s, 20m, 4h, 2d, 1w")
    return timedelta(seconds=int(match.group(1)) * UNITS[match.group(2)])


def format_duration(span: timedelta) -> str:
    """The largest unit that divides the span exactly, so `check-policy` prints what a person would write."""
    seconds = int(span.total_seconds())
    for unit, size in sorted(UNITS.items(), key=lambda item: -item[1]):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    raise AssertionError("seconds always divide")
