"""E-mail addresses as Slack user IDs (`users.lookupByEmail`), cached: a feed names the same few people
at every page and handoff. Only answers are kept; an address Slack does not know is asked again next time."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from slack_sdk import WebClient

EMAIL_TTL_SECONDS = 3600.0  # someone who changes their address is found again within the hour


class EmailDirectory:
    def __init__(self, ttl: float = EMAIL_TTL_SECONDS, now: Callable[[], float] = time.monotonic) -> None:
        self.ttl, self.now = ttl, now
        self._lock = threading.Lock()
        self._seen: dict[str, tuple[float, str]] = {}

    def user_id(self, client: WebClient, email: str) -> str:
        """The user's ID; `users_not_found` and other failures raise as the client raises them."""
        key = email.lower()
        with self._lock:
            fetched_at, user = self._seen.get(key, (float("-inf"), ""))
        if self.now() - fetched_at < self.ttl:
            return user
        user = client.users_lookupByEmail(email=email)["user"]["id"]
        with self._lock:
            self._seen[key] = (self.now(), user)
        return user
