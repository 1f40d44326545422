"""Pacing `chat.postMessage` at about one message per second per channel, as Slack asks (its
limit is per channel, with short bursts tolerated; past it messages get 429s or are dropped).

The pacer hands out send slots per channel across every delivery thread of this process; a
thread whose slot is in the future sleeps until it. With several replicas each paces its own
sends, so the rate per channel is one per second per replica."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from slack_sdk import WebClient
from slack_sdk.web import SlackResponse

INTERVAL = 1.0  # seconds between two messages to one channel


class Pacer:
    def __init__(
        self,
        interval: float = INTERVAL,
        now: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval, self.now, self.sleep = interval, now, sleep
        self._next: dict[str, float] = {}
        self._lock = threading.Lock()

    def wait(self, channel: str) -> None:
        """Return when a message may go to `channel`, taking the slot."""
        self.sleep(self._reserve(channel))

    def _reserve(self, channel: str) -> float:
        """Take the channel's next free slot; returns how long until it."""
        with self._lock:
            now = self.now()
            slot = max(now, self._next.get(channel, now))
            self._next[channel] = slot + self.interval
            return slot - now


class PacedWebClient(WebClient):
    """A WebClient whose `chat_postMessage` waits for the channel's slot."""

    def __init__(self, *args: Any, pacer: Pacer, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pacer = pacer

    def chat_postMessage(self, *, channel: str, **kwargs: Any) -> SlackResponse:
        self.pacer.wait(channel)
        return super().chat_postMessage(channel=channel, **kwargs)
