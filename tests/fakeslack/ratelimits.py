"""Slack's published rate-limit tiers, enforced with token buckets: per method per workspace for
tiered methods, and about one `chat.postMessage` per second per channel with short bursts.
An over-limit call gets HTTP 429 with `Retry-After`, as Slack answers.

Tiers (api.slack.com/docs/rate-limits): Tier 1 1+/min, Tier 2 20+/min, Tier 3 50+/min,
Tier 4 100+/min; the burst a bucket allows is a third of a minute's quota."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

PER_MINUTE = {1: 1, 2: 20, 3: 50, 4: 100}
TIERS = {
    "conversations.create": 2,
    "conversations.setTopic": 2,
    "conversations.setPurpose": 2,
    "conversations.archive": 2,
    "conversations.rename": 2,
    "pins.add": 2,
    "bookmarks.add": 2,
    "users.list": 2,
    "usergroups.users.list": 2,
    "usergroups.users.update": 2,
    "conversations.members": 4,
    "conversations.history": 3,
    "users.info": 4,
    "chat.postEphemeral": 4,
    "chat.getPermalink": 4,
    "views.open": 4,
    "views.update": 4,
    "views.publish": 4,
    "auth.test": 4,
}
DEFAULT_TIER = 3
POSTS_PER_SECOND, POST_BURST = 1.0, 3.0


@dataclass
class Bucket:
    """`capacity` calls at once, refilled at `rate` per second."""

    capacity: float
    rate: float
    tokens: float
    at: float

    def take(self, now: float) -> float:
        """Spend one token: 0 when allowed, else the seconds until one is free."""
        self.tokens = min(self.capacity, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


class RateLimits:
    """Buckets keyed by method, or by channel for `chat.postMessage`; not locked (the fake's lock is)."""

    def __init__(self) -> None:
        self._buckets: dict[str, Bucket] = {}

    def wait(self, method: str, params: Mapping[str, Any], now: float) -> int:
        """Whole seconds to put in Retry-After, or 0 when the call is within its limit."""
        key, capacity, rate = self._limit(method, params)
        bucket = self._buckets.setdefault(key, Bucket(capacity, rate, capacity, now))
        return math.ceil(bucket.take(now))

    @staticmethod
    def _limit(method: str, params: Mapping[str, Any]) -> tuple[str, float, float]:
        if method == "chat.postMessage":
            return f"{method}:{params.get('channel')}", POST_BURST, POSTS_PER_SECOND
        per_minute = PER_MINUTE[TIERS.get(method, DEFAULT_TIER)]
        return method, max(1.0, per_minute / 3), per_minute / 60
