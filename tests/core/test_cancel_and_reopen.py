"""Ending and reopening. Cancel is for false alarms: an incident that pages is cancelled only once
confirmed, and a cancelled incident reopens like a resolved or closed one when it was real after all."""

from __future__ import annotations

import pytest

from bot.core import incidents, lifecycle, staffing
from bot.core.clock import ManualClock
from bot.core.desk import Desk
from bot.core.errors import IllegalTransition, InvalidInput, NeedsConfirmation
from bot.core.postmortem import Postmortems
from bot.core.roles import Role
from bot.core.status import Status
from bot.rendering import TemplateSet
from tests.core.factory import ALICE, BOB, CAROL, declare, events

POSTMORTEMS = Postmortems(TemplateSet())


def close(desk: Desk, number: int = 1):
    return desk.run(lifecycle.close, number, ALICE, POSTMORTEMS)


def test_cancel_from_an_open_state(desk: Desk, clock: ManualClock) -> None:
    declare(desk)
    desk.run(lifecycle.set_status, 1, Status.INVESTIGATING, ALICE)
    clock.advance(minutes=1)

    outcome = desk.run(lifecycle.cancel, 1, BOB, "False alarm: synthetic check")

    assert outcome.incident.status == Status.CANCELLED
    assert outcome.incident.cancelled_at == clock.now()
    assert not outcome.incident.is_open
    assert outcome.event is not None
    assert (outcome.event.kind, outcome.event.actor, outcome.event.text) == (
        "cancelled",
        BOB,
        "False alarm: synthetic check",
    )
    with pytest.raises(IllegalTransition, match="resolved incident"):
        close(desk)


@pytest.mark.parametrize("severity", ["sev1", "sev2"])
def test_cancelling_an_incident_that_pages_needs_confirmation(desk: Desk, severity: str) -> None:
    declare(desk, severity=severity)

    with pytest.raises(NeedsConfirmation, match=f"INC-1 is {severity.upper()}: cancelling it stops paging"):
        desk.run(lifecycle.cancel, 1, BOB, "flaky probe")
    assert desk.run(incidents.get, 1).status == Status.DECLARED
    assert [e.kind for e in events(desk, 1)] == ["declared"]

    outcome = desk.run(lifecycle.cancel, 1, BOB, "flaky probe", confirmed=True)
    assert outcome.incident.status == Status.CANCELLED


def test_a_cancelled_incident_reopens_to_investigating(desk: Desk, clock: ManualClock) -> None:
    declare(desk)
    desk.run(lifecycle.cancel, 1, BOB, "looked like noise")
    clock.advance(minutes=5)

    outcome = desk.run(lifecycle.reopen, 1, CAROL)

    assert outcome.incident.status == Status.INVESTIGATING
    assert outcome.incident.cancelled_at is None
    assert outcome.event is not None and outcome.event.data["from"] == "cancelled"
    assert [e.kind for e in events(desk, 1)] == ["declared", "cancelled", "reopened"]


def test_after_a_cancel_every_refusal_points_to_reopen_and_reopen_works(desk: Desk) -> None:
    declare(desk)
    desk.run(lifecycle.cancel, 1, BOB)

    for refused in (
        lambda: desk.run(staffing.assign, 1, Role.SCRIBE, CAROL, ALICE),
        lambda: desk.run(lifecycle.set_status, 1, Status.IDENTIFIED, ALICE),
        lambda: desk.run(lifecycle.set_severity, 1, "sev2", ALICE),
        lambda: desk.run(lifecycle.acknowledge, 1, ALICE),
    ):
        with pytest.raises(IllegalTransition, match=r"(?i)reopen it"):
            refused()
    desk.run(lifecycle.reopen, 1, ALICE)
    assert desk.run(staffing.assign, 1, Role.SCRIBE, CAROL, ALICE).incident.holder("scribe") is not None


def test_cancel_from_closed_is_refused(desk: Desk) -> None:
    declare(desk)
    desk.run(lifecycle.resolve, 1, ALICE)
    close(desk)

    with pytest.raises(IllegalTransition, match="closed"):
        desk.run(lifecycle.cancel, 1, ALICE)
    assert desk.run(incidents.get, 1).status == Status.CLOSED


def test_cancel_twice_is_refused(desk: Desk) -> None:
    declare(desk)
    desk.run(lifecycle.cancel, 1, ALICE)

    with pytest.raises(IllegalTransition, match="already cancelled"):
        desk.run(lifecycle.cancel, 1, ALICE)


def test_a_cancel_reason_is_a_sentence(desk: Desk) -> None:
    declare(desk)

    with pytest.raises(InvalidInput, match="501"):
        desk.run(lifecycle.cancel, 1, ALICE, "r" * 501)


def test_reopen_from_an_open_incident_is_refused(desk: Desk) -> None:
    declare(desk)

    with pytest.raises(IllegalTransition, match="only a resolved, closed or cancelled incident reopens"):
        desk.run(lifecycle.reopen, 1, ALICE)


@pytest.mark.parametrize("closed", [False, True])
def test_reopen_clears_resolved_and_closed(desk: Desk, clock: ManualClock, closed: bool) -> None:
    declare(desk)
    desk.run(lifecycle.resolve, 1, ALICE, "restarted")
    if closed:
        close(desk)
    clock.advance(minutes=30)

    outcome = desk.run(lifecycle.reopen, 1, BOB)

    incident = outcome.incident
    assert incident.status == Status.INVESTIGATING
    assert incident.resolved_at is None
    assert incident.closed_at is None
    assert incident.is_open
    assert outcome.event is not None
    assert (outcome.event.kind, outcome.event.actor) == ("reopened", BOB)
    assert outcome.event.data["from"] == ("closed" if closed else "resolved")
    # it can be resolved and closed again
    desk.run(lifecycle.resolve, 1, ALICE)
    assert close(desk).incident.status == Status.CLOSED
