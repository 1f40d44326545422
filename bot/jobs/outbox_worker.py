"""Delivers outbox items: leases due items, runs their handlers on a small thread pool, renews
the leases while they run, and records success, a retry with backoff (honouring Retry-After) or
a failure for good."""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from bot import metrics
from bot.core.clock import Clock
from bot.jobs.delivery import PACED, WAITING, Delivery, FailureHandler, GiveUp, Handler, Retry
from bot.jobs.outage import Outage
from bot.jobs.owner import Owner
from bot.store import outbox
from bot.store.models import OutboxItem

__all__ = ["WAITING", "Delivery", "GiveUp", "Handler", "OutboxWorker", "Retry"]  # handlers import these from here
log = logging.getLogger(__name__)
MAX_BACKOFF = 60.0  # capped so that the end of a long Slack outage is noticed within a minute
CHAIN = 16  # items of one incident a thread delivers in a row before it goes back to the queue
PATIENCE = timedelta(hours=24)  # how long a transient failure (Slack down, slow, not reached yet) is retried


class OutboxWorker:
    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        handlers: Mapping[str, Handler],
        on_failure: FailureHandler,
        *,
        threads: int = 4,
        backoff: float = 2.0,
        max_attempts: int = 8,
        poll_seconds: float = 1.0,
        lease: float = outbox.LEASE.total_seconds(),
        patience: timedelta = PATIENCE,
        outage: Outage | None = None,
        owner: Owner | None = None,
        unordered: frozenset[str] = frozenset(),
    ) -> None:
        self.engine, self.clock, self.handlers, self.on_failure = engine, clock, handlers, on_failure
        self.patience = patience
        self.outage = outage or Outage(clock)
        self.backoff, self.max_attempts, self.poll_seconds = backoff, max_attempts, poll_seconds
        self.threads = threads
        self.lease = timedelta(seconds=lease)
        self.owner = owner or Owner.me()
        self.unordered = unordered  # kinds delivered out of their incident's order (reads: outbox.claim)
        self.pool = ThreadPoolExecutor(threads, thread_name_prefix="outbox")
        self._inflight: set[int] = set()
        self._renewed = time.monotonic()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="outbox-worker", daemon=True)

    def start(self) -> None:
        self.take_back()
        self._thread.start()

    def take_back(self) -> None:
        """Release the leases a dead predecessor of this process held (same host; bot/jobs/owner.py),
        so its interrupted work resumes now instead of when those leases run out."""
        with Session(self.engine) as session, session.begin():
            dead = [h for h in outbox.lease_holders(session, self.clock.now()) if self.owner.outlived(h)]
            if released := outbox.release(session, dead):
                log.info("took back %d outbox item(s) from %s", released, ", ".join(dead))

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)
        self.pool.shutdown(wait=True)

    def wake(self) -> None:
        self._wake.set()

    def _loop(self) -> None:
        """Keep every delivery thread busy: claim as many items as there are free threads, and
        claim again as soon as one finishes (which may free the next item of its incident)."""
        while not self._stop.is_set():
            self._wake.clear()
            try:
                self.heartbeat()
                claimed = self.dispatch()
            except Exception:
                log.exception("outbox worker pass failed")
                claimed = 0
            if not claimed:
                self._wake.wait(min(self.poll_seconds, self.lease.total_seconds() / 3))

    def heartbeat(self) -> None:
        """Renew the leases of the items being delivered, a third of a lease before they run out."""
        if time.monotonic() - self._renewed < self.lease.total_seconds() / 3:
            return
        self._renewed = time.monotonic()
        with self._lock:
            running = sorted(self._inflight)
        if running:
            with Session(self.engine) as session, session.begin():
                outbox.renew(session, running, self.clock.now() + self.lease)

    def dispatch(self) -> int:
        """Lease due items for the free threads and start them; returns how many."""
        with self._lock:
            free = self.threads - len(self._inflight)
        if free <= 0:
            return 0
        with Session(self.engine) as session, session.begin():
            items = [
                self._delivery(i)
                for i in outbox.claim(session, self.clock.now(), free, self.lease, self.owner.token, self.unordered)
            ]
        with self._lock:
            self._inflight.update(item.id for item in items)
        for item in items:
            self.pool.submit(self._run, item)
        return len(items)

    def _delivery(self, item: OutboxItem) -> Delivery:
        assert item.id is not None
        return Delivery(
            item.id,
            item.kind,
            item.incident_id,
            outbox.payload_of(item),
            item.attempts,
            created_at=item.created_at,
            resumed=outbox.maybe_sent(item),
            progress=outbox.progress_of(item),
            recorder=self._record,
        )

    def _record(self, item_id: int, progress: dict[str, Any]) -> None:
        with Session(self.engine) as session, session.begin():
            outbox.save_progress(session, item_id, progress)

    def _run(self, item: Delivery | None) -> None:
        """Deliver the item, then its incident's next one while they follow each other without a
        wait: no hand-off to the claiming loop between two steps of a declare, which is most of a
        single declare's time to its pinned card. After CHAIN in a row the next one queues behind
        the other incidents' work."""
        for _ in range(CHAIN):
            if item is None:
                return
            following = None
            try:
                following = self._deliver(item)
            finally:
                self._handed_on(item, following)
            item = following
        if item is not None:
            self.pool.submit(self._run, item)

    def _handed_on(self, done: Delivery, following: Delivery | None) -> None:
        with self._lock:
            self._inflight.discard(done.id)
            if following is not None:
                self._inflight.add(following.id)
        self._wake.set()

    def _deliver(self, item: Delivery) -> Delivery | None:
        """Run the item's handler and record the outcome; returns its incident's next item, claimed
        in the same transaction, when this one was delivered and the next is due."""
        try:
            self.handlers[item.kind](item)
        except Retry as retry:
            self._retried(item, retry)
        except GiveUp as error:
            metrics.FAILURES.labels(item.kind, error.code or "gave_up", "gave_up").inc()
            self._fail(item, str(error))
        except Exception as error:
            log.exception("outbox item %s (%s) raised", item.id, item.kind)
            metrics.FAILURES.labels(item.kind, type(error).__name__, "retry").inc()
            self._retry(item, f"{type(error).__name__}: {error}", None, patient=False)
        else:
            return self._delivered(item)
        return None

    def _delivered(self, item: Delivery) -> Delivery | None:
        metrics.DELIVERIES.labels(item.kind).inc()
        with Session(self.engine) as session, session.begin():
            outbox.complete(session, item.id, self.clock.now())
            self.outage.ended(session)
            if item.incident_id is None or item.kind in self.unordered or self._stop.is_set():
                return None
            now = self.clock.now()
            following = outbox.claim(session, now, 1, self.lease, self.owner.token, self.unordered, item.incident_id)
            return self._delivery(following[0]) if following else None

    def _retried(self, item: Delivery, retry: Retry) -> None:
        if retry.code == PACED:
            metrics.PACED.labels(item.kind).inc()
        elif not retry.counts and retry.code != WAITING:
            metrics.RATE_LIMIT_WAITS.labels(item.kind).observe(retry.after or 0.0)
        elif retry.code != WAITING:
            self.outage.failing()
        if retry.code != PACED:
            metrics.FAILURES.labels(item.kind, retry.code, "retry").inc()
        self._retry(item, str(retry), retry.after, counts=retry.counts, refused=retry.unsent)

    def _retry(
        self,
        item: Delivery,
        reason: str,
        after: float | None,
        *,
        counts: bool = True,
        patient: bool = True,
        refused: bool = False,
    ) -> None:
        if counts and self._exhausted(item, patient):
            self._fail(item, reason)
            return
        delay = self._delay(item, after, counts)
        log.log(
            logging.DEBUG if refused else logging.INFO,
            "outbox item %s (%s) retry in %.2fs: %s",
            item.id,
            item.kind,
            delay,
            reason,
        )
        at = self.clock.now() + timedelta(seconds=delay)
        with Session(self.engine) as session, session.begin():
            outbox.retry_later(session, item.id, at, reason, counts=counts, refused=refused)
        timer = threading.Timer(delay, self.wake)
        timer.daemon = True
        timer.start()

    def _delay(self, item: Delivery, after: float | None, counts: bool) -> float:
        """A wait that is not a failure (a rate limit, the pace) is exactly as long as asked;
        a failure backs off exponentially, and never retries sooner than asked."""
        if not counts and after is not None:
            return after
        delay = min(MAX_BACKOFF, self.backoff * 2 ** min(item.attempts, 16) * random.uniform(0.8, 1.2))
        return max(after or 0.0, delay)

    def _exhausted(self, item: Delivery, patient: bool) -> bool:
        """Out of attempts, and (for a transient failure) out of patience too."""
        if item.attempts + 1 < self.max_attempts:
            return False
        return not patient or item.created_at is None or self.clock.now() - _aware(item.created_at) >= self.patience

    def _fail(self, item: Delivery, reason: str) -> None:
        log.warning("outbox item %s (%s) failed for good: %s", item.id, item.kind, reason)
        with Session(self.engine) as session, session.begin():
            outbox.fail(session, item.id, self.clock.now(), reason)
        try:
            self.on_failure(item, reason)
        except Exception:
            log.exception("could not report the failure of outbox item %s", item.id)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite hands back naive UTC
