"""Who is on call. Each handoff is an instant: the handoff time on its day in the schedule's own time
zone, so handoffs stay at the wall-clock time people agreed on across DST changes. The shift covering a
moment is found by comparing instants, never wall-clock times: in the autumn's repeated hour a wall
clock runs backwards, and on-call with it.

A handoff time the clock skips (02:30 on a spring-forward night) happens at the first instant after the
gap; one the clock shows twice (01:30 on a fall-back night) happens at its first occurrence."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.policy.model import OncallSchedule

EPOCH = date(2024, 1, 1)  # a Monday: users[0] held the shift that began on the first handoff on or after it


@dataclass(frozen=True)
class Shift:
    user: str
    starts: datetime  # UTC
    ends: datetime  # UTC: the next handoff


def shift_at(schedule: OncallSchedule, moment: datetime) -> Shift:
    """The shift covering `moment` (timezone-aware): the one whose handoff is the last at or before it."""
    step = timedelta(days=7 if schedule.rotation == "weekly" else 1)
    day = _latest_handoff_day(schedule, moment.astimezone(ZoneInfo(schedule.timezone)).date() + timedelta(days=1))
    while handoff(schedule, day) > moment:
        day -= step
    index = ((day - _first_day(schedule)) // step) % len(schedule.users)
    return Shift(schedule.users[index], handoff(schedule, day), handoff(schedule, day + step))


def next_shift(schedule: OncallSchedule, moment: datetime) -> Shift:
    return shift_at(schedule, shift_at(schedule, moment).ends)


def handoff(schedule: OncallSchedule, day: date) -> datetime:
    """The first instant (UTC) at which the local clock reads the handoff time on `day`, or later."""
    wall = datetime.combine(day, schedule.handoff_time)
    zone = ZoneInfo(schedule.timezone)
    early, late = sorted(wall.replace(tzinfo=zone, fold=fold).astimezone(UTC) for fold in (0, 1))
    if _local(early, zone) == wall:
        return early  # an ordinary time, or the first of the two a fall-back night shows
    return _gap_end(early, late, wall, zone)


def _gap_end(early: datetime, late: datetime, wall: datetime, zone: ZoneInfo) -> datetime:
    """The clock jumps past `wall` between the two readings of it; find that instant to the second."""
    while late - early > timedelta(seconds=1):
        middle = (early + (late - early) / 2).replace(microsecond=0)
        if _local(middle, zone) >= wall:
            late = middle
        else:
            early = middle
    return late


def _local(instant: datetime, zone: ZoneInfo) -> datetime:
    return instant.astimezone(zone).replace(tzinfo=None)


def _first_day(schedule: OncallSchedule) -> date:
    if schedule.handoff_day is None:
        return EPOCH
    return EPOCH + timedelta(days=schedule.handoff_day)


def _latest_handoff_day(schedule: OncallSchedule, day: date) -> date:
    """The latest day with a handoff on or before `day`."""
    if schedule.handoff_day is None:
        return day
    return day - timedelta(days=(day.weekday() - schedule.handoff_day) % 7)
