"""On-call rotation math in a real zone, across DST changes."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.policy import OncallSchedule
from bot.core.policy.oncall import next_shift, shift_at

WEEKLY = OncallSchedule("primary", "America/New_York", 0, time(9, 0), "weekly", ("U0ALICE", "U0BOB"))
DAILY = OncallSchedule("secondary", "Europe/London", None, time(9, 0), "daily", ("U0CAROL", "U0DAVE", "U0ERIN"))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_weekly_handoff_stays_at_nine_local_across_the_spring_change() -> None:
    before = shift_at(WEEKLY, utc(2026, 3, 5, 12))  # Thursday, EST (UTC-5)
    assert before.starts == utc(2026, 3, 2, 14)  # Mon 09:00 EST
    assert before.ends == utc(2026, 3, 9, 13)  # Mon 09:00 EDT, the day after DST began
    after = next_shift(WEEKLY, utc(2026, 3, 5, 12))
    assert after.starts == before.ends and after.user != before.user
    assert shift_at(WEEKLY, utc(2026, 3, 9, 12, 59)).user == before.user
    assert shift_at(WEEKLY, utc(2026, 3, 9, 13)).user == after.user


def test_weekly_handoff_across_the_autumn_change() -> None:
    shift = shift_at(WEEKLY, utc(2026, 10, 28))
    assert shift.starts == utc(2026, 10, 26, 13)  # EDT
    assert shift.ends == utc(2026, 11, 2, 14)  # EST


def test_daily_rotation_cycles_through_everyone_and_keeps_local_time_in_london() -> None:
    start = utc(2026, 3, 27, 12)
    users = [shift_at(DAILY, start + timedelta(days=d)).user for d in range(6)]
    assert users[:3] == users[3:] and sorted(users[:3]) == ["U0CAROL", "U0DAVE", "U0ERIN"]
    assert shift_at(DAILY, utc(2026, 3, 28, 12)).ends == utc(2026, 3, 29, 8)  # BST began that night


def test_before_the_handoff_time_the_previous_shift_holds() -> None:
    monday_early = shift_at(WEEKLY, utc(2026, 3, 9, 12))  # Mon 08:00 EDT
    assert monday_early.starts == utc(2026, 3, 2, 14)


NEW_YORK_AUTUMN = OncallSchedule("p", "America/New_York", None, time(1, 30), "daily", ("U0A", "U0B", "U0C"))


def test_the_repeated_hour_does_not_hand_back_on_call() -> None:
    """01:30 comes twice on 2026-11-01 in New York: the handoff is at the first (05:30Z), and the
    half hour from 06:00Z, when the clock reads 01:00–01:30 again, stays with the person now on."""
    before = shift_at(NEW_YORK_AUTUMN, utc(2026, 11, 1, 5, 29))
    after = shift_at(NEW_YORK_AUTUMN, utc(2026, 11, 1, 5, 30))
    assert after.starts == before.ends == utc(2026, 11, 1, 5, 30) and after.user != before.user
    for minute in range(0, 60, 5):
        assert shift_at(NEW_YORK_AUTUMN, utc(2026, 11, 1, 6, minute)) == after
    assert after.ends == utc(2026, 11, 2, 6, 30)  # 01:30 EST the next night


def test_a_handoff_time_the_clock_skips_happens_when_the_gap_ends() -> None:
    """02:30 does not exist in New York on 2026-03-08 (02:00 EST → 03:00 EDT, at 07:00Z)."""
    schedule = OncallSchedule("p", "America/New_York", None, time(2, 30), "daily", ("U0A", "U0B"))
    assert shift_at(schedule, utc(2026, 3, 8, 6, 59, 59)).ends == utc(2026, 3, 8, 7)
    assert shift_at(schedule, utc(2026, 3, 8, 7)).starts == utc(2026, 3, 8, 7)
    assert shift_at(schedule, utc(2026, 3, 8, 7)).ends == utc(2026, 3, 9, 6, 30)  # 02:30 EDT again


def test_london_weekly_handoffs_in_the_gap_and_the_repeat() -> None:
    """Sunday 01:30: skipped on 2026-03-29 (→ 01:00Z, when BST begins), twice on 2026-10-25 (the
    first, 00:30Z, is the handoff)."""
    schedule = OncallSchedule("p", "Europe/London", 6, time(1, 30), "weekly", ("U0A", "U0B"))
    assert shift_at(schedule, utc(2026, 3, 29, 1)).starts == utc(2026, 3, 29, 1)
    assert shift_at(schedule, utc(2026, 10, 25, 1, 15)).starts == utc(2026, 10, 25, 0, 30)


# Both 2026 changes in both zones: (zone, the UTC instant of the change).
CHANGES = [
    ("America/New_York", utc(2026, 3, 8, 7)),
    ("America/New_York", utc(2026, 11, 1, 6)),
    ("Europe/London", utc(2026, 3, 29, 1)),
    ("Europe/London", utc(2026, 10, 25, 1)),
]


@pytest.mark.parametrize(("zone", "change"), CHANGES)
@pytest.mark.parametrize("rotation", ["daily", "weekly"])
def test_every_handoff_time_on_a_change_day_hands_off_once_in_order(zone: str, change: datetime, rotation: str) -> None:
    """Every quarter hour of the day as the handoff time: walking shift by shift across the change,
    each handoff starts the next person's shift exactly at the previous one's end, the instant before it
    still belongs to the previous shift, and the local clock then reads the handoff time (or, in a gap,
    the first time after it). Every instant of the hours around the change lies in the shift it gets."""
    users = ("U0A", "U0B", "U0C")
    day = change.astimezone(ZoneInfo(zone)).date()
    for minutes in range(0, 24 * 60, 15):
        at = time(minutes // 60, minutes % 60)
        schedule = OncallSchedule("p", zone, day.weekday() if rotation == "weekly" else None, at, rotation, users)
        shift = shift_at(schedule, datetime.combine(day - timedelta(days=8), at, UTC))
        for _ in range(4 if rotation == "weekly" else 12):
            following = shift_at(schedule, shift.ends)
            assert following.starts == shift.ends > shift.starts
            assert shift_at(schedule, shift.ends - timedelta(microseconds=1)) == shift
            assert users.index(following.user) == (users.index(shift.user) + 1) % len(users)
            local = following.starts.astimezone(ZoneInfo(zone))
            assert local.time() == at or (local.time() > at and local.fold == 0), (at, local)
            shift = following
        for moment in (change + timedelta(minutes=step) for step in range(-180, 180, 10)):
            around = shift_at(schedule, moment)
            assert around.starts <= moment < around.ends, (at, moment)
