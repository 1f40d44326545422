"""Issue 9, hygiene: an event message's fallback `text` is what phones show in a push
notification, so it is the sentence the blocks tell, never `INC-1: role_assigned`."""

from __future__ import annotations

from typing import Any

from tests.support.harness import ALICE, Harness


def _texts(bot: Harness, channel: str, prefix: str) -> list[str]:
    def marked(message: dict[str, Any]) -> bool:
        return str(((message.get("blocks") or [{}])[0]).get("block_id", "")).startswith(prefix)

    return [m["text"] for m in bot.fake.messages(channel) if marked(m)]


def test_event_messages_notify_with_the_sentence_not_the_event_kind(bot: Harness) -> None:
    channel, _ = bot.declare("Checkout is down")
    bot.send.command("commander <@U0BOB|bob>", ALICE, channel)
    bot.send.command("severity sev1", ALICE, channel)
    bot.fake.wait_for(lambda: len(_texts(bot, bot.announce, "announce-")) == 1)
    bot.wait_line(channel, "incident commander")  # the commands run after their acks, in either order
    bot.wait_line(channel, "changed severity")
    bot.idle()

    assert sorted(_texts(bot, channel, "event-")) == [  # two commands at once: either may be first
        "INC-1: <@U0ALICE> changed severity SEV3 → SEV1",
        "INC-1: <@U0ALICE> made <@U0BOB> incident commander, taking over from <@U0ALICE>",
    ]
    assert _texts(bot, bot.announce, "announce-") == [
        "INC-1 (Checkout is down): <@U0ALICE> changed severity SEV3 → SEV1"
    ]
