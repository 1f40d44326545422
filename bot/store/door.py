"""The ack path's inbox rows, committed together. A request hands its row to one writer thread and
waits; the writer inserts every row waiting in one statement, commits, and wakes their requests.
The ends of handled requests (their rows deleted) go the same way, after the batch's acks are
released, so one thread writes the inbox and an ack never waits for a delete.

Why: under a burst each ack wrote its own row, and each of the few database calls that takes
(pool checkout, statement, commit) gives up the interpreter and waits to get it back behind the
threads doing the work after acks. Most acks spent 5 to 50 ms there, for half a millisecond of
work. Now a request waits once, however many are at the door, and a burst's rows cost one commit
per batch instead of one each. The row is still committed before the ack."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine

Row = dict[str, Any]
Write = Callable[[Connection, list[Any]], None]  # a batch's rows to insert, or keys to delete
MAX_BATCH = 100  # rows in one statement (6 columns each: well inside SQLite's variable limit)
IDLE_SECONDS = 5.0  # the writer thread ends after this long without work, and starts again when needed


@dataclass
class _Ticket:
    item: Any  # a row to keep, or the key of one to forget
    forgets: bool = False
    done: threading.Event = field(default_factory=threading.Event)
    error: Exception | None = None


class Door:
    def __init__(self, engine: Engine, keep: Write, forget: Write) -> None:
        """`engine`: autocommit (bot.store.engine.make_door_engine), so each statement is its own
        transaction. `keep` inserts a batch's rows on a connection, `forget` deletes by keys."""
        self.engine, self.writes = engine, {False: keep, True: forget}
        self._waiting: list[_Ticket] = []
        self._turn = threading.Condition()
        self._writing = False

    def keep(self, row: Row) -> None:
        """Return once `row` is committed; raise what its batch's write raised."""
        self._wait(_Ticket(row))

    def forget(self, key: str) -> None:
        """Return once the row of `key`, if any, is deleted."""
        self._wait(_Ticket(key, forgets=True))

    def _wait(self, ticket: _Ticket) -> None:
        with self._turn:
            self._waiting.append(ticket)
            if not self._writing:
                self._writing = True
                threading.Thread(target=self._write_batches, name="door", daemon=True).start()
            self._turn.notify()
        ticket.done.wait()
        if ticket.error is not None:
            raise ticket.error

    def _write_batches(self) -> None:
        while batch := self._next_batch():
            self._commit(batch)

    def _next_batch(self) -> list[_Ticket]:
        """The rows waiting now (up to MAX_BATCH); empty, ending the thread, after IDLE_SECONDS without any."""
        with self._turn:
            if not self._waiting and not self._turn.wait_for(lambda: self._waiting, IDLE_SECONDS):
                self._writing = False
                return []
            batch, self._waiting = self._waiting[:MAX_BATCH], self._waiting[MAX_BATCH:]
            return batch

    def _commit(self, batch: list[_Ticket]) -> None:
        """The acks' rows first, their waiters released at once; then the deletes."""
        try:
            with self.engine.connect() as connection:
                for forgets in (False, True):
                    self._write(connection, forgets, [ticket for ticket in batch if ticket.forgets is forgets])
        except Exception as error:  # every waiter learns it; the thread must outlive one bad batch
            _release([ticket for ticket in batch if not ticket.done.is_set()], error)

    def _write(self, connection: Connection, forgets: bool, tickets: list[_Ticket]) -> None:
        if not tickets:
            return
        try:
            self.writes[forgets](connection, [ticket.item for ticket in tickets])
        except Exception as error:
            return _release(tickets, error)
        _release(tickets)


def _release(tickets: list[_Ticket], error: Exception | None = None) -> None:
    for ticket in tickets:
        ticket.error = error
        ticket.done.set()
