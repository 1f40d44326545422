"""chat.postMessage is paced at one per second per channel, across delivery threads."""

from __future__ import annotations

import itertools
import threading

from bot.slack.pacing import Pacer
from tests.fakeslack import FakeSlack
from tests.support.harness import ALICE, start_harness


class FrozenTime:
    """A monotonic clock that only moves when someone sleeps; records each sleep."""

    def __init__(self) -> None:
        self.t = 100.0
        self.slept: list[float] = []

    def now(self) -> float:
        return self.t

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)


def test_each_channel_gets_one_slot_per_second() -> None:
    time = FrozenTime()
    pacer = Pacer(1.0, time.now, time.sleep)
    for channel in ("C1", "C1", "C2", "C1"):
        pacer.wait(channel)
    assert time.slept == [0.0, 1.0, 0.0, 2.0]


def test_a_quiet_channel_sends_at_once() -> None:
    time = FrozenTime()
    pacer = Pacer(1.0, time.now, time.sleep)
    pacer.wait("C1")
    time.t += 5
    pacer.wait("C1")
    assert time.slept == [0.0, 0.0]


def test_threads_share_the_slots() -> None:
    time = FrozenTime()
    pacer = Pacer(1.0, time.now, time.sleep)
    threads = [threading.Thread(target=pacer.wait, args=("C1",)) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(time.slept) == [float(n) for n in range(8)]


def test_messages_to_one_channel_reach_slack_a_second_apart(fake: FakeSlack, database_url: str) -> None:
    bot = start_harness(fake, database_url, slack_post_interval_seconds=1.0)  # the production pace
    try:
        channel, _ = bot.declare("Paced")
        bot.idle(timeout=10)
        start = len(fake.messages(channel))
        for n in range(3):
            bot.send.command(f"note paced line {n}", ALICE, channel)
        fake.wait_for(lambda: len(fake.messages(channel)) >= start + 3, timeout=10)
        stamps = [float(m["ts"]) for m in fake.messages(channel)[start:]]
    finally:
        bot.stop()
    assert len(stamps) == 3
    assert all(later - earlier >= 0.95 for earlier, later in itertools.pairwise(stamps))
