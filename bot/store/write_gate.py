"""One writer at a time, in order, for a SQLite file. SQLite admits one writing transaction at a
time and makes the others poll, sleeping up to 100 ms between tries, so under a burst a writer can
lose the race for seconds while others slip in. One bot writes a SQLite file, so a gate queues its
writers instead, and lets the ack path's writes (the inbox row a person is waiting on) go before
the work that follows acks. A bot of two processes (bot/processes.py) shares one gate, made before
the fork: without it the front's acks polled behind the worker's writes, p99 over a second."""

from __future__ import annotations

import multiprocessing
import threading
import time
from multiprocessing.context import BaseContext


class WriteGate:
    def __init__(self, patience: float, context: BaseContext | None = None) -> None:
        """`patience`: the longest wait at the gate (SQLite's busy timeout); past it a writer goes on
        and SQLite's own lock decides, so a writer that never leaves cannot stall the rest for good.
        `context`: a multiprocessing context, for a gate processes forked from this one share."""
        self.patience = patience
        self._turn = context.Condition() if context else threading.Condition()
        self._held = (context or multiprocessing).RawValue("b", 0)
        self._urgent = (context or multiprocessing).RawValue("i", 0)

    def enter(self, *, urgent: bool = False) -> bool:
        """Wait for the gate; False when patience ran out (the caller must not `leave`)."""
        deadline = time.monotonic() + self.patience
        with self._turn:
            self._urgent.value += urgent
            try:
                while self._held.value or (self._urgent.value and not urgent):
                    if not self._turn.wait(max(0.0, deadline - time.monotonic())):
                        return False
                self._held.value = 1
                return True
            finally:
                self._urgent.value -= urgent

    @property
    def urgent_waiting(self) -> int:
        """How many urgent writers wait at the gate now."""
        with self._turn:
            return int(self._urgent.value)

    def leave(self) -> None:
        with self._turn:
            self._held.value = 0
            self._turn.notify_all()
