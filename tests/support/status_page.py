"""A bot with status page components and a clock tests can move, and reading its status page
over HTTP as an anonymous reader would."""

from __future__ import annotations

import json
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest

from bot.web.status import TTL
from tests.fakeslack import FakeSlack
from tests.support.clock import TravelClock
from tests.support.harness import ALICE, Harness, start_harness

ATOM = "{http://www.w3.org/2005/Atom}"


@dataclass
class Reader:
    bot: Harness
    clock: TravelClock

    def get(self, path: str) -> tuple[dict[str, str], str]:
        """The answer as served now, cached or not."""
        url = f"http://127.0.0.1:{self.bot.runtime.port}{path}"
        with urllib.request.urlopen(url, timeout=5) as response:
            assert response.status == 200
            return dict(response.headers), response.read().decode()

    def fresh(self, path: str) -> str:
        """The answer once the cache has expired: what a reader sees TTL after the last change."""
        self.clock.advance(seconds=TTL.total_seconds() + 1)
        return self.get(path)[1]

    def all(self) -> tuple[str, dict[str, Any], ElementTree.Element]:
        """The page, the JSON and the feed, read after the cache expired."""
        html = self.fresh("/status")
        return html, json.loads(self.get("/status.json")[1]), ElementTree.fromstring(self.get("/status/feed.atom")[1])

    def run(self, command: str, channel: str, shows: str, user: str = ALICE) -> None:
        """A command in an incident channel, waiting for the channel line that says it was done."""
        assert self.bot.send.command(command, user, channel).status == 200
        self.bot.wait_line(channel, shows)


@pytest.fixture
def reader(fake: FakeSlack, database_url: str, tmp_path: Path) -> Iterator[Reader]:
    policy = tmp_path / "policy.toml"
    policy.write_text('[status]\ncomponents = ["Checkout", "Search", "Payments API"]\n')
    clock = TravelClock()
    bot = start_harness(fake, database_url, clock, policy_file=policy)
    yield Reader(bot, clock)
    bot.stop()


def feed_texts(feed: ElementTree.Element) -> list[str]:
    return [entry.findtext(f"{ATOM}content") or "" for entry in feed.iter(f"{ATOM}entry")]
