"""Declare → pinned card: watches each declare's reply for its channel, then that channel's pins."""

from __future__ import annotations

import json
import re
import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ack.load import Command
    from ack.remote import FakeHost

PER_PENDING = 0.0002  # seconds added to a polling pass per declare still pending
CHANNEL_MENTION = re.compile(r"<#([CG][A-Z0-9]+)")


@dataclass
class _Pending:
    command: Command
    channel: str | None = None


@dataclass
class PinWatcher:
    """Polls (in a background thread) each declare's response_url for the reply naming its channel,
    then that channel's pins; records send → first pin seen. A pass waits `interval` (5 ms) plus
    0.2 ms per declare still pending (40 ms with 200): the watcher shares the fake Slack's
    interpreter, and polling 200 channels every 5 ms slowed the fake, and so the bot, it measured."""

    fake: FakeHost
    interval: float = 0.005
    pinned: dict[str, float] = field(default_factory=dict)  # response_url → seconds from send
    channels: dict[str, str] = field(default_factory=dict)  # response_url → channel
    _pending: dict[str, _Pending] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def start(self) -> PinWatcher:
        self._thread = threading.Thread(target=self._run, name="pin-watcher", daemon=True)
        self._thread.start()
        return self

    def watch(self, command: Command) -> None:
        with self._lock:
            self._pending[command.response_url] = _Pending(command)

    def wait(self, total: int, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while len(self.pinned) < total and time.monotonic() < deadline:
            time.sleep(0.05)
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            with self._lock:
                pending = list(self._pending.items())
            for url, item in pending:
                self._check(url, item)
            self._stop.wait(self.interval + PER_PENDING * len(pending))

    def _check(self, url: str, item: _Pending) -> None:
        if item.channel is None:
            item.channel = reply_channel(self.fake, url)
            if item.channel is None:
                return
            self.channels[url] = item.channel
        if self.fake.pins(item.channel):
            self.pinned[url] = time.monotonic() - item.command.sent_at
            with self._lock:
                del self._pending[url]


def reply_channel(fake: FakeHost, response_url: str) -> str | None:
    for payload in fake.responses(response_url):
        if match := CHANNEL_MENTION.search(json.dumps(payload, ensure_ascii=False)):
            return match.group(1)
    return None
