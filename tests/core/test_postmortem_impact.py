"""The postmortem of an alert incident shows when the impact started (the alert's startsAt) as
well as when the incident was declared; a declared one shows only the declare."""

from __future__ import annotations

from datetime import timedelta

from bot.core import lifecycle
from bot.core.clock import ManualClock
from bot.core.desk import Desk
from tests.core.factory import BOB, declare
from tests.core.test_postmortem import close


def test_an_alert_incidents_postmortem_shows_impact_start_and_declare(desk: Desk, clock: ManualClock) -> None:
    started = clock.now() - timedelta(minutes=7)
    declare(desk, "Disk full on db-1", by=None, impact_started_at=started)
    desk.run(lifecycle.resolve, 1, BOB, "Freed space")
    document = close(desk)
    assert f"| Impact started (alert) | {started:%Y-%m-%d %H:%M} UTC |" in document
    assert document.index("Impact started (alert)") < document.index("| Started (declared) |")


def test_a_declared_incidents_postmortem_has_no_impact_start_row(desk: Desk) -> None:
    declare(desk, "Checkout is failing")
    desk.run(lifecycle.resolve, 1, BOB, "Rolled back")
    assert "Impact started" not in close(desk)
