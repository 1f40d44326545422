"""On-call across the clock changes, for any handoff time and any instants: the rotation never goes
backwards, and each handoff happens exactly once (a wall clock that repeats an hour must not hand
the pager back and forth)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from bot.core.policy import OncallSchedule
from bot.core.policy.oncall import Shift, shift_at

USERS = ("U0A", "U0B", "U0C", "U0D")
CHANGES = {  # the UTC instant of each 2026 change
    "America/New_York": (datetime(2026, 3, 8, 7, tzinfo=UTC), datetime(2026, 11, 1, 6, tzinfo=UTC)),
    "Europe/London": (datetime(2026, 3, 29, 1, tzinfo=UTC), datetime(2026, 10, 25, 1, tzinfo=UTC)),
}
SPAN = 3 * 86400  # seconds either side of the change


@st.composite
def schedules(draw: st.DrawFn) -> OncallSchedule:
    rotation = draw(st.sampled_from(["daily", "weekly"]))
    day = draw(st.integers(0, 6)) if rotation == "weekly" else None
    at = time(draw(st.integers(0, 23)), draw(st.sampled_from([0, 1, 15, 29, 30, 31, 45, 59])))
    users = USERS[: draw(st.integers(1, len(USERS)))]
    return OncallSchedule("p", draw(st.sampled_from(sorted(CHANGES))), day, at, rotation, users)


@given(schedules(), st.integers(0, 1), st.lists(st.integers(-SPAN, SPAN), min_size=2, max_size=40))
def test_on_call_only_moves_forward_one_person_per_handoff(
    schedule: OncallSchedule, which: int, offsets: list[int]
) -> None:
    change = CHANGES[schedule.timezone][which]
    moments = sorted(change + timedelta(seconds=offset) for offset in offsets)
    shifts = [shift_at(schedule, moment) for moment in moments]
    for moment, shift in zip(moments, shifts, strict=True):
        assert shift.starts <= moment < shift.ends
    for earlier, later in pairwise(shifts):
        assert earlier.starts <= later.starts
        _assert_one_step_at_a_time(schedule, earlier, later)


def _assert_one_step_at_a_time(schedule: OncallSchedule, earlier: Shift, later: Shift) -> None:
    """From one shift to a later one, every handoff in between passes the pager to the next person,
    once: the shift starting at a handoff is the one the instant before it ends at."""
    shift = earlier
    while shift.starts < later.starts:
        following = shift_at(schedule, shift.ends)
        assert following.starts == shift.ends
        assert shift_at(schedule, shift.ends - timedelta(microseconds=1)) == shift
        expected = (schedule.users.index(shift.user) + 1) % len(schedule.users)
        assert schedule.users.index(following.user) == expected
        shift = following
    assert shift == later
