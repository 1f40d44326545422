"""Issue 9, pacing and long outages: transient failures (5xx, timeouts, Slack not reached) never
exhaust the attempts within the patience window, definite errors still fail fast, and after a
total outage everything queued is delivered in order, once, followed by one "delayed" line."""

from __future__ import annotations

import time

from tests.fakeslack import FakeSlack
from tests.support.harness import ALICE, Harness, start_harness

DELAYED = "Slack was unreachable for"


def test_transient_failures_beyond_the_attempt_limit_are_still_retried(bot: Harness) -> None:
    """Five 503s against an attempt limit of three: before, the channel failed for good."""
    bot.fake.inject("conversations.create", status=503, times=5)
    channel, _ = bot.declare("Payments degraded", timeout=15)
    assert bot.fake.channel(channel)["name"] == "inc-1-payments-degraded"
    assert bot.fake.call_count("conversations.create") == 6


def test_transient_failures_fail_for_good_once_the_patience_is_spent(fake: FakeSlack, database_url: str) -> None:
    bot = start_harness(fake, database_url, outbox_patience_seconds=0)
    try:
        fake.inject("conversations.create", status=503, times=3)
        answer = bot.send.command("declare sev2 API gateway down", ALICE)
        told = fake.wait_for(lambda: [p for p in fake.responses(answer.response_url) if "Couldn't" in p["text"]])
        assert "Couldn't create the incident channel for INC-1: Slack answered HTTP 503" in told[0]["text"]
    finally:
        bot.stop()


def test_the_announcement_waits_out_slack_being_unreachable_at_start(fake: FakeSlack, database_url: str) -> None:
    """An announce channel not known yet is waited for, not counted as an attempt, and so is the
    invite's auth.test: Slack down for longer than three attempts' backoff still gets the incident
    announced and the declarer invited."""
    fake.inject("auth.test", status=503, times=10_000)
    bot = start_harness(fake, database_url)
    try:
        bot.send.command("declare sev1 Checkout is down", ALICE)
        time.sleep(1.5)  # 0.05 s backoff: three attempts are spent after ~0.4 s
        fake.reset_faults()
        assert "Checkout is down" in bot.wait_line(bot.announce, "INC-1", timeout=20)
        bot.idle(timeout=20)
        channel = fake.channel_by_name("inc-1-checkout-is-down")["id"]
        assert ALICE in fake.channel(channel)["members"]  # the invite asked auth.test too, and waited
        assert not [line for line in bot.lines(channel) if "Couldn't" in line]
    finally:
        bot.stop()


def test_after_a_total_outage_the_backlog_arrives_in_order_once_then_one_delayed_line(
    fake: FakeSlack, database_url: str
) -> None:
    """The 10-minute outage of the issue, compressed: 3 s of every Web API call answering 503,
    with the "delayed" line due after 1 s of outage."""
    bot = start_harness(fake, database_url, outbox_delay_notice_seconds=1)
    try:
        channel, _ = bot.declare("Search is slow")
        bot.idle()
        fake.inject("*", status=503, times=10_000)
        notes = [f"note step {n} of the outage" for n in range(1, 6)]
        for note in notes:
            assert bot.send.command(note, ALICE, channel).status == 200  # acknowledged while Slack is down
        time.sleep(3)
        fake.reset_faults()
        bot.wait_line(channel, DELAYED, timeout=20)
        bot.idle(timeout=20)
        lines = bot.lines(channel)
        seen = [n for n in range(1, 6) for line in lines if f"step {n} of the outage" in line]
        assert seen == [1, 2, 3, 4, 5]  # each once, in order
        assert [line for line in lines if DELAYED in line] == [lines[-1]]  # one line, after them
        assert "the messages above were delayed" in lines[-1]
    finally:
        bot.stop()


def test_a_short_blip_gets_no_delayed_line(fake: FakeSlack, database_url: str) -> None:
    bot = start_harness(fake, database_url, outbox_delay_notice_seconds=60)
    try:
        channel, _ = bot.declare("Search is slow")
        bot.idle()
        fake.inject("chat.postMessage", status=503, times=2)
        bot.send.command("note restarted the indexer", ALICE, channel)
        bot.wait_line(channel, "restarted the indexer", timeout=10)
        bot.idle()
        assert not [line for line in bot.lines(channel) if DELAYED in line]
    finally:
        bot.stop()
