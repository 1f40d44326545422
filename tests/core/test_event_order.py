"""The timeline agrees with the card when changes race: a change that waited for another is
stamped after it, on SQLite (one writer at a time) and on PostgreSQL (row locks) alike."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from bot.core import incidents, staffing
from bot.core.clock import ManualClock
from bot.core.desk import Desk
from bot.core.roles import Role
from bot.core.tx import Tx
from bot.core.views import Outcome
from tests.core.factory import ALICE, BOB, CAROL, declare, events

WAIT = 10


def commander_changes(desk: Desk) -> list[str]:
    return [e.data["user"] for e in events(desk, 1) if e.kind == "role_assigned"]


def test_a_change_delayed_inside_its_transaction_is_stamped_when_it_gets_the_incident(
    desk: Desk, clock: ManualClock
) -> None:
    """Bob's transaction begins first but reaches the incident 0.4 s after Carol's committed (on
    SQLite that gap is the wait for the write lock). The card shows Bob: so must the timeline's end."""
    declare(desk)
    began, go = threading.Event(), threading.Event()

    def bob_late(tx: Tx) -> Outcome:
        began.set()
        go.wait(WAIT)
        return staffing.assign(tx, 1, Role.COMMANDER, BOB, BOB)

    with ThreadPoolExecutor(1) as pool:
        bob = pool.submit(desk.run, bob_late)
        assert began.wait(WAIT)
        clock.advance(seconds=0.4)
        desk.run(staffing.assign, 1, Role.COMMANDER, CAROL, CAROL)
        clock.advance(seconds=0.4)
        go.set()
        bob.result(WAIT)

    assert desk.run(incidents.get, 1).commander == BOB
    assert commander_changes(desk)[-1] == BOB
    times = [e.at for e in events(desk, 1)]
    assert times == sorted(times)


def test_a_change_that_waited_for_the_lock_is_stamped_after_the_wait(desk: Desk, clock: ManualClock) -> None:
    declare(desk)
    holding, release, bob_began = threading.Event(), threading.Event(), threading.Event()
    start = clock.now()

    def carol_holds_the_lock(tx: Tx) -> Outcome:
        outcome = staffing.assign(tx, 1, Role.COMMANDER, CAROL, ALICE)
        holding.set()
        release.wait(WAIT)
        return outcome

    def bob(tx: Tx) -> Outcome:
        bob_began.set()
        return staffing.assign(tx, 1, Role.COMMANDER, BOB, BOB)  # waits here for Carol's lock

    with ThreadPoolExecutor(2) as pool:
        carol = pool.submit(desk.run, carol_holds_the_lock)
        assert holding.wait(WAIT)
        waiting = pool.submit(desk.run, bob)
        assert bob_began.wait(WAIT)
        clock.advance(seconds=1)
        release.set()
        assert carol.result(WAIT).event.at == start
        assert waiting.result(WAIT).event.at == start + timedelta(seconds=1)

    assert desk.run(incidents.get, 1).commander == BOB
    assert commander_changes(desk) == [CAROL, BOB]
