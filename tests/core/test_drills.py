"""Drills in the core: left out of the stats and of the export unless asked for, said to be a drill
by the postmortem, and paging only the people they name."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

from bot.core import lifecycle
from bot.core.clock import ManualClock
from bot.core.desk import Desk
from bot.core.due import fire_due
from bot.core.policy import load_policy
from bot.core.postmortem import Postmortems
from bot.core.stats import Period, report
from bot.rendering import TemplateSet
from tests.core.factory import ALICE, BOB, declare, events
from tests.support.console import incident_bot
from tests.support.harness import CAROL_ON_CALL

PAGING = (
    """
[[escalation.levels]]
notify = ["oncall:primary", "U0BOB", "U0ALICE"]
after = "5m"
"""
    + CAROL_ON_CALL
)


def _world(desk: Desk, clock: ManualClock) -> None:
    """INC-1 real (SEV2, acknowledged after 2 minutes), INC-2 a drill (SEV1, acknowledged after 9)."""
    for severity, drill, ack in (("sev2", False, 2), ("sev1", True, 9)):
        number = declare(desk, f"{severity} incident", severity=severity, drill=drill).incident.number
        clock.advance(minutes=ack)
        desk.run(lifecycle.acknowledge, number, ALICE)


def test_stats_leave_drills_out(desk: Desk, clock: ManualClock) -> None:
    _world(desk, clock)
    stats = desk.read(report, Period("30d", 30))
    assert stats.total == 1 and stats.by_severity["sev1"] == 0
    assert stats.acknowledge.mean == timedelta(minutes=2)


def test_the_export_leaves_drills_out_unless_asked(
    desk: Desk, clock: ManualClock, database_url: str, tmp_path: Path
) -> None:
    _world(desk, clock)
    plain = incident_bot("export", "--format", "jsonl", cwd=tmp_path, DATABASE_URL=database_url)
    assert [json.loads(line)["ref"] for line in plain.stdout.splitlines()] == ["INC-1"]
    assert plain.last_line.endswith("exported 1 incidents; 1 drills left out (--include-drills adds them)")
    both = incident_bot("export", "--format", "jsonl", "--include-drills", cwd=tmp_path, DATABASE_URL=database_url)
    rows = [json.loads(line) for line in both.stdout.splitlines()]
    assert [(row["ref"], row["drill"]) for row in rows] == [("INC-1", False), ("INC-2", True)]


def test_the_postmortem_says_it_was_a_drill(desk: Desk) -> None:
    declare(desk, "Failover practice", drill=True)
    declare(desk, "Real outage")
    assert "This was a drill" in desk.read(Postmortems(TemplateSet()).draft, 1)
    assert "drill" not in desk.read(Postmortems(TemplateSet()).draft, 2).lower()


def test_a_drill_pages_only_its_people(desk: Desk, tmp_path: Path) -> None:
    (tmp_path / "policy.toml").write_text(PAGING)
    desk.policy = load_policy(str(tmp_path / "policy.toml"))
    declare(desk, "Real", severity="sev1")
    declare(desk, "Practice", severity="sev1", drill=True)
    desk.run(fire_due)
    real = next(e for e in events(desk, 1) if e.kind == "paged")
    drill = next(e for e in events(desk, 2) if e.kind == "paged")
    assert real.data["targets"] == ["U0CAROL", BOB, ALICE] and "withheld" not in real.data
    assert drill.data["targets"] == [ALICE] and drill.data["withheld"] == ["U0CAROL", BOB]
