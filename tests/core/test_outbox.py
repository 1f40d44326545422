from __future__ import annotations

import threading
import time
from datetime import timedelta

from sqlalchemy import Engine

from bot.core.clock import ManualClock
from bot.store import outbox
from tests.core.outbox_queue import add, claim, kinds, rows, within
from tests.support.concurrency import all_at_once


def test_claim_hands_out_only_the_oldest_pending_item_of_an_incident(engine: Engine, clock: ManualClock) -> None:
    now = clock.now()
    add(engine, now, "post_card", 1)
    add(engine, now, "refresh_card", 1)

    first = claim(engine, now)
    assert kinds(first) == ["post_card"]
    # the second item waits while the first is out, even after the first's lease is renewed
    assert claim(engine, now + timedelta(seconds=1)) == []

    within(engine, lambda s: outbox.complete(s, first[0][0], now))
    assert kinds(claim(engine, now)) == ["refresh_card"]


def test_a_failed_item_unblocks_the_next_one(engine: Engine, clock: ManualClock) -> None:
    now = clock.now()
    add(engine, now, "setup_channel", 1)
    add(engine, now, "post_card", 1)
    (item,) = claim(engine, now)

    within(engine, lambda s: outbox.fail(s, item[0], now, "channel_limit_reached"))

    assert kinds(claim(engine, now)) == ["post_card"]
    failed = rows(engine)[0]
    assert failed.failed_at is not None and failed.last_error == "channel_limit_reached"
    assert failed.attempts == 1


def test_items_of_different_incidents_are_handed_out_together(engine: Engine, clock: ManualClock) -> None:
    now = clock.now()
    add(engine, now, "setup_channel", 1)
    add(engine, now, "post_event", 1)
    add(engine, now, "setup_channel", 2)
    add(engine, now, "setup_channel", 3)
    add(engine, now, "post_event", 3)

    claimed = claim(engine, now)

    assert sorted(incident for _, _, incident in claimed) == [1, 2, 3]
    assert set(kinds(claimed)) == {"setup_channel"}


def test_items_without_an_incident_are_not_serialised(engine: Engine, clock: ManualClock) -> None:
    now = clock.now()
    add(engine, now, "page", None)
    add(engine, now, "page", None)

    assert len(claim(engine, now)) == 2


def test_claim_respects_the_limit_oldest_first(engine: Engine, clock: ManualClock) -> None:
    now = clock.now()
    for incident in range(1, 6):
        add(engine, now, f"kind{incident}", incident)

    assert kinds(claim(engine, now, limit=2)) == ["kind1", "kind2"]
    assert kinds(claim(engine, now, limit=10)) == ["kind3", "kind4", "kind5"]


def test_leased_items_are_not_reclaimed_until_the_lease_passes(engine: Engine, clock: ManualClock) -> None:
    now = clock.now()
    add(engine, now, "post_card", 1)
    claim(engine, now)

    assert claim(engine, now + outbox.LEASE - timedelta(seconds=1)) == []
    assert claim(engine, now + outbox.LEASE) == []
    # a worker that died mid-delivery: the lease runs out and another worker takes the item
    assert kinds(claim(engine, now + outbox.LEASE + timedelta(seconds=1))) == ["post_card"]


def test_retry_later_delays_the_item(engine: Engine, clock: ManualClock) -> None:
    now = clock.now()
    add(engine, now, "post_card", 1)
    add(engine, now, "refresh_card", 1)
    (item,) = claim(engine, now)

    later = now + timedelta(seconds=30)
    within(engine, lambda s: outbox.retry_later(s, item[0], later, "ratelimited"))

    # neither the delayed item nor the one queued behind it goes out early
    assert claim(engine, now + timedelta(seconds=29)) == []
    assert kinds(claim(engine, later)) == ["post_card"]
    retried = rows(engine)[0]
    assert (retried.attempts, retried.last_error) == (1, "ratelimited")


def test_completed_items_are_never_handed_out_again(engine: Engine, clock: ManualClock) -> None:
    now = clock.now()
    add(engine, now, "post_card", 1)
    (item,) = claim(engine, now)
    within(engine, lambda s: outbox.complete(s, item[0], now))

    assert claim(engine, now + timedelta(hours=1)) == []
    assert rows(engine)[0].done_at is not None


def test_items_are_not_due_before_their_time(engine: Engine, clock: ManualClock) -> None:
    add(engine, clock.now() + timedelta(minutes=5), "nudge", 1)

    assert claim(engine, clock.now()) == []
    assert kinds(claim(engine, clock.now() + timedelta(minutes=5))) == ["nudge"]


def test_coalesce_skips_an_identical_waiting_item(engine: Engine, clock: ManualClock) -> None:
    now = clock.now()
    add(engine, now, "refresh_card", 1, coalesce=True)
    add(engine, now, "refresh_card", 1, coalesce=True)
    add(engine, now, "refresh_card", 2, coalesce=True)
    add(engine, now, "refresh_card", 1, {"full": True}, coalesce=True)

    assert [(r.kind, r.incident_id, r.payload) for r in rows(engine)] == [
        ("refresh_card", 1, "{}"),
        ("refresh_card", 2, "{}"),
        ("refresh_card", 1, '{"full": true}'),
    ]


def test_coalesce_adds_a_new_item_once_the_twin_is_in_flight(engine: Engine, clock: ManualClock) -> None:
    """A refresh already being delivered may have rendered the old state: a new one must follow."""
    now = clock.now()
    add(engine, now, "refresh_card", 1, coalesce=True)
    claim(engine, now)

    add(engine, now, "refresh_card", 1, coalesce=True)

    assert len(rows(engine)) == 2


def test_coalesce_adds_a_new_item_once_the_twin_is_done(engine: Engine, clock: ManualClock) -> None:
    now = clock.now()
    add(engine, now, "refresh_card", 1, coalesce=True)
    (item,) = claim(engine, now)
    within(engine, lambda s: outbox.complete(s, item[0], now))

    add(engine, now, "refresh_card", 1, coalesce=True)

    assert len(rows(engine)) == 2


def test_without_coalesce_identical_items_are_all_kept(engine: Engine, clock: ManualClock) -> None:
    now = clock.now()
    add(engine, now, "post_event", 1, {"event_id": 3})
    add(engine, now, "post_event", 1, {"event_id": 3})

    assert len(rows(engine)) == 2


def test_payload_round_trips(engine: Engine, clock: ManualClock) -> None:
    add(engine, clock.now(), "invite", 1, {"users": ["U1", "U2"], "reply_to": None})

    assert outbox.payload_of(rows(engine)[0]) == {"users": ["U1", "U2"], "reply_to": None}


def test_concurrent_workers_deliver_each_item_once_in_incident_order(engine: Engine, clock: ManualClock) -> None:
    now = clock.now()
    expected = {}
    for round_ in range(3):
        for incident in range(1, 7):
            add(engine, now, f"step{round_}", incident)
    for item in rows(engine):
        expected[item.id] = item.incident_id
    delivered: list[tuple[int, str, int | None]] = []
    lock = threading.Lock()
    deadline = time.monotonic() + 20

    def worker(_: int) -> None:
        while time.monotonic() < deadline:
            with lock:
                if len(delivered) >= len(expected):
                    return
            claimed = claim(engine, now, limit=2)
            with lock:
                delivered.extend(claimed)
            for item_id, _kind, _incident in claimed:
                within(engine, lambda s, item_id=item_id: outbox.complete(s, item_id, now))

    all_at_once(4, worker)
    assert sorted(item_id for item_id, _, _ in delivered) == sorted(expected)
    for incident in range(1, 7):
        steps = [kind for _, kind, i in delivered if i == incident]
        assert steps == ["step0", "step1", "step2"]
