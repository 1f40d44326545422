"""Rosters read from stored copies, kept per process: a copy is parsed once per change of its digest
(and once a week, as the window of expanded events moves on), so a lookup costs a bisect, not a parse."""

from __future__ import annotations

import threading
from collections import OrderedDict
from datetime import UTC, datetime, time, timedelta

from bot.core.feeds.calendar import read_calendar
from bot.core.feeds.roster import Roster

BEFORE, AFTER = timedelta(days=35), timedelta(days=400)  # the expanded window around this week
KEEP = 32  # rosters kept: a few schedules, a few versions each


class Rosters:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._kept: OrderedDict[tuple[str, str | None, datetime], Roster] = OrderedDict()

    def of(self, body: str, digest: str, zone: str | None, now: datetime) -> Roster:
        """The roster of a copy; raises FeedError for a copy that is no calendar."""
        anchor = _week(now)
        key = (digest, zone, anchor)
        with self._lock:
            if key in self._kept:
                self._kept.move_to_end(key)
                return self._kept[key]
        roster = read_calendar(body.encode(), zone, anchor - BEFORE, anchor + AFTER)
        with self._lock:
            self._kept[key] = roster
            while len(self._kept) > KEEP:
                self._kept.popitem(last=False)
        return roster


def _week(now: datetime) -> datetime:
    day = now.astimezone(UTC).date()
    return datetime.combine(day - timedelta(days=day.toordinal() % 7), time(0), UTC)


ROSTERS = Rosters()  # one per process, shared by every transaction; holds nothing that must persist
