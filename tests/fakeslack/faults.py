"""Injected faults: rate limits, 5xx, Slack errors, slowness, lost responses.

Each fault is queued per Web API method (or ``"*"``) and consumed by one call,
so a test can script "fail twice, then succeed" precisely.
"""

from __future__ import annotations

import collections
import math
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

ANY_METHOD = "*"
_STATUS_ERRORS = {
    429: "ratelimited",
    500: "fatal_error",
    502: "service_unavailable",
    503: "service_unavailable",
    504: "service_unavailable",
}


@dataclass(frozen=True)
class Fault:
    """One scripted misbehaviour for one call."""

    error: str | None = None
    status: int | None = None
    retry_after: float | None = None
    after_effect: bool = False
    delay: float | None = None
    match: tuple[tuple[str, Any], ...] = ()
    hold: threading.Event | None = None  # the call waits here, before Slack acts on it, until set

    def applies_to(self, params: Mapping[str, Any]) -> bool:
        """Whether this call's parameters have every value the fault was scripted for."""
        return all(params.get(name) == value for name, value in self.match)

    @property
    def fails(self) -> bool:
        """False for a pure ``delay`` fault, which still answers normally."""
        return self.error is not None or self.status is not None

    def response(self) -> tuple[int, dict[str, Any], dict[str, str]]:
        """(HTTP status, JSON body, extra headers) to send instead of the real answer."""
        status = self.status or 200
        error = self.error or _STATUS_ERRORS.get(status, "fatal_error")
        headers: dict[str, str] = {}
        if status == 429:
            headers["Retry-After"] = _format_seconds(self.retry_after)
        return status, {"ok": False, "error": error}, headers


def _format_seconds(seconds: float | None) -> str:
    """Whole seconds, rounded up: slack_sdk's retry handler does ``int(header)``."""
    return "1" if seconds is None else str(math.ceil(seconds))


class FaultBook:
    """FIFO queues of faults per method; not locked itself (the fake's lock guards it)."""

    def __init__(self) -> None:
        self._queues: dict[str, collections.deque[Fault]] = collections.defaultdict(collections.deque)

    def add(self, method: str, fault: Fault, times: int) -> None:
        """Queue ``fault`` for the next ``times`` calls of ``method``."""
        self._queues[method].extend([fault] * times)

    def take(self, method: str, params: Mapping[str, Any]) -> Fault | None:
        """Pop the first fault that applies to this call: method-specific queue first, then ``"*"``."""
        for key in (method, ANY_METHOD):
            queue = self._queues.get(key, collections.deque())
            for fault in queue:
                if fault.applies_to(params):
                    queue.remove(fault)
                    return fault
        return None

    def clear(self) -> None:
        """Drop every pending fault."""
        self._queues.clear()
