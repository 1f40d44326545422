"""Pacing `chat.postMessage` as Slack does: about one message per second per channel, with short
bursts allowed (api.slack.com/docs/rate-limits: "1 per second, short bursts >1 allowed"). Past it
Slack answers 429 or drops messages.

A token bucket per channel decides. A post whose channel has no token is not sent and not waited
for: the client raises the same error a 429 would (status 429, `Retry-After`: the seconds until a
token is free, error `paced`), so the outbox puts the item back with that not-before time and the
delivery thread takes other ready work. Only posts are paced; reads and calls that post nothing
go straight through.

One process (SQLite) keeps its buckets in memory. Several replicas (PostgreSQL) share them in the
`pace` table (bot/store/pace.py), so the pace holds across all of them."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.web import SlackResponse
from sqlalchemy import Engine
from sqlmodel import Session

from bot.jobs.delivery import PACED
from bot.store.pace import Bucket, take_shared

# Posts one channel may take at once before the one-per-interval pace applies: one fewer than the
# burst Slack allows (3), so posts that leave in the pace's order but reach Slack with uneven
# delays (threads, replicas, the network) still fit Slack's bucket. At the same burst a later post
# overtaking an earlier one by a few milliseconds was a 429.
BURST = 2


class Pacer(Protocol):
    def take(self, channel: str) -> float:
        """Take a post's token for `channel`: 0.0 when it may go now, else the seconds to wait."""
        ...


class LocalPacer:
    """The buckets of one process, shared by its delivery threads."""

    def __init__(self, interval: float, burst: float = BURST, now: Callable[[], float] = time.monotonic) -> None:
        self.rate, self.capacity, self.now = 1 / interval, burst, now
        self._buckets: dict[str, Bucket] = {}
        self._lock = threading.Lock()

    def take(self, channel: str) -> float:
        with self._lock:
            now = self.now()
            bucket = self._buckets.setdefault(channel, Bucket(self.capacity, self.rate, self.capacity, now))
            return bucket.take(now)


class SharedPacer:
    """The buckets every replica shares, one `pace` row per channel under its row lock."""

    def __init__(self, engine: Engine, interval: float, burst: float = BURST, now: Callable[[], float] = time.time):
        self.engine, self.rate, self.capacity, self.now = engine, 1 / interval, burst, now

    def take(self, channel: str) -> float:
        with Session(self.engine) as session, session.begin():
            return take_shared(session, channel, self.now(), self.capacity, self.rate)


def pacer_for(engine: Engine, interval: float) -> Pacer:
    """Shared buckets where replicas can share a database (PostgreSQL), else in-memory ones."""
    if engine.dialect.name == "postgresql":
        return SharedPacer(engine, interval)
    return LocalPacer(interval)


class PacedWebClient(WebClient):
    """A WebClient whose `chat_postMessage` is refused, like a 429 from Slack, while the
    channel's bucket is empty; it never sleeps."""

    def __init__(self, *args: Any, pacer: Pacer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pacer = pacer

    def chat_postMessage(self, *, channel: str, **kwargs: Any) -> SlackResponse:
        if wait := self.pacer.take(channel):
            raise SlackApiError(f"{channel} is paced for {wait:.2f}s", self._paced(wait))
        return super().chat_postMessage(channel=channel, **kwargs)

    def _paced(self, wait: float) -> SlackResponse:
        """The answer Slack would give to a post over its limit, made here without sending it."""
        return SlackResponse(
            client=self,
            http_verb="POST",
            api_url=f"{self.base_url}chat.postMessage",
            req_args={},
            data={"ok": False, "error": PACED},
            headers={"Retry-After": f"{wait:.3f}"},
            status_code=429,
        )
