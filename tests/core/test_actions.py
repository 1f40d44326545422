"""Action items in the core, on a hand-moved clock: the rules of adding and changing them, the
timeline event each change records, and when the due reminder and the weekly digest are queued."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from bot.core import lifecycle
from bot.core.actions import changes, due, items
from bot.core.clock import ManualClock
from bot.core.desk import Desk
from bot.core.errors import IllegalTransition, InvalidInput
from tests.core.factory import ALICE, BOB, CAROL, declare, events, outbox_rows

WEDNESDAY = datetime(2026, 12, 9, 12, 0, tzinfo=UTC)  # ISO week 50 of 2026


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(WEDNESDAY)


def at(clock: ManualClock, *when: int) -> None:
    clock.advance(seconds=(datetime(*when, tzinfo=UTC) - clock.now()).total_seconds())


def test_adding_records_the_event_and_the_item_outlives_the_incident(desk: Desk) -> None:
    declare(desk)
    desk.run(lifecycle.resolve, 1, ALICE, "rolled back")  # after the close too: tests/scenarios/test_actions.py
    item = desk.run(changes.add, 1, ALICE, "  Rotate\nthe keys ", BOB, date(2026, 12, 9))
    assert (item.ref, item.text, item.owner, item.is_open) == ("A-1", "Rotate the keys", BOB, True)
    added = events(desk, 1)[-1]
    assert (added.kind, added.actor, added.text) == ("action_added", ALICE, "Rotate the keys")
    assert added.data == {"item": 1, "owner": BOB, "due": "2026-12-09"}
    assert [row["payload"] for row in outbox_rows(desk, "post_event")][-1] == {"event_id": added.id}


def test_a_due_date_before_today_or_too_long_a_text_is_refused(desk: Desk) -> None:
    declare(desk)
    with pytest.raises(InvalidInput, match="2026-12-08 is in the past"):
        desk.run(changes.add, 1, ALICE, "Fix", None, date(2026, 12, 8))
    with pytest.raises(InvalidInput, match="keep it to 300"):
        desk.run(changes.add, 1, ALICE, "x" * 301)
    assert desk.read(items.of_incident, 1) == []


def test_done_and_reassign_follow_the_rules(desk: Desk) -> None:
    declare(desk)
    desk.run(changes.add, 1, ALICE, "Fix", BOB)
    with pytest.raises(IllegalTransition, match="already has that owner"):
        desk.run(changes.reassign, 1, ALICE, BOB)
    desk.run(changes.reassign, 1, ALICE, CAROL)
    done = desk.run(changes.complete, 1, CAROL)
    assert (done.status, done.done_by, done.owner) == ("done", CAROL, CAROL)
    with pytest.raises(IllegalTransition, match="already done"):
        desk.run(changes.complete, 1, CAROL)
    with pytest.raises(IllegalTransition, match="is done"):
        desk.run(changes.reassign, 1, ALICE, BOB)
    assert [e.kind for e in events(desk, 1)][-3:] == ["action_added", "action_reassigned", "action_done"]


def test_lists_put_open_items_first_soonest_due_first(desk: Desk) -> None:
    declare(desk)
    declare(desk, "Search is slow")
    desk.run(changes.add, 1, ALICE, "undated", BOB)
    desk.run(changes.add, 1, ALICE, "later", BOB, date(2026, 12, 30))
    desk.run(changes.add, 1, ALICE, "done", BOB, date(2026, 12, 10))
    desk.run(changes.add, 2, ALICE, "sooner", BOB, date(2026, 12, 20))
    desk.run(changes.add, 2, ALICE, "carol's", CAROL)
    desk.run(changes.complete, 3, BOB)
    assert [i.text for i in desk.read(items.of_incident, 1)] == ["later", "undated", "done"]
    assert [(i.text, i.number) for i in desk.read(items.owned, BOB)] == [("sooner", 2), ("later", 1), ("undated", 1)]


def test_an_item_falls_due_at_nine_utc_on_its_date_and_is_queued_once(desk: Desk, clock: ManualClock) -> None:
    declare(desk)
    desk.run(changes.add, 1, ALICE, "Fix", BOB, date(2026, 12, 10))
    desk.run(changes.add, 1, ALICE, "Nobody's", None, date(2026, 12, 10))
    at(clock, 2026, 12, 10, 8, 59, 59)
    assert desk.run(due.remind_due) == 0
    at(clock, 2026, 12, 10, 9, 0, 0)
    assert desk.run(due.remind_due) == 2
    assert desk.run(due.remind_due) == 0
    reminders = [row["payload"] for row in outbox_rows(desk, "action_due")]
    assert reminders == [{"item": 1, "user": BOB}, {"item": 2, "user": ALICE}], "no owner: the commander"


def test_a_reassigned_item_is_reminded_again_and_a_done_one_never(desk: Desk, clock: ManualClock) -> None:
    declare(desk)
    desk.run(changes.add, 1, ALICE, "Fix", BOB, date(2026, 12, 10))
    desk.run(changes.add, 1, ALICE, "Done early", BOB, date(2026, 12, 10))
    desk.run(changes.complete, 2, BOB)
    at(clock, 2026, 12, 11, 10, 0, 0)
    desk.run(due.remind_due)
    desk.run(changes.reassign, 1, BOB, CAROL)
    desk.run(due.remind_due)
    assert [row["payload"] for row in outbox_rows(desk, "action_due")] == [
        {"item": 1, "user": BOB},
        {"item": 1, "user": CAROL},
    ]


def test_without_owner_or_commander_nobody_is_told(desk: Desk, clock: ManualClock) -> None:
    declare(desk, by=None)  # as an alert declares: no commander
    desk.run(changes.add, 1, ALICE, "Fix", None, date(2026, 12, 10))
    at(clock, 2026, 12, 11, 10, 0, 0)
    assert desk.run(due.remind_due) == 1
    assert outbox_rows(desk, "action_due") == []
    assert desk.run(due.remind_due) == 0


@pytest.mark.parametrize(
    ("when", "week"),
    [
        ((2026, 12, 14, 8, 59), 202650),  # Monday before nine: still last week's
        ((2026, 12, 14, 9, 0), 202651),
        ((2026, 12, 20, 23, 59), 202651),
        ((2027, 1, 4, 9, 0), 202701),
        ((2027, 1, 4, 8, 0), 202653),  # 2026 has 53 ISO weeks
    ],
)
def test_the_digest_week_turns_at_monday_nine_utc(when: tuple[int, ...], week: int) -> None:
    assert due.week_of(datetime(*when, tzinfo=UTC)) == week


def test_the_digest_is_queued_once_a_week_with_only_what_is_overdue(desk: Desk, clock: ManualClock) -> None:
    declare(desk)
    assert desk.run(due.weekly_digest) is False  # this week's is claimed, with nothing to say
    desk.run(changes.add, 1, ALICE, "Overdue", BOB, date(2026, 12, 10))
    desk.run(changes.add, 1, ALICE, "Due on Monday", BOB, date(2026, 12, 14))
    desk.run(changes.add, 1, ALICE, "Undated", BOB)
    assert desk.read(due.digest_pending) is False
    at(clock, 2026, 12, 14, 9, 30, 0)
    assert desk.read(due.digest_pending) is True
    assert desk.run(due.weekly_digest) is True
    assert desk.run(due.weekly_digest) is False
    assert [row["payload"] for row in outbox_rows(desk, "action_digest")] == [
        {"items": [1], "total": 1, "on": "2026-12-14"}
    ]
