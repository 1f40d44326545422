"""Who is on call when, from a feed's events: flattened at load into shifts that never overlap, so
"who is on call at T" is one bisect.

Where events overlap, the one that began last wins: an override starts inside the shift it replaces
(a Google calendar's "Bob covers Tuesday night" over "Alice, this week"). A tie goes to the shorter
event, then to the one later in the file."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import datetime
from itertools import pairwise

from bot.core.policy.oncall import Shift


@dataclass(frozen=True)
class Cover:
    """One event of the feed: who it names, from when to when (UTC), and its place in the file."""

    person: str
    starts: datetime
    ends: datetime
    order: int

    def rank(self) -> tuple[datetime, float, int]:
        return self.starts, -(self.ends - self.starts).total_seconds(), self.order


class Roster:
    def __init__(self, covers: list[Cover]) -> None:
        self.shifts = _merged(_flattened(covers))
        self._starts = [shift.starts for shift in self.shifts]

    def at(self, moment: datetime) -> Shift | None:
        """The shift covering `moment`, or None when the feed has nobody then."""
        index = bisect_right(self._starts, moment) - 1
        if index >= 0 and moment < self.shifts[index].ends:
            return self.shifts[index]
        return None

    def after(self, moment: datetime) -> Shift | None:
        """The first shift that starts after `moment`: the next handoff."""
        index = bisect_right(self._starts, moment)
        return self.shifts[index] if index < len(self.shifts) else None


def _flattened(covers: list[Cover]) -> list[Shift]:
    """Sweep the boundaries in order, keeping the events in force; each stretch goes to the winner."""
    pending = sorted(covers, key=lambda cover: cover.starts)
    bounds = sorted({c.starts for c in covers} | {c.ends for c in covers})
    active: list[Cover] = []
    shifts: list[Shift] = []
    taken = 0
    for start, end in pairwise(bounds):
        while taken < len(pending) and pending[taken].starts <= start:
            active.append(pending[taken])
            taken += 1
        active = [cover for cover in active if cover.ends > start]
        if active:
            shifts.append(Shift(max(active, key=Cover.rank).person, start, end))
    return shifts


def _merged(shifts: list[Shift]) -> list[Shift]:
    """Back-to-back stretches of one person are one shift: a handoff is a change of person."""
    merged: list[Shift] = []
    for shift in shifts:
        last = merged[-1] if merged else None
        if last and last.user == shift.user and last.ends == shift.starts:
            merged[-1] = Shift(last.user, last.starts, shift.ends)
        else:
            merged.append(shift)
    return merged
