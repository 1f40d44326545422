"""Acknowledged Slack requests survive a crash. Each request the bot will act on is written here
before its ack (`receive`, one short transaction) and removed once handled, before its answer
(`settle`). A process that dies in between leaves the row; the restarted process (on SQLite at
once; on PostgreSQL any replica, within one lease) replays it, and the dedupe key the row shares
with the change it caused keeps the replay from applying anything twice, or answering twice.

On SQLite the rows live in a file of their own (bot/store/inbox_file.py), so not in the change's
transaction: the row outlives the change by a moment, which only that dedupe key makes safe.

Leases and ages are wall-clock time, not the core's clock: they say whether a process is alive
and whether Slack's response_url still works, whatever time a test has moved the core to."""

from __future__ import annotations

import json
import logging
import threading
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from bot.core.clock import Clock, SystemClock
from bot.store import inbox
from bot.store.door import Door
from bot.store.models import InboxItem

log = logging.getLogger(__name__)
LEASE = timedelta(seconds=10)
SWEEP_SECONDS = 2.0  # heartbeat and sweep period: well inside the lease
MAX_AGE = timedelta(minutes=30)  # Slack's response_url lifetime: older requests are dropped, not applied
Replay = Callable[[dict[str, Any]], bool]  # runs a request again; False: nothing took it


class Inbox:
    def __init__(
        self, engine: Engine, door: Engine, clock: Clock | None = None, lease: timedelta = LEASE, owner: str = ""
    ) -> None:
        """`door`: an autocommit engine (bot.store.engine.make_door_engine) for the ack path.
        `owner`: shared by the two processes of one bot (bot/processes.py): the front keeps the rows
        and the worker renews their leases."""
        self.engine, self.clock, self.lease = engine, clock or SystemClock(), lease
        self.door = Door(door, inbox.receive_all, inbox.settle_all)  # concurrent acks' rows, committed together
        self.owner = owner or uuid.uuid4().hex  # this bot, for as long as it renews its leases
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def receive(self, key: str, kind: str, body: dict[str, Any]) -> None:
        """Keep a request before it is acknowledged: returns once its row is committed."""
        now = self.clock.now()
        row = {"key": key, "kind": kind, "body": json.dumps(body), "received_at": now, "owner": self.owner}
        self.door.keep(row | {"leased_until": now + self.lease})

    def settle(self, key: str) -> None:
        """The request is handled: its row goes in the door's next batch, with the acks' rows, so
        one thread writes the inbox and an ack never waits for a settle's transaction."""
        self.door.forget(key)

    def start(self, replay: Replay) -> None:
        """Replay what a crashed process left, then keep this process's leases and sweep for
        rows a crashed replica leaves behind."""
        self._thread = threading.Thread(target=self._loop, args=(replay,), name="inbox", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _loop(self, replay: Replay) -> None:
        everyone = self.engine.dialect.name == "sqlite"  # one process per SQLite file: all rows are orphans
        while not self._stop.is_set():
            try:
                self.sweep(replay, everyone=everyone)
                everyone = False
            except SQLAlchemyError as error:
                log.warning("inbox sweep failed, trying again: %s", error)
            except Exception:
                log.exception("inbox replay failed; trying again")  # the thread must outlive one bad row
            self._stop.wait(SWEEP_SECONDS)

    def sweep(self, replay: Replay, *, everyone: bool = False) -> int:
        """Renew this process's leases, then replay the rows nobody alive holds; returns how many."""
        with Session(self.engine, expire_on_commit=False) as session, session.begin():
            now = self.clock.now()
            inbox.renew(session, self.owner, now + self.lease)
            rows = inbox.claim(session, now, self.owner, now + self.lease, now - MAX_AGE, everyone=everyone)
        for row in rows:
            self._replay_one(row, replay)
        return len(rows)

    def _replay_one(self, row: InboxItem, replay: Replay) -> None:
        age = self.clock.now() - row.received_at
        if age > MAX_AGE:
            log.warning("dropped a %s request acknowledged %s ago, too old to apply: %s", row.kind, age, row.key)
            return self.settle(row.key)
        log.info("replaying a %s request acknowledged %.1f s ago: %s", row.kind, age.total_seconds(), row.key)
        if not replay(json.loads(row.body)):
            self.settle(row.key)  # no listener takes it: nothing will ever settle it
