"""The catch-up's choices without Slack: which events matter most, who is welcomed on joining, and that
the "once" of a welcome outlives the retention sweep of request keys."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core import catchup, channel, dedupe, handoff, lifecycle, staffing, timeline
from bot.core.clock import ManualClock
from bot.core.desk import Desk
from bot.core.notify import SURFACES, Surfaces
from bot.core.roles import Role
from bot.core.tx import Tx
from bot.jobs.retention import REQUEST_KEYS_KEPT, Retention
from tests.core.factory import ALICE, BOB, CAROL, DAVE, declare, outbox_rows

CHANNEL = "C0INC1"


def kinds(desk: Desk) -> list[str]:
    return [e.kind for e in desk.read(catchup.summary, 1).highlights]


def record(tx: Tx, kind: str) -> None:
    """An event of a kind a later feature may add (it ranks with the machinery)."""
    tx.record(tx.incident(1), kind, None, "x")


def test_ranks_beat_recency_and_the_chosen_read_oldest_first(desk: Desk, clock: ManualClock) -> None:
    declare(desk)
    for minutes, (op, *args) in enumerate(
        [
            (timeline.add_note, 1, BOB, "first note"),
            (staffing.assign, 1, Role.SCRIBE, CAROL, ALICE),
            (timeline.post_update, 1, BOB, "an update"),
            (lifecycle.acknowledge, 1, DAVE),
            (timeline.add_note, 1, BOB, "last note"),
        ],
        start=1,
    ):
        clock.advance(minutes=minutes)
        desk.run(op, *args)

    assert kinds(desk) == ["declared", "role_assigned", "update", "acknowledged", "note"]


def test_among_equals_the_newest_win_and_ties_go_by_order_recorded(desk: Desk, clock: ManualClock) -> None:
    declare(desk)
    for _ in range(3):
        clock.advance(minutes=1)
        desk.run(handoff.handoff, 1, BOB, ALICE)
        desk.run(handoff.handoff, 1, ALICE, BOB)  # the same minute: recorded order decides

    chosen = desk.read(catchup.summary, 1).highlights
    assert [(e.kind, e.data["to"]) for e in chosen] == [
        ("handoff", ALICE),
        ("handoff", BOB),
        ("handoff", ALICE),
        ("handoff", BOB),
        ("handoff", ALICE),
    ]
    assert [e.at for e in chosen] == sorted(e.at for e in chosen)


def test_unknown_kinds_rank_last(desk: Desk, clock: ManualClock, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(SURFACES, "something_new", Surfaces())
    declare(desk)
    clock.advance(minutes=1)
    desk.run(record, "something_new")
    for _ in range(3):
        clock.advance(minutes=1)
        desk.run(timeline.add_note, 1, BOB, "a note")
    assert kinds(desk) == ["declared", "something_new", "note", "note", "note"]

    desk.run(timeline.add_note, 1, BOB, "one note more")
    assert kinds(desk) == ["declared", "note", "note", "note", "note"]


def test_the_commander_the_declaration_named_is_not_welcomed_but_a_later_one_is(desk: Desk, clock: ManualClock) -> None:
    incident = declare(desk, commander=CAROL).incident
    desk.run(channel.attach, incident.id, CHANNEL, "inc-1-checkout-is-failing", [], None)
    clock.advance(minutes=5)
    desk.run(staffing.assign, 1, Role.SCRIBE, DAVE, CAROL)

    assert not desk.run(catchup.welcome, CHANNEL, CAROL)
    assert desk.run(catchup.welcome, CHANNEL, DAVE)  # given a role five minutes in: a latecomer


def test_welcome_only_in_incident_channels_after_news_and_never_to_the_declarer(desk: Desk, clock: ManualClock) -> None:
    incident = declare(desk).incident
    desk.run(channel.attach, incident.id, CHANNEL, "inc-1-checkout-is-failing", [], None)

    assert not desk.run(catchup.welcome, CHANNEL, BOB)  # nothing beyond the declaration yet
    clock.advance(minutes=5)
    desk.run(timeline.add_note, 1, ALICE, "rolling back")
    assert not desk.run(catchup.welcome, "C0ELSEWHERE", BOB)
    assert not desk.run(catchup.welcome, CHANNEL, ALICE)
    assert desk.run(catchup.welcome, CHANNEL, BOB)
    assert not desk.run(catchup.welcome, CHANNEL, BOB)
    assert [r["payload"] for r in outbox_rows(desk, "catch_up")] == [{"user": BOB}]


def test_a_welcome_is_remembered_past_the_request_keys_retention(desk: Desk, clock: ManualClock) -> None:
    incident = declare(desk).incident
    desk.run(channel.attach, incident.id, CHANNEL, "inc-1-checkout-is-failing", [], None)
    clock.advance(minutes=5)
    desk.run(timeline.add_note, 1, ALICE, "rolling back")
    assert desk.run(catchup.welcome, CHANNEL, BOB)
    assert desk.run(dedupe.first_time, "event:Ev1")

    clock.advance(seconds=(REQUEST_KEYS_KEPT + timedelta(days=30)).total_seconds())
    Retention(desk.engine, clock).sweep()

    assert desk.run(dedupe.first_time, "event:Ev1")  # an ordinary key was purged
    assert not desk.run(catchup.welcome, CHANNEL, BOB)


def test_how_long_it_has_been_open_or_lasted(desk: Desk, clock: ManualClock) -> None:
    declare(desk)
    clock.advance(minutes=30)
    assert desk.read(catchup.summary, 1).duration == timedelta(minutes=30)
    desk.run(lifecycle.resolve, 1, ALICE, None)
    clock.advance(days=3)
    got = desk.read(catchup.summary, 1)
    assert (got.duration, got.ended_at) == (timedelta(minutes=30), got.incident.resolved_at)
