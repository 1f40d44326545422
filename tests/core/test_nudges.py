"""Update nudges and command pitfalls, driven by an injectable clock: what falls due, and when."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.core import due, lifecycle, staffing, timeline
from bot.core.clock import ManualClock
from bot.core.desk import Desk
from bot.core.policy import load_policy
from bot.core.roles import Role
from bot.core.status import Status
from tests.core.factory import ALICE, BOB, declare, outbox_rows

QUIET = """
[quiet_hours]
timezone = "Europe/London"
from = "19:00"
to = "08:00"
"""


@pytest.fixture
def policy_desk(engine: Engine, clock: ManualClock, tmp_path: Path):
    def make(text: str) -> Desk:
        path = tmp_path / "policy.toml"
        path.write_text(text)
        return Desk(engine, clock, policy=load_policy(str(path)))

    return make


def nudges(desk: Desk, kind: str = "update_nudge") -> int:
    return sum(1 for row in outbox_rows(desk, "nudge") if row["payload"]["nudge"] == kind)


def tick(desk: Desk, clock: ManualClock, **delta: float) -> None:
    clock.advance(**delta)
    desk.run(due.fire_due)


def test_update_nudge_falls_due_at_the_cadence_and_repeats_no_faster(desk: Desk, clock: ManualClock) -> None:
    declare(desk, severity="sev2")  # updates every 30m
    tick(desk, clock, minutes=29)
    assert nudges(desk) == 0
    tick(desk, clock, minutes=1)
    assert nudges(desk) == 1
    tick(desk, clock, minutes=29)
    assert nudges(desk) == 1, "an ignored nudge is not repeated before another full cadence"
    tick(desk, clock, minutes=1)
    assert nudges(desk) == 2


def test_an_update_resets_the_clock(desk: Desk, clock: ManualClock) -> None:
    declare(desk, severity="sev2")
    clock.advance(minutes=20)
    desk.run(timeline.post_update, 1, ALICE, "Rolled back; error rate falling")
    tick(desk, clock, minutes=15)
    assert nudges(desk) == 0
    tick(desk, clock, minutes=15)
    assert nudges(desk) == 1


def test_a_severity_change_reschedules(desk: Desk, clock: ManualClock) -> None:
    declare(desk, severity="sev3")  # every 2h
    clock.advance(minutes=10)
    desk.run(lifecycle.set_severity, 1, "sev1", ALICE)  # every 20m, counted from the declare
    tick(desk, clock, minutes=10)
    assert nudges(desk) == 1
    desk.run(lifecycle.set_severity, 1, "sev4", ALICE)  # no cadence: nudges stop
    tick(desk, clock, hours=5)
    assert nudges(desk) == 1


@pytest.mark.parametrize("end", ["resolve", "cancel"])
def test_resolve_and_cancel_stop_everything_and_reopen_restarts(desk: Desk, clock: ManualClock, end: str) -> None:
    declare(desk, severity="sev2", commander=None, source="alert", by=None)
    if end == "resolve":
        desk.run(lifecycle.resolve, 1, ALICE)
    else:
        desk.run(lifecycle.cancel, 1, ALICE, confirmed=True)  # SEV2 pages: cancelling asks first
    tick(desk, clock, hours=3)
    assert outbox_rows(desk, "nudge") == []
    desk.run(lifecycle.reopen, 1, ALICE)  # a cancelled false alarm can turn out real after all
    tick(desk, clock, minutes=30)
    assert nudges(desk) == 1


def test_quiet_hours_hold_non_paging_nudges_until_morning(policy_desk, clock: ManualClock) -> None:
    desk = policy_desk(QUIET)
    clock.advance(hours=9)  # 18:00 UTC = 18:00 London in January
    declare(desk, severity="sev3")  # every 2h → due 20:00, inside quiet hours
    tick(desk, clock, hours=2)
    assert nudges(desk) == 0
    tick(desk, clock, hours=11, minutes=59)  # 07:59
    assert nudges(desk) == 0
    tick(desk, clock, minutes=1)  # 08:00
    assert nudges(desk) == 1


def test_quiet_hours_do_not_hold_paging_severities(policy_desk, clock: ManualClock) -> None:
    desk = policy_desk(QUIET)
    clock.advance(hours=11)  # 20:00 London
    declare(desk, severity="sev2")
    tick(desk, clock, minutes=30)
    assert nudges(desk) == 1


def test_no_commander_is_asked_once_and_stops_when_someone_takes_command(desk: Desk, clock: ManualClock) -> None:
    declare(desk, by=None, source="alert", severity="sev3")
    tick(desk, clock, minutes=5)
    assert nudges(desk, "no_commander") == 1
    tick(desk, clock, minutes=30)
    assert nudges(desk, "no_commander") == 1, "once per occurrence"
    desk.run(staffing.assign, 1, Role.COMMANDER, BOB, BOB)
    desk.run(staffing.relieve, 1, BOB, BOB)  # a new occurrence
    tick(desk, clock, minutes=5)
    assert nudges(desk, "no_commander") == 2


def test_taking_command_in_time_means_no_ask(desk: Desk, clock: ManualClock) -> None:
    declare(desk, by=None, source="alert")
    clock.advance(minutes=4)
    desk.run(staffing.assign, 1, Role.COMMANDER, BOB, BOB)
    tick(desk, clock, minutes=10)
    assert nudges(desk, "no_commander") == 0


def test_a_silent_commander_is_nudged_at_sev1_only_after_ten_quiet_minutes(desk: Desk, clock: ManualClock) -> None:
    declare(desk, severity="sev1")
    clock.advance(minutes=8)
    desk.run(timeline.add_note, 1, ALICE, "Looking at the load balancer")  # the commander speaks
    tick(desk, clock, minutes=9)
    assert nudges(desk, "commander_silent") == 0
    tick(desk, clock, minutes=1)
    assert nudges(desk, "commander_silent") == 1
    tick(desk, clock, minutes=30)
    assert nudges(desk, "commander_silent") == 1


def test_commander_silence_is_not_watched_at_sev3(desk: Desk, clock: ManualClock) -> None:
    declare(desk, severity="sev3")
    tick(desk, clock, minutes=30)
    assert nudges(desk, "commander_silent") == 0


def test_stuck_investigating_suggests_escalating_once(desk: Desk, clock: ManualClock) -> None:
    declare(desk, severity="sev3")
    desk.run(lifecycle.set_status, 1, Status.INVESTIGATING, ALICE)
    tick(desk, clock, minutes=29)
    assert nudges(desk, "stuck_investigating") == 0
    tick(desk, clock, minutes=1)
    assert nudges(desk, "stuck_investigating") == 1
    tick(desk, clock, hours=2)
    assert nudges(desk, "stuck_investigating") == 1


def test_moving_on_from_investigating_cancels_the_stuck_nudge(desk: Desk, clock: ManualClock) -> None:
    declare(desk, severity="sev3")
    desk.run(lifecycle.set_status, 1, Status.INVESTIGATING, ALICE)
    clock.advance(minutes=20)
    desk.run(lifecycle.set_status, 1, Status.IDENTIFIED, ALICE)
    tick(desk, clock, hours=1)
    assert nudges(desk, "stuck_investigating") == 0
