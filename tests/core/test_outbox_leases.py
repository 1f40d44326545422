"""Leases and hand-outs: a running delivery keeps its item, a dead worker's item comes back
within a lease marked as resumed, and what a delivery learnt survives to the next hand-out."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import timedelta

from sqlalchemy import Engine

from bot.core.clock import ManualClock, SystemClock
from bot.jobs.outbox_worker import CHAIN, Delivery, OutboxWorker
from bot.store import outbox
from tests.core.outbox_queue import add, claim, kinds, rows, within


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


def test_an_unordered_kind_neither_waits_for_nor_holds_back_its_incident(engine: Engine, clock: ManualClock) -> None:
    now = clock.now()
    add(engine, now, "post_event", 1)
    add(engine, now, "record_pin", 1)
    add(engine, now, "post_event", 2)
    within(engine, lambda s: outbox.claim(s, now, 1))  # the incident's head is out (a paced post, say)

    claimed = within(engine, lambda s: [i.kind for i in outbox.claim(s, now, 10, unordered={"record_pin"})])
    assert claimed == ["record_pin", "post_event"]


def test_a_long_run_of_one_incidents_items_is_delivered_whole_and_in_order(engine: Engine) -> None:
    """A thread continues with its incident's next item (up to CHAIN in a row, then it queues):
    every item still goes out, once, oldest first."""
    now = SystemClock().now()
    for _ in range(CHAIN * 2 + 3):
        add(engine, now, "quick", 1)
    recorder = Recorder()
    live = worker(engine, recorder, lease=10.0)
    live.start()
    try:
        wait_until(lambda: all(row.done_at for row in rows(engine)))
    finally:
        live.stop()
    assert [item.id for item in recorder.seen] == [row.id for row in rows(engine)]


def wait_until(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "not done in time"
        time.sleep(0.05)
