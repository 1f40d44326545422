"""On PostgreSQL the pace holds across replicas: every process takes its tokens from the same
per-channel bucket (the `pace` table, under its row lock)."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from bot.runtime import Runtime
from bot.slack.pacing import BURST, SharedPacer, pacer_for
from bot.store.engine import make_engine
from tests.fakeslack import FakeSlack
from tests.support.concurrency import all_at_once
from tests.support.harness import ALICE, SECRET, settings_for, start_harness
from tests.support.signing import SlackSender


class FrozenTime:
    def __init__(self) -> None:
        self.t = 1_800_000_000.0

    def now(self) -> float:
        return self.t


@pytest.fixture
def replicas(engine: Engine, database_url: str) -> list[Engine]:
    """Two more engines (connection pools) on the same database: two replicas."""
    if engine.dialect.name != "postgresql":
        pytest.skip("replicas share a pace through PostgreSQL; SQLite runs one process")
    engines = [make_engine(database_url) for _ in range(2)]
    yield engines
    for other in engines:
        other.dispose()


def test_two_replicas_share_one_burst_per_channel(replicas: list[Engine]) -> None:
    time = FrozenTime()
    first, second = (SharedPacer(e, 1.0, now=time.now) for e in replicas)
    waits = [pacer.take("C1") for pacer in (first, second, first, second, first)]
    assert waits.count(0.0) == BURST
    assert second.take("C2") == 0.0  # another channel has its own bucket
    time.t += 1.0
    assert [first.take("C1"), second.take("C1")].count(0.0) == 1


def test_concurrent_takes_on_two_replicas_never_overspend(replicas: list[Engine]) -> None:
    time = FrozenTime()
    pacers = [SharedPacer(e, 1.0, now=time.now) for e in replicas]
    takers = pacers * 6
    waits = all_at_once(len(takers), lambda i: takers[i].take("C9"))
    assert waits.count(0.0) == BURST


def test_the_runtime_shares_the_pace_on_postgresql_only(engine: Engine) -> None:
    shared = isinstance(pacer_for(engine, 1.0), SharedPacer)
    assert shared == (engine.dialect.name == "postgresql")


def test_two_running_replicas_keep_a_channel_within_slacks_limit(fake: FakeSlack, database_url: str) -> None:
    """Two bots on one PostgreSQL database, each taking commands and delivering: together they stay
    inside the per-channel limit the fake enforces (no 429, post times fit one bucket)."""
    if not database_url.startswith("postgresql"):
        pytest.skip("replicas share a pace through PostgreSQL")
    first = start_harness(fake, database_url, slack_post_interval_seconds=1.0)
    second = Runtime(settings_for(fake, database_url, slack_post_interval_seconds=1.0))
    second.prepare()
    second.start()
    senders = [first.send, SlackSender(f"http://127.0.0.1:{second.port}/slack/events", SECRET, fake)]
    try:
        channel, _ = first.declare("Shared pace")
        first.idle(timeout=10)
        fake.weather.storm(0, 0.0, 0.0, rate_limits=True)
        start = len(fake.messages(channel))
        for n in range(8):
            senders[n % 2].command(f"note from both {n}", ALICE, channel)
        fake.wait_for(lambda: len(fake.messages(channel)) >= start + 8, timeout=40)
        stamps = [float(m["ts"]) for m in fake.messages(channel)]
    finally:
        second.stop()
        first.stop()
    assert fake.weather.tally["429 rate limited"] == 0
    for first_post in range(len(stamps)):
        for last in range(first_post, len(stamps)):
            assert last - first_post + 1 <= BURST + (stamps[last] - stamps[first_post]) + 0.05
