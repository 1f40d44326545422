"""Every key time of every golden incident, against the times its scenario was built with
(tests/core/postmortem_scenarios.py), worked out here by hand."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core.clock import ManualClock
from bot.core.desk import Desk
from bot.rendering import format_duration
from tests.core.test_postmortem import section, table_rows
from tests.core.test_postmortem_golden import rendered

M = timedelta(minutes=1)
NOT = None
# detect, acknowledge, identify, mitigate, resolve
EXPECTED: dict[str, tuple[timedelta | None, ...]] = {
    # declared Mon 09:00; acked 09:12; identified Tue 07:30; monitoring Tue 08:00; resolved Tue 14:00
    "multi_day": (NOT, 12 * M, timedelta(hours=22, minutes=30), timedelta(hours=23), timedelta(hours=29)),
    # declared by nobody 09:00, never acknowledged by hand: the resolve at 09:45 is the first status change
    "no_roles": (NOT, 45 * M, NOT, 45 * M, 45 * M),
    # acked 09:03; first resolve 09:30 mitigated it; reopened; identified 10:00; the last resolve 10:30
    "reopened": (NOT, 3 * M, 60 * M, 30 * M, 90 * M),
    # the first alert fired 08:52, declared 09:00; acked 09:06; monitoring 09:26; resolved 09:36
    "alert_declared": (8 * M, 6 * M, NOT, 26 * M, 36 * M),
    # declared 09:00, resolved 09:10 straight from declared (that is also the acknowledgement)
    "hostile": (NOT, 10 * M, NOT, 10 * M, 10 * M),
    # still open at 09:30: nothing has happened yet
    "missing_milestones": (NOT, NOT, NOT, NOT, NOT),
}
NAMES = ("Time to detect", "Time to acknowledge", "Time to identify", "Time to mitigate", "Time to resolve")


@pytest.mark.parametrize("scenario", sorted(EXPECTED))
def test_key_times_are_computed_from_recorded_timestamps(desk: Desk, clock: ManualClock, scenario: str) -> None:
    rows = table_rows(section(rendered(desk, clock, scenario), "Key times"))

    shown = [row.split(" | ")[:2] for row in rows]
    expected = [
        [f"| {name}", format_duration(value) if value is not None else "not recorded"]
        for name, value in zip(NAMES, EXPECTED[scenario], strict=True)
    ]
    assert shown == expected
