"""The fault drill in CI: a few incidents, a short outage, three kills; the end state must
equal a clean run's. `python -m tests.drills.drill` runs the full one (50 incidents, 5 minutes
of outage) and prints its figures."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest

from tests.drills.drill import Drill, run
from tests.drills.state import Snapshot, compare
from tests.support.database import BACKENDS


@pytest.mark.parametrize("backend", BACKENDS)
def test_nothing_is_lost_or_doubled_through_faults_kills_and_an_outage(backend: str, tmp_path: Path) -> None:
    for sub in ("clean", "drill"):
        (tmp_path / sub).mkdir()
    report = run(Drill(incidents=3, outage=15, backend=backend), tmp_path)
    print("\n".join(report.lines()))
    figures = report.figures
    assert figures.restarts == 3
    assert figures.acknowledged == figures.requests and figures.acknowledged_in_outage > 0
    assert report.faults["503 before the effect"] and report.faults["500 after the effect"]
    assert figures.lost_steps == []
    assert report.difference.lines == [], "\n".join(report.lines())
    assert all(status == "closed" for _, status in report.chaos.incidents.values())


def test_the_comparison_counts_what_is_lost_and_what_is_doubled() -> None:
    clean = Snapshot(messages={"#incidents": collections.Counter({"[declared-#]": 1, "[update-#]": 2})})
    drill = Snapshot(messages={"#incidents": collections.Counter({"[declared-#]": 2, "[update-#]": 1, "⚠️": 1})})
    difference = compare(clean, drill)
    assert (difference.lost, difference.duplicated, difference.unexpected) == (1, 1, 1)
    assert len(difference.lines) == 3


def test_delay_notices_and_nudges_the_weather_calls_for_are_not_differences() -> None:
    clean = Snapshot(messages={"Drill incident 1": collections.Counter({"[declared-#]": 1})})
    got = collections.Counter({"[declared-#]": 1, "[delayed-#]": 1, "[nudge-#]": 1})
    difference = compare(clean, Snapshot(messages={"Drill incident 1": got}))
    assert (difference.lost, difference.duplicated, difference.unexpected, difference.weather) == (0, 0, 0, 2)
    assert difference.lines == []
