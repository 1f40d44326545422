"""A clock for whole-bot scenarios: real time (so the outbox's backoff and pacing run as they do),
shifted forward when a test jumps ahead — a day passes in a call."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class TravelClock:
    def __init__(self) -> None:
        self.offset = timedelta()

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def advance(self, **delta: float) -> datetime:
        self.offset += timedelta(**delta)
        return self.now()
