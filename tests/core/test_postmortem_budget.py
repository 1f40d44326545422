"""The error budget in the draft's summary, against figures worked out by hand: checkout's SLO of
99.9 % over 30 days allows (1 − 0.999) × 30 × 24 × 60 = 43.2 minutes, 43m 12s."""

from __future__ import annotations

from datetime import timedelta
from types import MappingProxyType

import pytest
from sqlalchemy import Engine

from bot.core import lifecycle
from bot.core.clock import ManualClock
from bot.core.desk import Desk
from bot.core.policy.model import Policy, Slo
from bot.core.postmortem import Postmortems
from bot.rendering import TemplateSet
from tests.core.factory import ALICE, declare
from tests.core.postmortem_scenarios import add_service, set_impact_fraction

POLICY = Policy(slo=MappingProxyType({"checkout": Slo(0.999, timedelta(days=30))}))
DRAFTS = Postmortems(TemplateSet())


@pytest.fixture
def desk(engine: Engine, clock: ManualClock) -> Desk:
    return Desk(engine, clock, policy=POLICY)


def outage(desk: Desk, clock: ManualClock, minutes: int, *services: str, fraction: float | None = None) -> int:
    number = declare(desk).incident.number
    for service in services:
        desk.run(add_service, number, service, ALICE)
    if fraction is not None:
        desk.run(set_impact_fraction, number, fraction)
    clock.advance(minutes=minutes)
    desk.run(lifecycle.resolve, number, ALICE)
    clock.advance(hours=1)
    return number


def budget_rows(desk: Desk, number: int) -> list[str]:
    draft = desk.read(lambda tx: DRAFTS.render(tx, tx.incident(number)))
    return [line for line in draft.splitlines() if line.startswith("| Error budget")]


def test_a_budget_well_within_its_slo(desk: Desk, clock: ManualClock) -> None:
    number = outage(desk, clock, 12, "checkout", fraction=0.5)  # 12 minutes at half: 6 minutes

    assert budget_rows(desk, number) == [
        "| Error budget: checkout | consumed 6m (13.9 % of the 30d budget of 43m 12s, SLO 99.9 %); "
        "used in the window 6m (13.9 %), 37m 12s left |"
    ]


def test_over_80_percent_used_warns(desk: Desk, clock: ManualClock) -> None:
    outage(desk, clock, 20, "checkout")
    number = outage(desk, clock, 15, "checkout", "search")  # 35 of 43.2 minutes: 81.0 %

    assert budget_rows(desk, number) == [
        "| Error budget: checkout | consumed 15m (34.7 % of the 30d budget of 43m 12s, SLO 99.9 %); "
        "used in the window 35m (81 %), 8m 12s left — **warning: over 80 % used**, stabilise before launching |"
    ]


def test_over_100_percent_says_releases_should_freeze(desk: Desk, clock: ManualClock) -> None:
    outage(desk, clock, 20, "checkout")
    number = outage(desk, clock, 30, "checkout")  # 50 of 43.2 minutes: 115.7 %

    assert budget_rows(desk, number) == [
        "| Error budget: checkout | consumed 30m (69.4 % of the 30d budget of 43m 12s, SLO 99.9 %); "
        "used in the window 50m (115.7 %), 0s left — **exhausted: releases should freeze** (reliability work only) |"
    ]


def test_services_without_an_slo_say_so(desk: Desk, clock: ManualClock) -> None:
    number = outage(desk, clock, 10, "search")

    assert budget_rows(desk, number) == ["| Error budget | no error budget: no SLO is set for these services |"]


def test_no_services_say_so(desk: Desk, clock: ManualClock) -> None:
    number = outage(desk, clock, 10)

    assert budget_rows(desk, number) == ["| Error budget | no error budget: no services recorded |"]
