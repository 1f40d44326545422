"""kill -9 while Slack is answering a post it has already made, then a restart on the same
database: the restarted bot picks the item up within one lease and posts nothing twice."""

from __future__ import annotations

from tests.support.harness import ALICE
from tests.support.process import BotProcess

LEASE = 10.0  # the default outbox lease, in seconds
TITLE = "Checkout latency"


def marked(process: BotProcess, channel: str, key: str) -> list[dict]:
    return [m for m in process.fake.messages(channel) if (m.get("blocks") or [{}])[0].get("block_id") == key]


def announce_channel(process: BotProcess) -> str:
    found = process.fake.channel_by_name("incidents")
    assert found
    return found["id"]


def declare_and_kill_when_posted(process: BotProcess, channel_of_post: str | None, key: str) -> str:
    """Declare; hold Slack's answer to the first post to `channel_of_post` (any channel: None)
    after Slack has it, and kill the bot while it waits. Returns the incident channel."""
    fake = process.fake
    match = {"channel": channel_of_post} if channel_of_post else None
    fake.inject("chat.postMessage", delay=60, match=match)
    assert process.start().send.command(f"declare sev2 {TITLE}", ALICE).status == 200
    channel = fake.wait_for(lambda: fake.channel_by_name("inc-1-checkout-latency"), timeout=15)["id"]
    fake.wait_for(lambda: marked(process, channel_of_post or channel, key), timeout=15)
    process.kill()
    return channel


def test_kill_during_the_card_post_leaves_one_card_pinned(bot_process: BotProcess) -> None:
    fake = bot_process.fake
    channel = declare_and_kill_when_posted(bot_process, None, "card-1")
    assert fake.pins(channel) == []

    bot_process.start()
    fake.wait_for(lambda: fake.pins(channel), timeout=LEASE + 10)  # within a lease, not minutes

    cards = marked(bot_process, channel, "card-1")
    assert len(cards) == 1
    assert fake.pins(channel) == [cards[0]["ts"]]
    fake.wait_for(lambda: marked(bot_process, announce_channel(bot_process), "declared-1"), timeout=10)
    assert len(marked(bot_process, announce_channel(bot_process), "declared-1")) == 1


def test_kill_during_the_announcement_leaves_one_announcement(bot_process: BotProcess) -> None:
    fake = bot_process.fake
    announce = announce_channel(bot_process)
    channel = declare_and_kill_when_posted(bot_process, announce, "declared-1")

    bot_process.start()
    answer = bot_process.send.command("ack", ALICE, channel)  # the next item of the incident follows
    assert answer.status == 200
    fake.wait_for(lambda: any("acknowledged" in str(m.get("blocks")) for m in fake.messages(channel)), timeout=20)

    assert len(marked(bot_process, announce, "declared-1")) == 1
    assert len(marked(bot_process, channel, "card-1")) == 1
