"""Declare → pinned card: watches each declare's reply for its channel, then that channel's pins."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ack.load import Command
    from ack.remote import FakeHost

PER_PENDING = 0.0002  # seconds added to a polling pass per declare still pending


@dataclass
class _Pending:
    command: Command
    channel: str | None = None


@dataclass
class PinWatcher:
    """Polls (in a background thread) each declare's response_url for the reply naming its channel,
    then that channel's pins; records send → first pin seen. A pass is one call to the fake
    (FakeHost.pin_progress) and waits `interval` (5 ms) plus 0.2 ms per declare still pending (40 ms
    with 200): polling 200 channels every 5 ms slowed the fake, and so the bot, it measured."""

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
            if pending:
                found = self.fake.pin_progress([(url, item.channel) for url, item in pending])
                for (url, item), (channel, pinned) in zip(pending, found, strict=True):
                    self._record(url, item, channel, pinned)
            self._stop.wait(self.interval + PER_PENDING * len(pending))

    def _record(self, url: str, item: _Pending, channel: str | None, pinned: bool) -> None:
        if channel is not None and item.channel is None:
            item.channel = self.channels[url] = channel
        if pinned:
            self.pinned[url] = time.monotonic() - item.command.sent_at
            with self._lock:
                del self._pending[url]
