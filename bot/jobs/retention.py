"""Purges rows that no longer serve anyone, so the tables stop growing with history:

- delivered outbox items after a day (nothing reads them: a retry looks in Slack, not in old
  rows; the day is for an operator asking "did it go out?"), failed ones after 30 days;
- remembered request keys (event ids, view ids, trigger ids) after a day. Slack resends an event
  at most three times, within minutes, and a signed request is accepted for five minutes, so a
  day-old key can no longer meet its twin. Keys made with `dedupe.kept` stay: they stand for
  something done once per person and incident (a catch-up on joining), not for a request;
- announcement windows after a day (each gathers the declares of one minute);
- a channel's pace bucket once it has been idle an hour: it refilled within seconds, and a channel
  with no row starts with a full bucket, so the row says nothing a new one would not.

Every replica may sweep; the deletes are idempotent and go in small batches."""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, select
from sqlmodel import Session

from bot.core import dedupe
from bot.core.clock import Clock
from bot.store import outbox
from bot.store.models import Announcement, PaceBucket, ProcessedRequest

log = logging.getLogger(__name__)
DELIVERED_KEPT = timedelta(days=1)
FAILED_KEPT = timedelta(days=30)
REQUEST_KEYS_KEPT = timedelta(days=1)
ANNOUNCEMENTS_KEPT = timedelta(days=1)
PACE_IDLE_KEPT = timedelta(hours=1)
BATCH = 1000


def purge_request_keys(session: Session, before: datetime, batch: int = BATCH) -> int:
    stale = (ProcessedRequest.at < before) & ~ProcessedRequest.key.startswith(dedupe.KEPT)
    keys = list(session.scalars(select(ProcessedRequest.key).where(stale).limit(batch)))
    if keys:
        session.execute(delete(ProcessedRequest).where(ProcessedRequest.key.in_(keys)))
    return len(keys)


def purge_announcements(session: Session, before: datetime, batch: int = BATCH) -> int:
    ids = list(session.scalars(select(Announcement.id).where(Announcement.opened_at < before).limit(batch)))
    if ids:
        session.execute(delete(Announcement).where(Announcement.id.in_(ids)))
    return len(ids)


def purge_idle_paces(session: Session, before: datetime, batch: int = BATCH) -> int:
    idle = select(PaceBucket.channel).where(PaceBucket.at < before.timestamp()).limit(batch)
    channels = list(session.scalars(idle))
    if channels:
        session.execute(delete(PaceBucket).where(PaceBucket.channel.in_(channels)))
    return len(channels)


class Retention:
    def __init__(self, engine: Engine, clock: Clock, every: float = 600.0) -> None:
        self.engine, self.clock, self.every = engine, clock, every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="retention", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=10)

    def _loop(self) -> None:
        while not self._stop.is_set():
            try:
                self.sweep()
            except Exception:
                log.exception("retention sweep failed")
            self._stop.wait(self.every)

    def sweep(self) -> int:
        """Purge everything past its retention; returns how many rows went."""
        now = self.clock.now()
        total = 0
        while count := self._batch(now):
            total += count
        if total:
            log.info("purged %s rows past their retention", total)
        return total

    def _batch(self, now: datetime) -> int:
        with Session(self.engine) as session, session.begin():
            items = outbox.purge(session, now - DELIVERED_KEPT, now - FAILED_KEPT, BATCH)
            keys = purge_request_keys(session, now - REQUEST_KEYS_KEPT)
            windows = purge_announcements(session, now - ANNOUNCEMENTS_KEPT)
            return items + keys + windows + purge_idle_paces(session, now - PACE_IDLE_KEPT)
