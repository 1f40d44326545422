"""Cancelling a false alarm from the channel: a SEV1 asks first, and a cancelled incident can be
reopened; every message along the way agrees with that."""

from __future__ import annotations

from bot.slack import ids
from tests.support.harness import ALICE, BOB, Harness


def confirm_button(bot: Harness, answer) -> dict:
    payloads = bot.fake.wait_for(lambda: bot.fake.responses(answer.response_url))
    elements = [e for p in payloads for b in p.get("blocks") or [] for e in b.get("elements", [])]
    return next(e for e in elements if e.get("action_id") == ids.CONFIRM_CANCEL)


def test_a_sev1_cancel_asks_first_then_cancels_and_reopens(bot: Harness) -> None:
    channel, _ = bot.declare("sev1 Checkout down everywhere")

    asked = bot.send.command("cancel synthetic probe misfired", BOB, channel)
    question = bot.reply(asked)
    assert "INC-1 is SEV1: cancelling it stops paging" in question
    button = confirm_button(bot, asked)
    assert (button["value"], button["style"]) == ("synthetic probe misfired", "danger")
    bot.idle()
    assert "cancelled" not in bot.card(channel), "nothing happens until the button is clicked"

    confirmed = bot.send.click(ids.CONFIRM_CANCEL, button["value"], BOB, channel)
    assert "INC-1 is cancelled as a false alarm" in bot.reply(confirmed)
    bot.wait_line(channel, "<@U0BOB> cancelled the incident: synthetic probe misfired")
    bot.wait_card(channel, "cancelled")
    bot.fake.wait_for(lambda: any("cancelled the incident" in line for line in bot.lines(bot.announce)))

    refused = bot.reply(bot.send.command("scribe <@U0CAROL|carol>", ALICE, channel))
    assert "reopen it before changing roles" in refused
    bot.send.command("reopen", ALICE, channel)
    bot.wait_line(channel, "<@U0ALICE> reopened the incident")
    bot.wait_card(channel, "investigating")
    bot.send.command("scribe <@U0CAROL|carol>", ALICE, channel)
    bot.wait_card(channel, "*Scribe*: <@U0CAROL>")


def test_a_sev3_cancel_needs_no_confirmation(bot: Harness) -> None:
    channel, _ = bot.declare("sev3 Nightly report late")

    bot.send.command("cancel", BOB, channel)

    bot.wait_line(channel, "<@U0BOB> cancelled the incident")
    bot.wait_card(channel, "cancelled")


def test_the_confirm_button_outside_an_incident_channel_cancels_nothing(bot: Harness) -> None:
    channel, _ = bot.declare("sev2 Login errors")

    clicked = bot.send.click(ids.CONFIRM_CANCEL, "oops", BOB, bot.general)

    assert "not an incident channel" in bot.reply(clicked)
    bot.idle()
    assert "cancelled" not in bot.card(channel)
