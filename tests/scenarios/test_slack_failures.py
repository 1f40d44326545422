"""When Slack fails — error codes, 429s, 5xx, timeouts, failures after the call took effect —
people are told, nothing is duplicated, and the incident stays whole."""

from __future__ import annotations

import re

import pytest

from bot.slack import ids
from tests.support.harness import ALICE, Harness


@pytest.mark.parametrize(
    ("fault", "reason"),
    [
        ({"status": 503, "times": 3}, "Slack answered HTTP 503"),
        ({"error": "restricted_action", "times": 1}, "Slack said `restricted_action`"),
    ],
)
def test_channel_creation_failing_for_good_tells_the_declarer_and_retry_setup_finishes(
    bot: Harness, fault: dict, reason: str
) -> None:
    bot.fake.inject("conversations.create", **fault)
    answer = bot.send.command("declare sev2 API gateway down", ALICE)
    told = bot.fake.wait_for(lambda: [p for p in bot.fake.responses(answer.response_url) if "Couldn't" in p["text"]])
    assert f"Couldn't create the incident channel for INC-1: {reason}" in told[0]["text"]
    button = told[0]["blocks"][1]["elements"][0]
    assert button["action_id"] == ids.RETRY_SETUP
    assert "channel not set up" in bot.reply(bot.send.command("list", ALICE))

    retry = bot.send.click(ids.RETRY_SETUP, button["value"], ALICE, "C0GENERAL")
    assert "Retrying the set-up of INC-1" in bot.reply(retry)
    channel = bot.fake.wait_for(lambda: bot.fake.channel_by_name("inc-1-api-gateway-down"))["id"]
    bot.fake.wait_for(lambda: bot.fake.pins(channel))
    assert "API gateway down" in bot.card(channel)
    bot.idle()
    assert len([line for line in bot.lines(bot.announce) if "INC-1 declared" in line]) == 1


def test_a_card_post_that_failed_after_taking_effect_is_not_posted_twice(bot: Harness) -> None:
    bot.fake.inject("chat.postMessage", status=500, after_effect=True)
    channel, _ = bot.declare("Image uploads failing")
    bot.idle()
    cards = [m for m in bot.fake.messages(channel) if "Image uploads failing" in str(m.get("blocks"))]
    assert len(cards) == 1
    assert bot.fake.pins(channel) == [cards[0]["ts"]]


def test_a_channel_created_before_a_timeout_is_adopted_not_duplicated(bot: Harness) -> None:
    bot.fake.inject("conversations.create", delay=3)  # answers after the client's 2 s timeout
    channel, _ = bot.declare("Cron jobs not running")
    assert bot.fake.channel(channel)["name"] == "inc-1-cron-jobs-not-running"
    names = [
        c for c in ("inc-1-cron-jobs-not-running-1", "inc-1-cron-jobs-not-running-2") if bot.fake.channel_by_name(c)
    ]
    assert names == []


def test_rate_limits_are_waited_out_and_delivered_once(bot: Harness) -> None:
    bot.fake.inject("chat.postMessage", status=429, retry_after=1, times=4)
    channel, _ = bot.declare("Rate limited declare", timeout=15)
    bot.idle(timeout=15)
    assert len(bot.lines(bot.announce)) == 1
    assert len([m for m in bot.fake.messages(channel) if m["ts"] in bot.fake.pins(channel)]) == 1


def test_rate_limits_never_exhaust_the_attempts(bot: Harness) -> None:
    """A 429 means the call did not happen: more of them than the attempt limit (3 here) still
    only delay the channel, they never fail it."""
    bot.fake.inject("conversations.create", status=429, retry_after=0, times=5)
    channel, _ = bot.declare("Login throttled", timeout=15)
    assert bot.fake.channel(channel)["name"] == "inc-1-login-throttled"
    assert bot.fake.call_count("conversations.create") == 6


def test_a_taken_channel_name_gets_a_suffix(bot: Harness) -> None:
    bot.fake.add_channel("inc-1-db-failover")
    channel, _ = bot.declare("DB failover")
    assert bot.fake.channel(channel)["name"] == "inc-1-db-failover-1"


def test_a_failed_modal_open_is_explained(bot: Harness) -> None:
    bot.fake.inject("views.open", status=500)
    answer = bot.send.command("declare", ALICE)
    assert re.search(r"That didn't work: Slack answered HTTP 500", bot.reply(answer))


def test_card_update_failing_for_good_is_reported_in_the_channel(bot: Harness) -> None:
    channel, _ = bot.declare("Queue consumers stalled")
    bot.idle()
    bot.fake.inject("chat.update", error="invalid_blocks", times=1)
    bot.send.command("ack", ALICE, channel)
    bot.wait_line(channel, "Couldn't update the card for INC-1")
