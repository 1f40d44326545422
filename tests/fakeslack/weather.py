"""Seeded random misbehaviour on every Web API call, for drills: a share of calls fail (503
before the effect, 500 after it, or a timeout after it, the client gone before the answer),
some answer after a latency spike, rate-limit tiers answer 429, and a total outage answers
every call 503. Scripted faults (`FakeSlack.inject`) still come first."""

from __future__ import annotations

import collections
import random
import threading
import time
from collections.abc import Mapping
from typing import Any

from .faults import Fault
from .ratelimits import RateLimits

FAILURES = (
    ("503 before the effect", Fault(status=503), 0.5),
    ("500 after the effect", Fault(status=500, after_effect=True), 0.3),
    ("timeout after the effect", None, 0.2),  # a pure delay longer than the client waits
)


class Weather:
    """Calm until told otherwise; `tally` counts each kind of fault it caused."""

    def __init__(self) -> None:
        self.random = random.Random(0)
        self.failure_rate = self.spike_rate = 0.0
        self.spike, self.timeout = Fault(delay=2.0), Fault(delay=11.0)
        self.limits: RateLimits | None = None
        self.outage = threading.Event()
        self.tally: collections.Counter[str] = collections.Counter()

    def storm(self, seed: int, failure_rate: float, spike_rate: float, *, rate_limits: bool = True) -> None:
        """From now on: `failure_rate` of calls fail, `spike_rate` answer 2 s late, tiers are
        enforced. A timeout holds the answer 11 s, past the bot's 10 s client timeout."""
        self.random = random.Random(seed)
        self.failure_rate, self.spike_rate = failure_rate, spike_rate
        self.limits = RateLimits() if rate_limits else None

    def calm(self) -> None:
        """No more faults of any kind (the tally stays)."""
        self.failure_rate = self.spike_rate = 0.0
        self.limits = None
        self.outage.clear()

    def draw(self, method: str, params: Mapping[str, Any]) -> Fault | None:
        """The fault for this call, if any (called under the fake's lock)."""
        if self.outage.is_set():
            return self._count("outage 503", Fault(status=503))
        if self.limits and (wait := self.limits.wait(method, params, time.monotonic())):
            return self._count("429 rate limited", Fault(status=429, retry_after=wait))
        roll = self.random.random()
        if roll < self.failure_rate:
            name, fault, _ = self.random.choices(FAILURES, weights=[w for *_, w in FAILURES])[0]
            return self._count(name, fault or self.timeout)
        if roll < self.failure_rate + self.spike_rate:
            return self._count("2 s latency spike", self.spike)
        return None

    def _count(self, name: str, fault: Fault) -> Fault:
        self.tally[name] += 1
        return fault
