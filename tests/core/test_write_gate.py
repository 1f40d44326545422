"""The SQLite write gate: writers go one at a time, an urgent one (the ack path) before the
others waiting, and nobody waits past the gate's patience."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from bot.store.write_gate import WriteGate


def until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.005)


def test_an_urgent_writer_goes_before_the_writers_already_waiting() -> None:
    gate, order = WriteGate(patience=10), []
    assert gate.enter()

    def write(name: str, urgent: bool) -> None:
        assert gate.enter(urgent=urgent)
        order.append(name)
        gate.leave()

    waiting = threading.Thread(target=write, args=("background", False))
    waiting.start()
    urgent = threading.Thread(target=write, args=("ack", True))
    urgent.start()
    until(lambda: gate.urgent_waiting == 1)
    gate.leave()
    for thread in (waiting, urgent):
        thread.join(timeout=5)

    assert order == ["ack", "background"]


def test_past_its_patience_a_writer_goes_on_without_the_gate() -> None:
    gate = WriteGate(patience=0.05)
    assert gate.enter()
    assert gate.enter() is False  # SQLite's own lock decides from here
    gate.leave()
    assert gate.enter(urgent=True)
