"""One writer at a time, in order, for a SQLite file. SQLite admits one writing transaction at a
time and makes the others poll, sleeping up to 100 ms between tries, so under a burst a writer can
lose the race for seconds while others slip in. One process writes a SQLite file, so a gate in
the process queues its writers instead, and lets the ack path's writes (the inbox row a person is
waiting on) go before the work that follows acks."""

from __future__ import annotations

import threading
import time


class WriteGate:
    def __init__(self, patience: float) -> None:
        """`patience`: the longest wait at the gate (SQLite's busy timeout); past it a writer goes on
        and SQLite's own lock decides, so a writer that never leaves cannot stall the rest for good."""
        self.patience = patience
        self._turn = threading.Condition()
        self._held = False
        self._urgent = 0

    def enter(self, *, urgent: bool = False) -> bool:
        """Wait for the gate; False when patience ran out (the caller must not `leave`)."""
        deadline = time.monotonic() + self.patience
        with self._turn:
            self._urgent += urgent
            try:
                while self._held or (self._urgent and not urgent):
                    if not self._turn.wait(deadline - time.monotonic()):
                        return False
                self._held = True
                return True
            finally:
                self._urgent -= urgent

    @property
    def urgent_waiting(self) -> int:
        """How many urgent writers wait at the gate now."""
        with self._turn:
            return self._urgent

    def leave(self) -> None:
        with self._turn:
            self._held = False
            self._turn.notify_all()
