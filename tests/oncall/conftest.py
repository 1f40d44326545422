"""A bot whose policy reads on-call from a feed on a local HTTP server, and the feed's shapes."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest

from tests.fakeslack import FakeSlack
from tests.support.clock import TravelClock
from tests.support.harness import Harness, start_harness
from tests.support.ics_server import IcsServer, pagerduty

FEED_POLICY = """
[[escalation.levels]]
notify = ["oncall:primary"]
after = "1h"

[oncall.primary]
ical = "{url}"
refresh = "{refresh}"
fallback = ["U0DAVE"]
usergroup = "S0FEED"

[oncall.secondary]
timezone = "Europe/Berlin"
handoff = "09:00"
rotation = "daily"
users = ["U0ALICE", "U0CAROL"]
usergroup = "S0ROTA"
"""


def around_now(clock: TravelClock) -> str:
    """Bob now and for a day, Carol the day after."""
    now = clock.now().replace(microsecond=0)
    return pagerduty(
        [
            ("bob@example.com", now - timedelta(hours=1), now + timedelta(days=1)),
            ("carol@example.com", now + timedelta(days=1), now + timedelta(days=2)),
        ]
    )


@pytest.fixture
def travel() -> TravelClock:
    return TravelClock()


@pytest.fixture
def feed() -> Iterator[IcsServer]:
    server = IcsServer()
    yield server
    server.stop()


@pytest.fixture
def start_bot(
    fake: FakeSlack, database_url: str, tmp_path: Path, travel: TravelClock, feed: IcsServer
) -> Iterator[Callable[[str], Harness]]:
    started: list[Harness] = []
    fake.add_usergroup("S0FEED", ["U0EXTRA1"])
    fake.add_usergroup("S0ROTA", ["U0EXTRA1"])

    def start(refresh: str) -> Harness:
        policy = tmp_path / "policy.toml"
        policy.write_text(FEED_POLICY.format(url=feed.url, refresh=refresh))
        started.append(start_harness(fake, database_url, travel, policy_file=policy, schedule_tick_seconds=0.2))
        return started[-1]

    yield start
    for bot in started:
        bot.stop()
