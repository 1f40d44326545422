"""The key-times table: each time from `KeyTimes` (recorded timestamps only), with what it is
measured from and to, so a reader knows what a number means without reading the code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from bot.core.keytimes import KeyTimes

# (the name, the KeyTimes field, from → to). Acknowledge, identify, mitigate and resolve all count
# from the declaration, so they add up along one line and compare across incidents.
MEASURES = (
    ("Time to detect", "detect", "impact start (the first alert's startsAt) → declared"),
    ("Time to acknowledge", "acknowledge", "declared → acknowledged (or the first status change)"),
    ("Time to identify", "identify", "declared → first set to identified"),
    ("Time to mitigate", "mitigate", "declared → first set to monitoring (or resolved, if it never was)"),
    ("Time to resolve", "resolve", "declared → resolved (the last resolve, if it was reopened)"),
)


@dataclass(frozen=True)
class Milestone:
    name: str
    value: timedelta | None  # None: it never happened, the draft says "not recorded"
    measured: str


def milestones(times: KeyTimes) -> list[Milestone]:
    return [Milestone(name, getattr(times, field), measured) for name, field, measured in MEASURES]
