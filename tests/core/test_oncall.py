"""On-call rotation math in a real zone, across DST changes."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

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
