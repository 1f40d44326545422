"""The fake Slack the benchmark talks to: by default in a process of its own, as real Slack is not
inside the client. During a burst the fake answers the bot's ~1,400 Web API calls; sharing the
load generator's interpreter, that work delayed the clients' reads of their acks, and the figure
measured the benchmark as much as the bot. `--fake-in-process` keeps the old arrangement, to
compare with figures recorded before 2026-12-06 07:00 UTC."""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import re
from collections.abc import Iterator
from multiprocessing.managers import BaseManager
from typing import Any

CHANNEL_MENTION = re.compile(r"<#([CG][A-Z0-9]+)")


class FakeHost:
    """The few things the benchmark asks the fake: seeding, response_urls, what Slack holds. Plain
    methods and plain values, so that the same object works in this process or behind a proxy."""

    def __init__(self) -> None:
        from tests.fakeslack import FakeSlack  # importable once main() has put the repo on sys.path

        self.fake = FakeSlack().start()

    def api_url(self) -> str:
        return self.fake.api_url

    def add_user(self, user_id: str, name: str, real_name: str | None = None, email: str | None = None) -> None:
        self.fake.add_user(user_id, name, real_name=real_name, email=email)

    def add_channel(self, name: str, members: tuple[str, ...] = ()) -> str:
        return self.fake.add_channel(name, members=members)

    def response_url(self) -> str:
        return self.fake.response_url()

    def responses(self, url: str) -> list[dict[str, Any]]:
        return self.fake.responses(url)

    def pins(self, channel_id: str) -> list[str]:
        return self.fake.pins(channel_id)

    def messages(self, channel_id: str) -> list[dict[str, Any]]:
        return self.fake.messages(channel_id)

    def reply_channel(self, response_url: str) -> str | None:
        """The channel a declare's reply names, once it has come."""
        for payload in self.fake.responses(response_url):
            if match := CHANNEL_MENTION.search(json.dumps(payload, ensure_ascii=False)):
                return match.group(1)
        return None

    def pin_progress(self, watched: list[tuple[str, str | None]]) -> list[tuple[str | None, bool]]:
        """For each (response_url, its channel when known): the channel, and whether it has a pin.
        One call per polling pass: a pass over 200 declares is one round trip, not 400."""
        found = []
        for url, channel in watched:
            channel = channel or self.reply_channel(url)
            found.append((channel, bool(channel and self.fake.pins(channel))))
        return found

    def enforce_rate_limits(self) -> None:
        self.fake.weather.storm(0, 0.0, 0.0, rate_limits=True)

    def stop(self) -> None:
        self.fake.stop()


class _Manager(BaseManager):
    pass


_Manager.register("FakeHost", FakeHost)


@contextlib.contextmanager
def fake_slack(*, in_process: bool = False) -> Iterator[FakeHost]:
    """A started fake; in a child process (forked before any thread starts) unless `in_process`."""
    if in_process:
        host = FakeHost()
        try:
            yield host
        finally:
            host.stop()
        return
    with _Manager(ctx=multiprocessing.get_context("fork")) as manager:
        host = manager.FakeHost()  # type: ignore[attr-defined]  # registered above
        try:
            yield host
        finally:
            host.stop()
