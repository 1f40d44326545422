"""Acknowledgement escalation through every level, stopped by an acknowledgement at each one."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine

from bot.core import due, escalation, lifecycle
from bot.core.clock import ManualClock
from bot.core.desk import Desk
from bot.core.errors import IllegalTransition
from bot.core.policy import load_policy
from bot.core.status import Status
from tests.core.factory import ALICE, BOB, declare, events, outbox_rows

POLICY = """
[[escalation.levels]]
notify = ["oncall:primary"]
after = "5m"
[[escalation.levels]]
notify = ["U0SECOND"]
after = "10m"
[[escalation.levels]]
notify = ["subteam:S0MGRS", "manager@example.com"]
after = "15m"

[oncall.primary]
timezone = "UTC"
handoff = "mon 09:00"
users = ["U0ONCALL"]
"""


@pytest.fixture
def desk(engine: Engine, clock: ManualClock, tmp_path: Path) -> Desk:
    path = tmp_path / "policy.toml"
    path.write_text(POLICY)
    return Desk(engine, clock, policy=load_policy(str(path)))


def tick(desk: Desk, clock: ManualClock, **delta: float) -> None:
    clock.advance(**delta)
    desk.run(due.fire_due)


def pages(desk: Desk) -> list[tuple[str, int | None]]:
    return [(r["payload"]["target"], r["payload"]["level"]) for r in outbox_rows(desk, "page")]


def exhausted(desk: Desk) -> bool:
    return any(e.kind == "escalation_exhausted" for e in events(desk, 1))


def test_every_level_in_turn_then_the_channel_is_told(desk: Desk, clock: ManualClock) -> None:
    declare(desk, severity="sev1")
    tick(desk, clock)
    assert pages(desk) == [("U0ONCALL", 1)], "level 1 at once"
    tick(desk, clock, minutes=4, seconds=59)
    assert len(pages(desk)) == 1
    tick(desk, clock, seconds=1)
    assert pages(desk)[1:] == [("U0SECOND", 2)]
    tick(desk, clock, minutes=10)
    assert pages(desk)[2:] == [("subteam:S0MGRS", 3), ("manager@example.com", 3)]
    assert not exhausted(desk)
    tick(desk, clock, minutes=15)
    assert exhausted(desk)
    paged = [e for e in events(desk, 1) if e.kind == "paged"]
    assert [(e.data["level"], e.data["targets"]) for e in paged] == [
        (1, ["U0ONCALL"]),
        (2, ["U0SECOND"]),
        (3, ["subteam:S0MGRS", "manager@example.com"]),
    ]
    assert {r["kind"] for r in outbox_rows(desk)} >= {"announce_event", "post_event"}
    tick(desk, clock, hours=5)
    assert len(pages(desk)) == 4 and sum(e.kind == "escalation_exhausted" for e in events(desk, 1)) == 1


@pytest.mark.parametrize("level", [1, 2, 3])
@pytest.mark.parametrize("how", ["ack", "status"])
def test_an_acknowledgement_at_any_level_stops_it(desk: Desk, clock: ManualClock, level: int, how: str) -> None:
    declare(desk, severity="sev2")
    tick(desk, clock)
    for minutes in (5, 10)[: level - 1]:
        tick(desk, clock, minutes=minutes)
    paged = len(pages(desk))
    if how == "ack":
        desk.run(lifecycle.acknowledge, 1, BOB)
    else:
        desk.run(lifecycle.set_status, 1, Status.INVESTIGATING, BOB)
    tick(desk, clock, hours=2)
    assert len(pages(desk)) == paged
    assert not exhausted(desk)


def test_non_paging_severities_page_nobody(desk: Desk, clock: ManualClock) -> None:
    declare(desk, severity="sev3")
    tick(desk, clock, hours=1)
    assert pages(desk) == []


def test_raising_to_a_paging_severity_starts_escalation_if_unacknowledged(desk: Desk, clock: ManualClock) -> None:
    declare(desk, severity="sev3")
    clock.advance(minutes=3)
    desk.run(lifecycle.set_severity, 1, "sev2", ALICE)
    tick(desk, clock)
    assert pages(desk) == [("U0ONCALL", 1)]


def test_resolve_stops_escalation(desk: Desk, clock: ManualClock) -> None:
    declare(desk, severity="sev1")
    tick(desk, clock)
    desk.run(lifecycle.resolve, 1, ALICE)
    tick(desk, clock, hours=1)
    assert len(pages(desk)) == 1


def test_escalate_pages_the_next_level_at_once_and_by_hand_anyone(desk: Desk, clock: ManualClock) -> None:
    declare(desk, severity="sev1")
    tick(desk, clock)
    desk.run(escalation.escalate, 1, ALICE)
    assert pages(desk)[1:] == [("U0SECOND", 2)]
    desk.run(escalation.escalate, 1, ALICE, "U0EXPERT")
    assert pages(desk)[2:] == [("U0EXPERT", None)]
    tick(desk, clock, minutes=9)
    assert len(pages(desk)) == 3, "the next automatic step counts from the manual page"
    tick(desk, clock, minutes=1)
    assert pages(desk)[3][1] == 3
    with pytest.raises(IllegalTransition, match="Every escalation level"):
        desk.run(escalation.escalate, 1, ALICE)
