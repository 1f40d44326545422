"""Error-budget figures checked against values computed by hand in each test."""

from __future__ import annotations

from datetime import datetime, timedelta
from types import MappingProxyType

import pytest
from sqlalchemy import Engine

from bot.core import budget, lifecycle
from bot.core.budget import IncidentBudget
from bot.core.clock import ManualClock
from bot.core.desk import Desk
from bot.core.policy import Policy
from bot.core.policy.model import Slo
from bot.core.tx import Tx
from bot.store.models import IncidentService
from tests.core.factory import BOB, declare

MINUTE = timedelta(minutes=1)
POLICY = Policy(
    slo=MappingProxyType({"checkout": Slo(0.999, timedelta(days=30)), "search": Slo(0.99, timedelta(days=1))})
)


@pytest.fixture
def desk(engine: Engine, clock: ManualClock) -> Desk:
    return Desk(engine, clock, policy=POLICY)


def incident(desk: Desk, *services: str, fraction: float | None = None, started: datetime | None = None) -> int:
    """Declare one now (impact from `started` when given), affecting `services`."""
    number = declare(desk, impact_started_at=started).incident.number

    def tag(tx: Tx) -> None:
        row = tx.incident(number)
        row.impact_fraction = fraction
        for name in services:
            tx.session.add(IncidentService(incident_id=row.id, name=name, added_at=tx.now))

    desk.run(tag)
    return number


def budgets_of(desk: Desk, number: int) -> list[IncidentBudget]:
    return desk.read(lambda tx: budget.incident_budgets(tx, tx.incident(number)))


def resolve_after(desk: Desk, clock: ManualClock, number: int, minutes: float) -> None:
    clock.advance(minutes=minutes)
    desk.run(lifecycle.resolve, number, BOB)


def test_allowance_is_the_window_times_one_minus_the_target() -> None:
    assert budget.allowed(Slo(0.999, timedelta(days=30))) == 43.2 * MINUTE  # 30 × 24 × 60 × 0.001
    assert budget.allowed(Slo(0.9999, timedelta(days=28))) == 4.032 * MINUTE  # 28 × 24 × 60 × 0.0001


def test_a_30_minute_incident_at_25_percent_consumes_7_5_minutes(desk: Desk, clock: ManualClock) -> None:
    number = incident(desk, "checkout", fraction=0.25)
    resolve_after(desk, clock, number, 30)
    [checkout] = budgets_of(desk, number)
    assert (checkout.service, checkout.target, checkout.window) == ("checkout", 0.999, timedelta(days=30))
    assert checkout.allowed == 43.2 * MINUTE
    assert checkout.consumed == checkout.used == 7.5 * MINUTE
    assert round(checkout.consumed_share * 100, 2) == 17.36  # 7.5 / 43.2
    assert checkout.remaining == 35.7 * MINUTE
    assert checkout.state == "ok"
    assert checkout.at == clock.now()


def test_services_without_an_slo_have_no_budget(desk: Desk, clock: ManualClock) -> None:
    number = incident(desk, "billing", "checkout")
    resolve_after(desk, clock, number, 10)
    assert [b.service for b in budgets_of(desk, number)] == ["checkout"]
    assert desk.read(budget.service_budget, "billing") is None


def test_overlapping_outages_burn_each_moment_once(desk: Desk, clock: ManualClock) -> None:
    first = incident(desk, "checkout")  # 0–30 min, fully down
    clock.advance(minutes=20)
    second = incident(desk, "checkout")  # 20–60 min, fully down
    resolve_after(desk, clock, first, 10)
    resolve_after(desk, clock, second, 30)
    [own] = budgets_of(desk, second)
    assert own.consumed == 40 * MINUTE
    assert own.used == 60 * MINUTE  # 0–60, not 30 + 40
    assert own.state == "exhausted"  # 60 / 43.2 = 138.9 %
    assert own.remaining == -16.8 * MINUTE


def test_overlapping_partial_impacts_add_up_capped_at_fully_down(desk: Desk, clock: ManualClock) -> None:
    first = incident(desk, "checkout", fraction=0.5)  # 0–30 at 50 %
    clock.advance(minutes=20)
    second = incident(desk, "checkout", fraction=0.25)  # 20–40 at 25 %
    third = incident(desk, "checkout", fraction=0.6)  # 20–30 at 60 %
    resolve_after(desk, clock, first, 10)
    desk.run(lifecycle.resolve, third, BOB)
    resolve_after(desk, clock, second, 10)
    # 0–20: 0.5 → 10; 20–30: 0.5 + 0.25 + 0.6 capped at 1 → 10; 30–40: 0.25 → 2.5
    assert desk.read(budget.service_budget, "checkout").used == 22.5 * MINUTE
    [own] = budgets_of(desk, second)
    assert own.consumed == 5 * MINUTE


def test_an_incident_straddling_the_window_start_counts_its_part_inside(desk: Desk, clock: ManualClock) -> None:
    start = clock.now()
    number = incident(desk, "search", started=start - 10 * MINUTE)  # impact began 10 min before declare
    resolve_after(desk, clock, number, 6)  # impact: start − 10 → start + 6
    clock.advance(days=1)  # the 1-day window now begins at start + 6 min: nothing left
    assert desk.read(budget.service_budget, "search").used == timedelta()
    clock.advance(minutes=-10)  # the window begins at start − 4 min: 10 of the 16 minutes count
    found = desk.read(budget.service_budget, "search")
    assert found.allowed == 14.4 * MINUTE  # 1 day × 0.01
    assert found.used == 10 * MINUTE
    assert round(found.used_share * 100, 2) == 69.44  # 10 / 14.4
    assert [(b.incident.number, b.consumed) for b in found.burns] == [(number, 10 * MINUTE)]


def test_an_open_incident_consumes_up_to_now(desk: Desk, clock: ManualClock) -> None:
    number = incident(desk, "checkout")
    clock.advance(minutes=20)
    [own] = budgets_of(desk, number)
    assert (own.consumed, own.used, own.at) == (20 * MINUTE, 20 * MINUTE, clock.now())
    assert own.state == "ok"  # 20 / 43.2 = 46.3 %
    clock.advance(minutes=16)
    [own] = budgets_of(desk, number)
    assert own.used == 36 * MINUTE
    assert own.state == "warning"  # 36 / 43.2 = 83.3 %


def test_a_reopened_incident_counts_from_impact_start_to_its_last_resolve(desk: Desk, clock: ManualClock) -> None:
    number = incident(desk, "checkout")
    resolve_after(desk, clock, number, 10)
    clock.advance(minutes=20)
    desk.run(lifecycle.reopen, number, BOB)
    resolve_after(desk, clock, number, 15)
    [own] = budgets_of(desk, number)
    assert own.consumed == 45 * MINUTE  # the fix did not hold: 0 → 45
    assert own.state == "exhausted"  # 45 / 43.2 = 104.2 %
    assert own.remaining == -1.8 * MINUTE


def test_cancelled_incidents_consume_nothing(desk: Desk, clock: ManualClock) -> None:
    false_alarm = incident(desk, "checkout")
    real = incident(desk, "checkout")
    clock.advance(minutes=12)
    desk.run(lifecycle.cancel, false_alarm, BOB)
    assert budgets_of(desk, false_alarm)[0].consumed == timedelta()
    found = desk.read(budget.service_budget, "checkout")
    assert found.used == 12 * MINUTE
    assert [b.incident.number for b in found.burns] == [real]


def test_a_resolved_incidents_window_ends_at_its_resolve(desk: Desk, clock: ManualClock) -> None:
    earlier = incident(desk, "checkout")
    resolve_after(desk, clock, earlier, 5)
    clock.advance(hours=2)
    later = incident(desk, "checkout")
    clock.advance(minutes=30)
    assert budgets_of(desk, earlier)[0].used == 5 * MINUTE  # the later incident is after its window
    assert budgets_of(desk, later)[0].used == 35 * MINUTE
    assert desk.read(budget.service_budget, "checkout").used == 35 * MINUTE
