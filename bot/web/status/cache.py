"""Rendered answers kept for a few seconds, so a crowd of readers costs one database read per
answer per few seconds, not one each. Entries expire rather than being invalidated, so every
replica shows a change within the same few seconds without hearing about it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from threading import Lock


class Cache:
    def __init__(self, ttl: timedelta) -> None:
        self.ttl = ttl
        self._lock = Lock()
        self._entries: dict[str, tuple[datetime, bytes]] = {}

    def get(self, key: str, now: datetime, make: Callable[[], bytes]) -> bytes:
        """The entry while it is fresh, else `make()`'s. Readers arriving during a `make()` wait for
        it instead of each reading the database themselves."""
        with self._lock:
            found = self._entries.get(key)
            if found is None or found[0] <= now:
                found = self._entries[key] = (now + self.ttl, make())
            return found[1]
