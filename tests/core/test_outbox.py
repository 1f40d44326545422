from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import Engine, select
from sqlmodel import Session

from bot.core.clock import ManualClock, SystemClock
from bot.jobs.outbox_worker import Delivery, OutboxWorker
from bot.store import outbox
from bot.store.models import OutboxItem
from tests.support.concurrency import all_at_once

T = TypeVar("T")


def within(engine: Engine, work: Callable[[Session], T]) -> T:
    with Session(engine) as session, session.begin():
        return work(session)


def add(engine: Engine, now: datetime, kind: str, incident_id: int | None, payload=None, *, coalesce=False) -> None:
    within(engine, lambda s: outbox.enqueue(s, now, kind, incident_id, payload, coalesce=coalesce))


def claim(engine: Engine, now: datetime, limit: int = 10) -> list[tuple[int, str, int | None]]:
    """(id, kind, incident) of the claimed items, read inside the claiming transaction."""
    return within(engine, lambda s: [(i.id, i.kind, i.incident_id) for i in outbox.claim(s, now, limit)])


def kinds(claimed: list[tuple[int, str, int | None]]) -> list[str]:
    return [kind for _, kind, _ in claimed]


def rows(engine: Engine) -> list[OutboxItem]:
    def read(session: Session) -> list[OutboxItem]:
        items = list(session.scalars(select(OutboxItem).order_by(OutboxItem.id)))
        session.expunge_all()
        return items

    return within(engine, read)


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


def test_every_hand_out_is_counted(engine: Engine, clock: ManualClock) -> None:
    """A re-claimed item (its worker died) must know an earlier run may have reached Slack, even
    though no failure was ever recorded for it."""
    now = clock.now()
    add(engine, now, "post_card", 1)
    claim(engine, now)
    later = now + outbox.LEASE + timedelta(seconds=1)

    assert kinds(claim(engine, later)) == ["post_card"]
    (item,) = rows(engine)
    assert (item.claims, item.attempts) == (2, 0)


def test_a_renewed_lease_keeps_the_item_from_other_workers(engine: Engine, clock: ManualClock) -> None:
    now = clock.now()
    add(engine, now, "post_card", 1)
    ((item_id, _, _),) = claim(engine, now)
    beat = now + outbox.LEASE - timedelta(seconds=2)
    within(engine, lambda s: outbox.renew(s, [item_id], beat + outbox.LEASE))

    assert claim(engine, now + outbox.LEASE + timedelta(seconds=1)) == []
    assert kinds(claim(engine, beat + outbox.LEASE + timedelta(seconds=1))) == ["post_card"]


def test_a_late_heartbeat_does_not_hold_back_a_retry(engine: Engine, clock: ManualClock) -> None:
    now = clock.now()
    add(engine, now, "post_card", 1)
    ((item_id, _, _),) = claim(engine, now)
    within(engine, lambda s: outbox.retry_later(s, item_id, now + timedelta(seconds=2), "HTTP 503"))
    within(engine, lambda s: outbox.renew(s, [item_id], now + outbox.LEASE))

    assert kinds(claim(engine, now + timedelta(seconds=2))) == ["post_card"]


def test_a_rate_limit_wait_is_not_a_failed_attempt(engine: Engine, clock: ManualClock) -> None:
    now = clock.now()
    add(engine, now, "post_card", 1)
    ((item_id, _, _),) = claim(engine, now)
    within(engine, lambda s: outbox.retry_later(s, item_id, now, "ratelimited", counts=False))

    assert rows(engine)[0].attempts == 0


def test_progress_is_kept_for_the_next_hand_out(engine: Engine, clock: ManualClock) -> None:
    now = clock.now()
    add(engine, now, "upload_postmortem", 1)
    ((item_id, _, _),) = claim(engine, now)
    within(engine, lambda s: outbox.save_progress(s, item_id, {"file_id": "F1"}))
    within(engine, lambda s: outbox.retry_later(s, item_id, now, "HTTP 500"))

    progress = within(engine, lambda s: [outbox.progress_of(i) for i in outbox.claim(s, now, 1)])
    assert progress == [{"file_id": "F1"}]


class Recorder:
    """Handlers that record what they were given, and can be held until released."""

    def __init__(self) -> None:
        self.seen: list[Delivery] = []
        self.release = threading.Event()

    def quick(self, item: Delivery) -> None:
        self.seen.append(item)

    def slow(self, item: Delivery) -> None:
        self.seen.append(item)
        self.release.wait(10)


def worker(engine: Engine, recorder: Recorder, lease: float) -> OutboxWorker:
    handlers = {"quick": recorder.quick, "slow": recorder.slow}
    return OutboxWorker(engine, SystemClock(), handlers, lambda item, reason: None, lease=lease, poll_seconds=0.05)


def test_a_delivery_running_longer_than_its_lease_is_not_handed_out_twice(engine: Engine) -> None:
    add(engine, SystemClock().now(), "slow", 1)
    first, second = Recorder(), Recorder()
    workers = [worker(engine, first, lease=1.5), worker(engine, second, lease=1.5)]
    for w in workers:
        w.start()
    try:
        time.sleep(5.0)  # more than three leases
        assert (len(first.seen), len(second.seen)) == (1, 0)
    finally:
        first.release.set()
        for w in workers:
            w.stop()
    assert rows(engine)[0].done_at is not None


def test_a_dead_workers_item_is_handed_out_again_within_a_lease_marked_resumed(engine: Engine) -> None:
    now = SystemClock().now()
    add(engine, now, "quick", 1)
    # a worker that took the item with a 1 s lease and died: the lease is never renewed
    within(engine, lambda s: outbox.claim(s, now, 1, timedelta(seconds=1)))
    recorder = Recorder()
    live = worker(engine, recorder, lease=1.0)
    live.start()
    try:
        started = time.monotonic()
        while not recorder.seen and time.monotonic() - started < 5:
            time.sleep(0.05)
    finally:
        live.stop()
    assert [item.resumed for item in recorder.seen] == [True]
