from __future__ import annotations

from tests.support.harness import ALICE, Harness


def test_declare_opens_a_channel_with_pinned_card_and_announces(bot: Harness) -> None:
    channel, answer = bot.declare("sev2 Checkout is failing for EU customers")

    assert "Declaring" in answer.text
    info = bot.fake.channel(channel)
    assert info["name"] == "inc-1-checkout-is-failing-for-eu-customers"
    assert ALICE in info["members"]
    card = bot.card(channel)
    assert "INC-1" in card and "Checkout is failing" in card and "SEV2" in card
    assert "<@U0ALICE>" in card
    bot.fake.wait_for(lambda: bot.lines(bot.announce))
    assert "INC-1 declared" in bot.lines(bot.announce)[0]
    assert f"<#{channel}>" in bot.lines(bot.announce)[0]
    bot.fake.wait_for(lambda: "SEV2 · declared" in (bot.fake.channel(channel)["topic"] or ""))
