"""The status page's read model: which incidents and which of their updates the public sees."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.core import lifecycle, statuspage, timeline
from bot.core.clock import ManualClock
from bot.core.desk import Desk
from bot.core.errors import InvalidInput
from bot.core.policy import DEFAULT_POLICY
from bot.core.policy.model import StatusPage as StatusSection
from bot.core.statuspage import State
from tests.core.factory import ALICE, BOB, declare, events

POLICY = replace(DEFAULT_POLICY, status=StatusSection(("Checkout", "Search", "Payments API")))


@pytest.fixture
def page_desk(desk: Desk) -> Desk:
    desk.policy = POLICY
    return desk


def test_nothing_public_is_all_operational(page_desk: Desk) -> None:
    declare(page_desk, severity="sev1", services=("checkout",))
    page_desk.run(timeline.post_update, 1, BOB, "Internal only: rolling back")

    page = page_desk.read(statuspage.read)

    assert (page.state, page.open, page.history) == (State.OPERATIONAL, (), ())
    assert [(c.name, c.state) for c in page.components] == [
        ("Checkout", State.OPERATIONAL),
        ("Search", State.OPERATIONAL),
        ("Payments API", State.OPERATIONAL),
    ]


def test_a_public_update_makes_the_incident_public_with_only_its_public_updates(page_desk: Desk) -> None:
    declare(page_desk, "Checkout errors", severity="sev2", services=("checkout", "payments-api", "db-7"))
    page_desk.run(timeline.post_update, 1, BOB, "internal: db-7 is on fire")
    page_desk.run(timeline.post_update, 1, BOB, "Some payments fail; we are on it", public=True)
    page_desk.run(timeline.add_note, 1, BOB, "note to self")

    page = page_desk.read(statuspage.read)

    (incident,) = page.open
    assert (incident.title, incident.severity, incident.status) == ("Checkout errors", "SEV2", "investigating")
    assert incident.components == ("Checkout", "Payments API")  # db-7 is no component: never shown
    assert [u.text for u in incident.updates] == ["Some payments fail; we are on it"]
    assert page.state == State.PARTIAL
    assert [c.state for c in page.components] == [State.PARTIAL, State.OPERATIONAL, State.PARTIAL]
    assert [e.data.get("public") for e in events(page_desk, 1) if e.kind == "update"] == [None, True]


def test_a_component_takes_the_worst_open_incident(page_desk: Desk, clock: ManualClock) -> None:
    for severity, title in (("sev3", "Search slow"), ("sev1", "Search down")):
        declare(page_desk, title, severity=severity, services=("search",))
    for number in (1, 2):
        page_desk.run(timeline.post_update, number, BOB, "Looking", public=True)
    assert page_desk.read(statuspage.read).components[1].state == State.MAJOR
    clock.advance(minutes=5)
    page_desk.run(lifecycle.resolve, 2, BOB, "rolled back")

    page = page_desk.read(statuspage.read)

    assert page.components[1].state == State.DEGRADED
    assert [i.title for i in page.open] == ["Search slow"]
    assert [(i.title, i.status, i.resolved_at) for i in page.history] == [("Search down", "resolved", clock.now())]


def test_private_incidents_refuse_public_updates_and_never_show(page_desk: Desk) -> None:
    declare(page_desk, "Secret thing", private=True, services=("checkout",))

    with pytest.raises(InvalidInput, match="private"):
        page_desk.run(timeline.post_update, 1, BOB, "public?", public=True)

    assert "update" not in [e.kind for e in events(page_desk, 1)]
    assert page_desk.read(statuspage.read).open == ()


def test_drills_refuse_public_updates_and_never_show(page_desk: Desk) -> None:
    declare(page_desk, "Game day: checkout", drill=True, services=("checkout",))

    with pytest.raises(InvalidInput, match="drill"):
        page_desk.run(timeline.post_update, 1, BOB, "public?", public=True)

    assert page_desk.read(statuspage.read).open == ()
    assert {c.state for c in page_desk.read(statuspage.read).components} == {State.OPERATIONAL}


def test_cancelled_incidents_disappear(page_desk: Desk) -> None:
    declare(page_desk, "False alarm")
    page_desk.run(timeline.post_update, 1, BOB, "Looking", public=True)

    page_desk.run(lifecycle.cancel, 1, ALICE, "not real", confirmed=True)

    assert page_desk.read(statuspage.read) == replace(page_desk.read(statuspage.read), open=(), history=())


def test_history_keeps_90_days(page_desk: Desk, clock: ManualClock) -> None:
    declare(page_desk, "Old one")
    page_desk.run(timeline.post_update, 1, BOB, "Looking", public=True)
    page_desk.run(lifecycle.resolve, 1, BOB)
    clock.advance(days=30)
    declare(page_desk, "Newer one")
    page_desk.run(timeline.post_update, 2, BOB, "Looking", public=True)
    page_desk.run(lifecycle.resolve, 2, BOB)

    clock.advance(days=60, seconds=-1)
    assert [i.title for i in page_desk.read(statuspage.read).history] == ["Newer one", "Old one"]
    clock.advance(seconds=2)
    assert [i.title for i in page_desk.read(statuspage.read).history] == ["Newer one"]


def test_reopened_incidents_are_open_again_and_keys_are_opaque_and_stable(page_desk: Desk) -> None:
    declare(page_desk, "Flaky")
    page_desk.run(timeline.post_update, 1, BOB, "Looking", public=True)
    page_desk.run(lifecycle.resolve, 1, BOB)
    before = page_desk.read(statuspage.read).history[0].key

    page_desk.run(lifecycle.reopen, 1, BOB)

    (incident,) = page_desk.read(statuspage.read).open
    assert (incident.key, incident.resolved_at, incident.status) == (before, None, "investigating")
    assert "1" not in incident.key.split("-")
