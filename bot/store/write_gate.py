"""One writer at a time for a SQLite file. SQLite admits one writing transaction at a time and makes
the others poll, sleeping up to 100 ms between tries, so under a burst a writer can lose the race
for seconds while others slip in. One bot writes a SQLite file, so a gate queues its writers
instead, and lets the ack path's writes (the inbox row a person is waiting on) go before the work
that follows acks.

A bot of two processes (bot/processes.py) shares one gate, made before the fork: without it the
front's acks polled behind the worker's writes, p99 over a second. Hence plain locks, which work
across processes as well as threads, and no condition variable: a multiprocessing one wakes every
waiter at each exit and waits for each to wake, which cost an ack 10-20 ms under a burst."""

from __future__ import annotations

import multiprocessing
import threading
import time
from multiprocessing.context import BaseContext

YIELD_SECONDS = 0.0005  # how often a writer that lets an urgent one go first looks again


class WriteGate:
    def __init__(self, patience: float, context: BaseContext | None = None) -> None:
        """`patience`: the longest wait at the gate (SQLite's busy timeout); past it a writer goes on
        and SQLite's own lock decides, so a writer that never leaves cannot stall the rest for good.
        `context`: a multiprocessing context, for a gate processes forked from this one share."""
        self.patience = patience
        locks = context or threading
        self._gate = locks.Lock()  # held by the writer
        self._line = locks.Lock()  # held by the next writer that is not urgent: the others queue behind it
        self._counting = locks.Lock()
        self._urgent = (context or multiprocessing).RawValue("i", 0)

    def enter(self, *, urgent: bool = False) -> bool:
        """Wait for the gate; False when patience ran out (the caller must not `leave`)."""
        deadline = time.monotonic() + self.patience
        if urgent:
            return self._enter_urgent(deadline)
        if not self._line.acquire(timeout=self.patience):
            return False
        try:
            return self._enter_after_urgent(deadline)
        finally:
            self._line.release()

    def _enter_urgent(self, deadline: float) -> bool:
        self._count(1)
        try:
            return self._gate.acquire(timeout=_left(deadline))
        finally:
            self._count(-1)

    def _enter_after_urgent(self, deadline: float) -> bool:
        """Only the writer at the head of the line gets here, so at most one is ahead of an urgent one
        at the gate; if it wins the gate while an urgent one waits, it hands the gate back."""
        while True:
            while self._urgent.value and time.monotonic() < deadline:
                time.sleep(YIELD_SECONDS)
            if not self._gate.acquire(timeout=_left(deadline)):
                return False
            if not self._urgent.value or time.monotonic() >= deadline:
                return True
            self._gate.release()

    def _count(self, change: int) -> None:
        with self._counting:
            self._urgent.value += change

    @property
    def urgent_waiting(self) -> int:
        """How many urgent writers wait at the gate now."""
        return int(self._urgent.value)

    def leave(self) -> None:
        self._gate.release()


def _left(deadline: float) -> float:
    return max(0.0, deadline - time.monotonic())
