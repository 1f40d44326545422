"""A pinned message's timeline entry follows the message in Slack: edits, deletion, the last 📌 taken
off and given again — one entry rewritten in place, once per Slack event, whatever the order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from bot.core import channel, pins, timeline
from bot.core.clock import ManualClock
from bot.core.desk import Desk
from bot.core.pins import DELETED, EDITED, UNPINNED, PinChange
from bot.core.timeline import PinnedMessage
from bot.core.tx import Tx
from bot.store import outbox
from bot.store.models import ProcessedRequest
from tests.core.factory import ALICE, BOB, declare, events, outbox_rows

CHANNEL, TS = "C0INC1", "1767603600.000100"
AT = datetime(2026, 1, 5, 9, 30, tzinfo=UTC)


def incident(desk: Desk) -> int:
    outcome = declare(desk)
    desk.run(channel.attach, outcome.incident.id, CHANNEL, "inc-1-checkout", [], None)
    return outcome.incident.number


def pin(desk: Desk, text: str = "df shows 98% on db-3", actor: str = ALICE) -> None:
    message = PinnedMessage(TS, BOB, text, AT, "https://example.slack.com/archives/C0INC1/p1")
    desk.run(timeline.add_pin, CHANNEL, actor, message)


def change(what: str, text: str = "", minutes: int = 5) -> PinChange:
    return PinChange(TS, what, AT + timedelta(minutes=minutes), text)


def entries(desk: Desk, number: int) -> list:
    return [e for e in events(desk, number) if e.kind == "pin"]


def keys(desk: Desk) -> int:
    return desk.run(lambda tx: tx.session.execute(select(func.count()).select_from(ProcessedRequest)).scalar_one())


def test_an_edit_shows_the_new_text_and_keeps_the_first(desk: Desk) -> None:
    number = incident(desk)
    pin(desk)
    assert desk.run(pins.follow, CHANNEL, change(EDITED, "df shows 99% on db-3"), "event:E1")
    desk.run(pins.follow, CHANNEL, change(EDITED, "df shows 100% on db-3", minutes=9), "event:E2")

    [entry] = entries(desk, number)
    assert entry.text == "df shows 100% on db-3"
    assert entry.data["original_text"] == "df shows 98% on db-3"
    assert entry.data["edited_at"] == (AT + timedelta(minutes=9)).isoformat()
    assert entry.data["permalink"].endswith("/p1") and entry.data["pinned_by"] == ALICE


def test_a_change_that_leaves_the_words_alone_is_no_edit(desk: Desk) -> None:
    number = incident(desk)
    pin(desk)
    desk.run(pins.follow, CHANNEL, change(EDITED, "df shows 98% on db-3"), "event:E1")  # an unfurl arrived
    assert "edited_at" not in entries(desk, number)[0].data


def test_a_delete_marks_the_entry_and_keeps_its_text(desk: Desk) -> None:
    number = incident(desk)
    pin(desk)
    desk.run(pins.follow, CHANNEL, change(DELETED), "event:E1")
    [entry] = entries(desk, number)
    assert entry.text == "df shows 98% on db-3"
    assert entry.data["deleted_at"] == (AT + timedelta(minutes=5)).isoformat()


def test_slack_retrying_an_event_changes_nothing_twice(desk: Desk) -> None:
    number = incident(desk)
    pin(desk)
    assert desk.run(pins.follow, CHANNEL, change(EDITED, "v2"), "event:E1")
    desk.run(pins.follow, CHANNEL, change(EDITED, "v3"), "event:E2")
    assert not desk.run(pins.follow, CHANNEL, change(EDITED, "v2"), "event:E1")  # the retry of E1
    assert entries(desk, number)[0].text == "v3"


def test_messages_nobody_pinned_are_left_alone_without_a_write(desk: Desk) -> None:
    number = incident(desk)
    before = keys(desk)
    for what in (EDITED, DELETED, UNPINNED):
        assert not desk.run(pins.follow, CHANNEL, change(what, "new"), f"event:{what}")
    assert not desk.run(pins.follow, "C0ELSEWHERE", change(EDITED, "new"), "event:other")
    assert keys(desk) == before
    assert outbox_rows(desk, "follow_pin") == []
    assert entries(desk, number) == []


def test_an_unpin_is_queued_for_slack_to_say_whether_a_pin_is_left(desk: Desk) -> None:
    number = incident(desk)
    pin(desk)
    desk.run(pins.follow, CHANNEL, change(UNPINNED), "event:E1")
    [queued] = outbox_rows(desk, "follow_pin")
    assert "withdrawn_at" not in entries(desk, number)[0].data

    assert desk.run(pins.settle, queued["incident_id"], PinChange.of(queued["payload"]), queued["id"])
    assert entries(desk, number)[0].data["withdrawn_at"] == (AT + timedelta(minutes=5)).isoformat()
    pin(desk, actor=BOB)  # pinned again
    assert "withdrawn_at" not in entries(desk, number)[0].data
    assert len(entries(desk, number)) == 1


def test_a_change_to_a_pin_still_being_read_waits_for_it(desk: Desk, clock: ManualClock) -> None:
    number = incident(desk)
    desk.run(pins.request_pin, CHANNEL, ALICE, TS, "event:PIN")
    assert desk.run(pins.follow, CHANNEL, change(EDITED, "df shows 99% on db-3"), "event:E1")
    [queued] = outbox_rows(desk, "follow_pin")
    settle = (pins.settle, queued["incident_id"], PinChange.of(queued["payload"]), queued["id"])
    assert not desk.run(*settle), "not before the pin is on the timeline"

    pin(desk)  # the read got the text from before the edit
    [read] = outbox_rows(desk, "record_pin")
    desk.run(lambda tx: outbox.complete(tx.session, read["id"], tx.now))
    assert desk.run(*settle)
    [entry] = entries(desk, number)
    assert (entry.text, entry.data["original_text"]) == ("df shows 99% on db-3", "df shows 98% on db-3")


def test_an_unpin_loses_to_a_pin_given_after_it(desk: Desk) -> None:
    number = incident(desk)
    pin(desk)
    desk.run(pins.follow, CHANNEL, change(UNPINNED), "event:E1")
    [queued] = outbox_rows(desk, "follow_pin")
    desk.run(pins.request_pin, CHANNEL, BOB, TS, "event:PIN2")
    [read] = outbox_rows(desk, "record_pin")

    def delivered(tx: Tx) -> None:
        outbox.complete(tx.session, read["id"], tx.now)

    desk.run(delivered)
    assert desk.run(pins.settle, queued["incident_id"], PinChange.of(queued["payload"]), queued["id"])
    assert "withdrawn_at" not in entries(desk, number)[0].data


def test_an_edit_that_waited_never_overwrites_a_later_one(desk: Desk) -> None:
    number = incident(desk)
    desk.run(pins.request_pin, CHANNEL, ALICE, TS, "event:PIN")
    desk.run(pins.follow, CHANNEL, change(EDITED, "second text", minutes=5), "event:E1")  # waits for the read
    pin(desk)
    [read] = outbox_rows(desk, "record_pin")
    desk.run(lambda tx: outbox.complete(tx.session, read["id"], tx.now))
    desk.run(pins.follow, CHANNEL, change(EDITED, "third text", minutes=9), "event:E2")  # applied at once

    [queued] = outbox_rows(desk, "follow_pin")
    assert desk.run(pins.settle, queued["incident_id"], PinChange.of(queued["payload"]), queued["id"])
    [entry] = entries(desk, number)
    assert (entry.text, entry.data["original_text"]) == ("third text", "df shows 98% on db-3")


def test_followed_asks_without_writing(desk: Desk) -> None:
    incident(desk)
    assert not desk.read(pins.followed, CHANNEL, TS)
    desk.run(pins.request_pin, CHANNEL, ALICE, TS, "event:PIN")
    assert desk.read(pins.followed, CHANNEL, TS), "being read"
    assert not desk.read(pins.followed, "C0ELSEWHERE", TS)
