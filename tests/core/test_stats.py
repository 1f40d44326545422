"""`/incident stats` figures, each checked against a value worked out by hand below.

The world (days after the clock's start, 2026-01-05 09:00 UTC; "now" is day 100):

| INC | day | sev | ack | resolve | end | postmortem | services | alert group | actions |
|---|---|---|---|---|---|---|---|---|---|
| 1 | 0 | sev2 | 2m | 1h | resolved | | checkout, billing | grp-a | 1 open |
| 2 | 20 | sev1 | 5m | 2h | closed | done | search | | 1 done |
| 3 | 75 | sev2 | 3m | 30m | resolved | | checkout | | 1 done, 1 open |
| 4 | 80 | sev3, private | — | — | open | | | grp-a | 1 open |
| 5 | 85 | sev1 | 1m | — | cancelled | | checkout | | 1 done |
| 6 | 90 | sev1 | 10m | 4h | closed | done | search | | |
| 7 | 95 | sev2 | 1m | 10m | resolved | | billing | | |

30 days (from day 70): INC-3, 4, 6, 7 (INC-5 is cancelled). 90 days (from day 10): INC-2 too.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot.core import lifecycle
from bot.core.clock import ManualClock
from bot.core.desk import Desk
from bot.core.errors import InvalidInput
from bot.core.postmortem import Postmortems
from bot.core.stats import ALERT_GROUP, SERVICE, Period, Stats, parse_period, report
from bot.rendering import TemplateSet
from bot.store.models import Incident
from tests.core.factory import ALICE, BOB, declare
from tests.support.records import add_action, add_alert_group, add_services, mark_postmortem_done

POSTMORTEMS = Postmortems(TemplateSet())
THIRTY, NINETY = Period("30d", 30), Period("90d", 90)


def _incident(desk: Desk, clock: ManualClock, day: int, severity: str, **milestones: int | None) -> int:
    """Declare on `day` (09:00) and move through the milestones (minutes after the declare)."""
    declared = _move_to(clock, START + timedelta(days=day))
    private = bool(milestones.pop("private", 0))
    number = declare(desk, f"Incident on day {day}", severity=severity, private=private).incident.number
    for name, minutes in milestones.items():
        _move_to(clock, declared + timedelta(minutes=minutes))
        STEPS[name](desk, number)
    return number


def _move_to(clock: ManualClock, moment: datetime) -> datetime:
    return clock.advance(seconds=(moment - clock.now()).total_seconds())


STEPS = {
    "ack": lambda desk, n: desk.run(lifecycle.acknowledge, n, BOB),
    "resolve": lambda desk, n: desk.run(lifecycle.resolve, n, BOB),
    "close": lambda desk, n: desk.run(lifecycle.close, n, ALICE, POSTMORTEMS),
    "cancel": lambda desk, n: desk.run(lifecycle.cancel, n, ALICE, "false alarm", confirmed=True),
    "postmortem": lambda desk, n: mark_postmortem_done(desk, n, ALICE),
}
START = ManualClock().now()


@pytest.fixture
def world(desk: Desk, clock: ManualClock) -> Desk:
    _incident(desk, clock, 0, "sev2", ack=2, resolve=60)
    add_services(desk, 1, "checkout", "billing")
    add_alert_group(desk, 1, "grp-a", "High error rate")
    add_action(desk, 1, "Add a retry")
    _incident(desk, clock, 20, "sev1", ack=5, resolve=120, close=130, postmortem=2000)
    add_services(desk, 2, "search")
    add_action(desk, 2, "Shard the index", done=True)
    _incident(desk, clock, 75, "sev2", ack=3, resolve=30)
    add_services(desk, 3, "checkout")
    add_action(desk, 3, "Alert on latency", done=True)
    add_action(desk, 3, "Load test")
    _incident(desk, clock, 80, "sev3", private=1)
    add_alert_group(desk, 4, "grp-a", "High error rate")
    add_action(desk, 4, "Rotate keys")
    _incident(desk, clock, 85, "sev1", ack=1, cancel=2)
    add_services(desk, 5, "checkout")
    add_action(desk, 5, "Nothing to do", done=True)
    _incident(desk, clock, 90, "sev1", ack=10, resolve=240, close=241, postmortem=300)
    add_services(desk, 6, "search")
    _incident(desk, clock, 95, "sev2", ack=1, resolve=10)
    add_services(desk, 7, "billing")
    _move_to(clock, START + timedelta(days=100))
    return desk


def _stats(desk: Desk, period: Period) -> Stats:
    return desk.read(report, period)


def test_the_world_is_what_the_table_says(world: Desk) -> None:
    rows = world.read(lambda tx: list(tx.session.execute(select(Incident.number, Incident.status))))
    assert dict(rows) == {
        1: "resolved",
        2: "closed",
        3: "resolved",
        4: "declared",
        5: "cancelled",
        6: "closed",
        7: "resolved",
    }


def test_by_severity_leaves_cancelled_out_and_counts_private(world: Desk) -> None:
    assert _stats(world, THIRTY).by_severity == {"sev1": 1, "sev2": 2, "sev3": 1, "sev4": 0}
    assert _stats(world, NINETY).by_severity == {"sev1": 2, "sev2": 2, "sev3": 1, "sev4": 0}
    assert (_stats(world, THIRTY).total, _stats(world, NINETY).total) == (4, 5)


def test_time_to_acknowledge(world: Desk) -> None:
    thirty = _stats(world, THIRTY).acknowledge  # INC-3 180 s, INC-6 600 s, INC-7 60 s; INC-4 never
    assert (thirty.mean, thirty.median, thirty.measured, thirty.total) == (
        timedelta(seconds=(180 + 600 + 60) / 3),
        timedelta(seconds=180),
        3,
        4,
    )
    ninety = _stats(world, NINETY).acknowledge  # and INC-2 300 s: sorted 60 180 300 600
    assert (ninety.mean, ninety.median, ninety.measured, ninety.total) == (
        timedelta(seconds=(300 + 180 + 600 + 60) / 4),
        timedelta(seconds=(180 + 300) / 2),
        4,
        5,
    )


def test_acknowledged_within_the_severity_target(world: Desk) -> None:
    # SEV1 5 min: INC-2 at exactly 5 min counts, INC-6 at 10 min does not; SEV2 15 min: INC-3, INC-7.
    thirty, ninety = _stats(world, THIRTY).acknowledged_in_time, _stats(world, NINETY).acknowledged_in_time
    assert (thirty.done, thirty.of, ninety.done, ninety.of) == (2, 3, 3, 4)


def test_time_to_resolve(world: Desk) -> None:
    thirty = _stats(world, THIRTY).resolve  # INC-3 1800 s, INC-6 14400 s, INC-7 600 s
    assert (thirty.mean, thirty.median, thirty.measured, thirty.total) == (
        timedelta(seconds=5600),
        timedelta(seconds=1800),
        3,
        4,
    )
    ninety = _stats(world, NINETY).resolve  # and INC-2 7200 s: sorted 600 1800 7200 14400
    assert (ninety.mean, ninety.median, ninety.measured) == (timedelta(seconds=6000), timedelta(seconds=4500), 4)


def test_postmortem_completion_counts_resolved_and_closed_incidents(world: Desk) -> None:
    thirty, ninety = _stats(world, THIRTY).postmortems, _stats(world, NINETY).postmortems
    assert (thirty.done, thirty.of) == (1, 3)  # INC-6 of INC-3, 6, 7 (INC-4 is still open)
    assert (ninety.done, ninety.of) == (2, 4)  # and INC-2
    assert thirty.share == pytest.approx(1 / 3)


def test_action_item_completion_leaves_out_cancelled_and_older_incidents(world: Desk) -> None:
    thirty, ninety = _stats(world, THIRTY).action_items, _stats(world, NINETY).action_items
    assert (thirty.done, thirty.of) == (1, 3)  # INC-3's two and INC-4's one
    assert (ninety.done, ninety.of) == (2, 4)  # and INC-2's done one


def test_repeats_name_the_whole_chain_within_90_days(world: Desk) -> None:
    for period in (THIRTY, NINETY):
        found = {(r.kind, r.label): [i.ref for i in r.incidents] for r in _stats(world, period).repeats}
        assert all(r.size == 2 for r in _stats(world, period).repeats)
        assert found == {
            (SERVICE, "checkout"): ["INC-1", "INC-3"],  # 75 days apart; INC-5 is cancelled
            (SERVICE, "search"): ["INC-2", "INC-6"],  # 70 days apart
            (ALERT_GROUP, "High error rate"): ["INC-1", "INC-4"],  # 80 days apart
        }  # billing: INC-1 and INC-7 are 95 days apart, no repeat


def test_a_repeat_carries_what_deciding_access_needs(world: Desk) -> None:
    group = next(r for r in _stats(world, THIRTY).repeats if r.kind == ALERT_GROUP)
    private = group.incidents[1]
    assert (private.ref, private.private, private.declared_by, private.people) == ("INC-4", True, ALICE, {ALICE})
    assert group.incidents[0].people == frozenset()  # not asked for public incidents


def test_a_repeat_needs_an_incident_in_the_period(desk: Desk, clock: ManualClock) -> None:
    _incident(desk, clock, 0, "sev3")
    _incident(desk, clock, 10, "sev3")
    add_services(desk, 1, "search")
    add_services(desk, 2, "search")
    clock.advance(days=60)  # day 70: both are older than 30 days
    assert _stats(desk, THIRTY).repeats == []
    assert [i.ref for i in _stats(desk, NINETY).repeats[0].incidents] == ["INC-1", "INC-2"]


def test_no_incidents_gives_no_figures_rather_than_zeros(desk: Desk) -> None:
    stats = _stats(desk, THIRTY)
    assert stats.total == 0 and stats.acknowledge.mean is None and stats.resolve.median is None
    assert stats.postmortems.share is None and stats.action_items.share is None and stats.repeats == []


@pytest.mark.parametrize(("raw", "days"), [("", 30), ("30d", 30), (" 90D ", 90)])
def test_periods(raw: str, days: int) -> None:
    assert parse_period(raw).days == days


@pytest.mark.parametrize("raw", ["7d", "30", "90 days", "1y", "30d 90d"])
def test_other_periods_are_refused_in_one_line(raw: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_period(raw)
    assert str(refused.value).count("\n") == 0 and "`/incident stats 90d`" in str(refused.value)


def test_a_long_chain_gives_its_size_and_names_its_latest_eight(desk: Desk, clock: ManualClock) -> None:
    days = [0, 100, 110, 120, 130, 140, 150, 160, 170, 180, 190, 200, 210]  # 100 days: a new chain starts
    for day in days:
        number = _incident(desk, clock, day, "sev3")
        add_services(desk, number, "search")
    _move_to(clock, START + timedelta(days=215))
    (repeat,) = _stats(desk, NINETY).repeats
    assert repeat.size == 12  # INC-2 … INC-13; INC-1 is 100 days before INC-2 and 215 days old
    assert [i.ref for i in repeat.incidents] == [f"INC-{n}" for n in range(6, 14)]
