from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core import channel, incidents, lifecycle, staffing, timeline
from bot.core.clock import ManualClock
from bot.core.desk import Desk
from bot.core.errors import IllegalTransition, InvalidInput
from bot.core.roles import Role
from bot.core.status import Status
from bot.core.timeline import PinnedMessage
from tests.core.factory import ALICE, BOB, CAROL, declare, events, outbox_rows

CHANNEL = "C0INC1"


def with_channel(desk: Desk) -> int:
    incident = declare(desk).incident
    desk.run(channel.attach, incident.id, CHANNEL, "inc-1-checkout-is-failing", [], None)
    return incident.number


def pinned(clock: ManualClock, ts: str = "1767603900.000100", minutes_ago: float = 0, text: str = "DB is at 100% CPU"):
    return PinnedMessage(
        ts=ts,
        author=CAROL,
        text=text,
        posted_at=clock.now() - timedelta(minutes=minutes_ago),
        permalink=f"https://example.slack.com/archives/{CHANNEL}/p{ts.replace('.', '')}",
    )


def test_notes_are_recorded_with_author_and_time(desk: Desk, clock: ManualClock) -> None:
    declare(desk)
    clock.advance(minutes=2)

    outcome = desk.run(timeline.add_note, 1, BOB, "  Rolled back deploy 1234  ")

    assert outcome.event is not None
    event = events(desk, 1)[-1]
    assert (event.kind, event.actor, event.text, event.at) == ("note", BOB, "Rolled back deploy 1234", clock.now())
    assert any(r["kind"] == "post_event" and r["payload"] == {"event_id": event.id} for r in outbox_rows(desk))


def test_a_note_of_2500_characters_is_kept_whole(desk: Desk) -> None:
    declare(desk)

    desk.run(timeline.add_note, 1, BOB, "n" * 2500)

    assert events(desk, 1)[-1].text == "n" * 2500


def test_notes_over_2500_characters_are_rejected(desk: Desk) -> None:
    declare(desk)

    with pytest.raises(InvalidInput, match="2501"):
        desk.run(timeline.add_note, 1, BOB, "n" * 2501)
    with pytest.raises(InvalidInput, match="empty"):
        desk.run(timeline.add_note, 1, BOB, " \n ")
    assert [e.kind for e in events(desk, 1)] == ["declared"]


def test_notes_updates_and_pins_are_cleaned_the_same_on_both_databases(desk: Desk, clock: ManualClock) -> None:
    with_channel(desk)
    desk.run(timeline.add_note, 1, BOB, "freed\x00 WAL\u200b\r\nsecond line")
    desk.run(timeline.post_update, 1, BOB, "\ufeffrolled\x00 back")
    desk.run(timeline.add_pin, CHANNEL, BOB, pinned(clock, text="cpu\x00 100%"))
    assert [e.text for e in events(desk, 1)[1:]] == ["freed WAL\nsecond line", "rolled back", "cpu 100%"]
    with pytest.raises(InvalidInput, match="empty"):
        desk.run(timeline.add_note, 1, BOB, "\u200b\x00")


def test_add_pin_adds_once(desk: Desk, clock: ManualClock) -> None:
    with_channel(desk)
    message = pinned(clock)

    first = desk.run(timeline.add_pin, CHANNEL, BOB, message)
    again = desk.run(timeline.add_pin, CHANNEL, ALICE, message)

    assert first is not None and first.event is not None
    assert (first.event.kind, first.event.actor, first.event.text) == ("pin", CAROL, "DB is at 100% CPU")
    assert first.event.data["pinned_by"] == BOB
    assert first.event.data["permalink"] == message.permalink
    assert again is None
    assert [e.kind for e in events(desk, 1)].count("pin") == 1
    assert len(outbox_rows(desk, "react_event")) == 1


def test_different_messages_can_both_be_pinned(desk: Desk, clock: ManualClock) -> None:
    with_channel(desk)

    desk.run(timeline.add_pin, CHANNEL, BOB, pinned(clock, ts="1767603900.000100"))
    desk.run(timeline.add_pin, CHANNEL, BOB, pinned(clock, ts="1767603901.000200"))

    assert [e.kind for e in events(desk, 1)].count("pin") == 2


def test_the_same_message_ts_pins_separately_in_each_incident(desk: Desk, clock: ManualClock) -> None:
    with_channel(desk)
    second = declare(desk, "Another").incident
    desk.run(channel.attach, second.id, "C0INC2", "inc-2-another", [], None)

    assert desk.run(timeline.add_pin, CHANNEL, BOB, pinned(clock)) is not None
    assert desk.run(timeline.add_pin, "C0INC2", BOB, pinned(clock)) is not None


def test_add_pin_in_a_channel_that_is_not_an_incident_returns_none(desk: Desk, clock: ManualClock) -> None:
    with_channel(desk)

    assert desk.run(timeline.add_pin, "C0GENERAL", BOB, pinned(clock)) is None
    assert "pin" not in [e.kind for e in events(desk, 1)]
    assert outbox_rows(desk, "react_event") == []


def test_events_are_ordered_by_time_not_by_insertion(desk: Desk, clock: ManualClock) -> None:
    with_channel(desk)
    clock.advance(minutes=10)
    desk.run(timeline.add_note, 1, BOB, "ten minutes in")
    # a message posted five minutes in, pinned only now
    desk.run(timeline.add_pin, CHANNEL, ALICE, pinned(clock, minutes_ago=5, text="five minutes in"))
    clock.advance(minutes=1)
    desk.run(timeline.add_note, 1, BOB, "eleven minutes in")

    listed = events(desk, 1)

    assert [e.text for e in listed] == ["Checkout is failing", "five minutes in", "ten minutes in", "eleven minutes in"]
    assert [e.at for e in listed] == sorted(e.at for e in listed)


def test_events_at_the_same_moment_keep_their_order(desk: Desk) -> None:
    declare(desk)
    for i in range(5):
        desk.run(timeline.add_note, 1, BOB, f"note {i}")

    assert [e.text for e in events(desk, 1)[1:]] == [f"note {i}" for i in range(5)]


def test_updates_set_last_update_and_record_status_and_severity(desk: Desk, clock: ManualClock) -> None:
    declare(desk, severity="sev2")
    desk.run(lifecycle.set_status, 1, Status.IDENTIFIED, ALICE)
    clock.advance(minutes=20)

    outcome = desk.run(timeline.post_update, 1, BOB, "Bad deploy identified; rolling back. Next update 10:00.")

    assert outcome.incident.last_update_at == clock.now()
    assert outcome.event is not None
    assert (outcome.event.kind, outcome.event.actor) == ("update", BOB)
    assert outcome.event.data == {"status": "identified", "severity": "sev2"}
    assert outcome.event.text == "Bad deploy identified; rolling back. Next update 10:00."
    kinds = [r["kind"] for r in outbox_rows(desk) if r["payload"].get("event_id") == outcome.event.id]
    assert sorted(kinds) == ["announce_event", "post_event"]


def test_updates_are_refused_on_closed_or_cancelled_incidents(desk: Desk) -> None:
    declare(desk)
    desk.run(lifecycle.cancel, 1, ALICE)

    with pytest.raises(IllegalTransition, match="cancelled"):
        desk.run(timeline.post_update, 1, BOB, "anything")
    assert desk.run(incidents.get, 1).last_update_at is None


def test_update_text_is_bounded(desk: Desk) -> None:
    declare(desk)

    with pytest.raises(InvalidInput, match="2501"):
        desk.run(timeline.post_update, 1, BOB, "u" * 2501)
    assert desk.run(incidents.get, 1).last_update_at is None


def test_people_are_everyone_who_acted_or_held_a_role(desk: Desk) -> None:
    declare(desk, by=ALICE)
    desk.run(staffing.assign, 1, Role.SME, BOB, ALICE)
    desk.run(staffing.relieve, 1, BOB, ALICE)
    desk.run(timeline.add_note, 1, CAROL, "seen it")

    assert desk.run(timeline.people, 1) == {ALICE, BOB, CAROL}
