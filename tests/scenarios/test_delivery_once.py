"""Deliveries that an earlier try may already have made are made once: the postmortem upload
whose completion answered 500 after sharing, a note whose post was rate-limited past the lease,
and a 📌 whose message could not be read at first."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from tests.fakeslack import FakeSlack
from tests.support.harness import ALICE, Harness, start_harness


def closed_incident(bot: Harness) -> str:
    channel, _ = bot.declare("Checkout errors")
    bot.send.command("resolve Rolled back", ALICE, channel)
    bot.wait_card(channel, "resolved")
    bot.idle()
    return channel


def file_messages(bot: Harness, channel: str) -> list[dict]:
    return [m for m in bot.fake.messages(channel) if m.get("files")]


def test_a_postmortem_upload_whose_completion_failed_after_sharing_is_not_repeated(bot: Harness) -> None:
    channel = closed_incident(bot)
    bot.fake.inject("files.completeUploadExternal", status=500, after_effect=True)

    bot.send.command("close", ALICE, channel)
    bot.fake.wait_for(lambda: bot.fake.call_count("conversations.history") and bot.idle() is None)

    assert len(bot.fake.files) == 1
    assert len(file_messages(bot, channel)) == 1
    assert bot.fake.call_count("files.completeUploadExternal") == 1


def test_a_postmortem_upload_whose_completion_failed_before_sharing_is_completed_on_retry(bot: Harness) -> None:
    channel = closed_incident(bot)
    bot.fake.inject("files.completeUploadExternal", status=503)

    bot.send.command("close", ALICE, channel)
    bot.fake.wait_for(lambda: bot.fake.files)
    bot.idle()

    assert len(file_messages(bot, channel)) == 1
    assert bot.fake.call_count("files.getUploadURLExternal") == 1, "the staged file is completed, not re-uploaded"


@pytest.fixture
def short_lease_bot(fake: FakeSlack, database_url: str) -> Iterator[Harness]:
    harness = start_harness(fake, database_url, outbox_lease_seconds=1.0)
    yield harness
    harness.stop()


def test_rate_limits_longer_than_the_lease_post_a_note_once(short_lease_bot: Harness) -> None:
    """Two 429s asking for 2 s each, with a 1 s lease: the outbox waits them out (the SDK used to
    sleep inside the handler past the lease, and the re-claimed item posted the note again)."""
    bot = short_lease_bot
    channel, _ = bot.declare("Queue backlog")
    bot.idle()
    bot.fake.inject("chat.postMessage", status=429, retry_after=2, times=2, match={"channel": channel})

    bot.send.command("note Consumers scaled to 12", ALICE, channel)
    bot.wait_line(channel, "Consumers scaled to 12", timeout=15)
    bot.idle(timeout=15)
    time.sleep(1.5)  # longer than a lease: a second claim would have posted by now

    assert len([line for line in bot.lines(channel) if "Consumers scaled to 12" in line]) == 1


def test_a_slow_delivery_keeps_its_lease(fake: FakeSlack, database_url: str) -> None:
    """A post that takes three leases to answer (Slack slow, not failing) is not handed out again."""
    bot = start_harness(fake, database_url, outbox_lease_seconds=1.5, slack_timeout_seconds=8)
    try:
        posted_once_despite_a_slow_answer(bot)
    finally:
        bot.stop()


def posted_once_despite_a_slow_answer(bot: Harness) -> None:
    channel, _ = bot.declare("Slow Slack")
    bot.idle()
    bot.fake.inject("chat.postMessage", delay=5, match={"channel": channel})  # under the 8 s client timeout

    bot.send.command("note Watching the dashboards", ALICE, channel)
    bot.wait_line(channel, "Watching the dashboards", timeout=10)
    bot.idle(timeout=10)

    assert len([line for line in bot.lines(channel) if "Watching the dashboards" in line]) == 1
    assert bot.fake.call_count("conversations.history") == 0, "nothing was re-claimed, so nothing looked"


def pin_event(channel: str, ts: str) -> dict:
    return {
        "type": "reaction_added",
        "user": ALICE,
        "reaction": "pushpin",
        "item": {"type": "message", "channel": channel, "ts": ts},
        "event_ts": f"{time.time():.6f}",
    }


def test_a_pin_survives_a_transient_error_reading_the_message(bot: Harness) -> None:
    channel, _ = bot.declare("Disk filling up")
    message_ts = bot.fake.add_message(channel, "U0BOB", "df shows 98% on db-3")
    bot.fake.inject("chat.getPermalink", status=503)

    first = bot.send.event(pin_event(channel, message_ts), event_id="Ev0PIN503")
    assert first.status == 200
    bot.fake.wait_for(lambda: bot.fake.reactions(channel, message_ts).get("white_check_mark"), timeout=10)
    again = bot.send.event(pin_event(channel, message_ts), event_id="Ev0PIN503", retry=1)
    assert again.status == 200
    bot.idle()

    timeline = bot.reply(bot.send.command("timeline", ALICE, channel))
    assert timeline.count("(pinned)") == 1
    assert "df shows 98% on db-3" in timeline


def test_a_person_waiting_is_not_kept_waiting_through_a_long_rate_limit(bot: Harness) -> None:
    """The interactive client sleeps through short 429s only; a long one is answered at once."""
    bot.fake.inject("views.open", status=429, retry_after=30)
    answer = bot.send.command("declare", ALICE)
    assert "Slack is rate-limiting us" in bot.reply(answer, timeout=5)
    assert bot.fake.call_count("views.open") == 1
