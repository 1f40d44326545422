"""chat.postMessage is paced per channel as Slack does (a token bucket: a short burst, then one a
second), and a post that must wait never holds a delivery thread: it waits in the outbox."""

from __future__ import annotations

import pytest
from slack_sdk.errors import SlackApiError

from bot.slack.pacing import BURST, LocalPacer, PacedWebClient
from tests.fakeslack import FakeSlack
from tests.scenarios.test_delivery_once import pin_event
from tests.support.concurrency import all_at_once
from tests.support.harness import ALICE, Harness, start_harness


class FrozenTime:
    def __init__(self) -> None:
        self.t = 100.0

    def now(self) -> float:
        return self.t


def test_a_channel_takes_a_short_burst_then_one_post_a_second() -> None:
    time = FrozenTime()
    pacer = LocalPacer(1.0, now=time.now)
    waits = [pacer.take("C1") for _ in range(BURST + 2)]
    assert waits[:BURST] == [0.0] * BURST
    assert waits[BURST] == pytest.approx(1.0)
    time.t += 1.0
    assert pacer.take("C1") == 0.0
    assert pacer.take("C1") == pytest.approx(1.0)


def test_channels_are_paced_apart() -> None:
    time = FrozenTime()
    pacer = LocalPacer(1.0, now=time.now)
    for _ in range(BURST):
        pacer.take("C1")
    assert pacer.take("C2") == 0.0
    assert pacer.take("C1") > 0


def test_a_quiet_channel_refills_its_burst() -> None:
    time = FrozenTime()
    pacer = LocalPacer(1.0, now=time.now)
    for _ in range(BURST):
        pacer.take("C1")
    time.t += 60
    assert [pacer.take("C1") for _ in range(BURST)] == [0.0] * BURST


def test_threads_share_the_tokens() -> None:
    time = FrozenTime()
    pacer = LocalPacer(1.0, now=time.now)
    waits = all_at_once(8, lambda _: pacer.take("C1"))
    assert waits.count(0.0) == BURST


def test_a_paced_post_is_refused_like_a_429_without_reaching_slack(fake: FakeSlack) -> None:
    time = FrozenTime()
    client = PacedWebClient(token="xoxb-test", base_url=fake.api_url, pacer=LocalPacer(1.0, burst=1, now=time.now))
    channel = fake.add_channel("paced", members=("UBOT",))
    client.chat_postMessage(channel=channel, text="first")
    with pytest.raises(SlackApiError) as refused:
        client.chat_postMessage(channel=channel, text="second")
    assert refused.value.response.status_code == 429
    assert float(refused.value.response.headers["Retry-After"]) == pytest.approx(1.0, abs=0.05)
    assert [m["text"] for m in fake.messages(channel)] == ["first"]
    assert fake.call_count("chat.postMessage") == 1


def test_posts_to_one_channel_keep_within_slacks_limit(fake: FakeSlack, database_url: str) -> None:
    """The fake enforces Slack's per-channel limit (tests/fakeslack/ratelimits.py); the bot's posts
    stay inside it: no 429, and the recorded post times fit a bucket of BURST at one a second."""
    bot = start_harness(fake, database_url, slack_post_interval_seconds=1.0)  # the production pace
    try:
        channel, _ = bot.declare("Paced")
        bot.idle(timeout=10)
        fake.weather.storm(0, 0.0, 0.0, rate_limits=True)
        start = len(fake.messages(channel))
        for n in range(7):
            bot.send.command(f"note paced line {n}", ALICE, channel)
        fake.wait_for(lambda: len(fake.messages(channel)) >= start + 7, timeout=30)
        stamps = [float(m["ts"]) for m in fake.messages(channel)]
    finally:
        bot.stop()
    assert fake.weather.tally["429 rate limited"] == 0
    for first in range(len(stamps)):
        for last in range(first, len(stamps)):
            assert last - first + 1 <= BURST + (stamps[last] - stamps[first]) * 1.0 + 0.05


def test_a_paced_channel_never_holds_a_thread(fake: FakeSlack, database_url: str) -> None:
    """Four incidents each have posts their channel's pace holds back for a long while (as many
    as there are delivery threads); a fifth incident still gets its pinned card before any of them."""
    bot = start_harness(fake, database_url, slack_post_interval_seconds=300.0)
    try:
        channels = [bot.declare(f"Busy {n}")[0] for n in range(4)]
        bot.fake.wait_for(lambda: all(fake.pins(c) for c in channels), timeout=10)
        for channel in channels:
            for n in range(4):  # the card took a token; two lines go, the rest wait minutes
                bot.send.command(f"note held line {n}", ALICE, channel)
        fake.wait_for(lambda: _waiting_posts(bot) >= 4, timeout=10)
        quiet, _ = bot.declare("Quiet")
        fake.wait_for(lambda: fake.pins(quiet), timeout=10)
        shown = [sum("held line" in line for line in bot.lines(c)) for c in channels]
    finally:
        bot.stop()
    assert all(count < 4 for count in shown)  # each busy channel still has a note waiting


def _waiting_posts(bot: Harness) -> int:
    """Items the pace put back (their last hand-out refused as paced)."""
    from sqlalchemy import text

    with bot.runtime.engine.connect() as c:
        return c.execute(
            text("SELECT count(*) FROM outbox WHERE done_at IS NULL AND last_error LIKE '%rate-limiting%'")
        ).scalar_one()


def test_a_pin_is_read_at_once_behind_paced_lines(fake: FakeSlack, database_url: str) -> None:
    """A 📌 read posts nothing, so it never waits behind the channel's paced lines."""
    bot = start_harness(fake, database_url, slack_post_interval_seconds=300.0)
    try:
        channel, _ = bot.declare("Pinned")
        fake.wait_for(lambda: fake.pins(channel), timeout=10)
        for n in range(5):
            bot.send.command(f"note queued line {n}", ALICE, channel)
        fake.wait_for(lambda: _waiting_posts(bot) >= 1, timeout=10)
        message_ts = fake.add_message(channel, "U0BOB", "the graph that explains it")
        assert bot.send.event(pin_event(channel, message_ts), event_id="Ev0PINPACED").status == 200
        fake.wait_for(lambda: fake.reactions(channel, message_ts).get("white_check_mark"), timeout=10)
        shown = sum("queued line" in line for line in bot.lines(channel))
    finally:
        bot.stop()
    assert shown < 5  # lines were still waiting for their turn when the pin was recorded
