"""Who is on call: rotation math in the schedule's own time zone, so handoffs stay at the wall-clock
time people agreed on across DST changes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.core.policy.model import OncallSchedule

EPOCH = date(2024, 1, 1)  # a Monday: users[0] held the shift that began on the first handoff on or after it


@dataclass(frozen=True)
class Shift:
    user: str
    starts: datetime  # UTC
    ends: datetime  # UTC: the next handoff


def shift_at(schedule: OncallSchedule, moment: datetime) -> Shift:
    """The shift covering `moment` (timezone-aware)."""
    zone = ZoneInfo(schedule.timezone)
    start_day = _last_handoff_day(schedule, moment.astimezone(zone))
    step = 7 if schedule.rotation == "weekly" else 1
    index = ((start_day - _first_day(schedule)).days // step) % len(schedule.users)
    starts = _handoff(schedule, start_day, zone)
    return Shift(schedule.users[index], starts, _handoff(schedule, start_day + timedelta(days=step), zone))


def next_shift(schedule: OncallSchedule, moment: datetime) -> Shift:
    return shift_at(schedule, shift_at(schedule, moment).ends)


def _handoff(schedule: OncallSchedule, day: date, zone: ZoneInfo) -> datetime:
    return datetime.combine(day, schedule.handoff_time, zone).astimezone(ZoneInfo("UTC"))


def _first_day(schedule: OncallSchedule) -> date:
    if schedule.handoff_day is None:
        return EPOCH
    return EPOCH + timedelta(days=schedule.handoff_day)


def _last_handoff_day(schedule: OncallSchedule, local: datetime) -> date:
    day = local.date()
    if local.time().replace(tzinfo=None) < schedule.handoff_time:
        day -= timedelta(days=1)
    if schedule.handoff_day is not None:
        day -= timedelta(days=(day.weekday() - schedule.handoff_day) % 7)
    return day
