"""Who role commands accept: people who exist and can answer, several SMEs at once, and every
word accounted for."""

from __future__ import annotations

from bot.slack import ids
from tests.support.harness import ALICE, BOB, CAROL, DAVE, Harness
from tests.support.signing import select, text_input, user_select


def test_the_bot_cannot_hold_a_role(bot: Harness) -> None:
    channel, _ = bot.declare("sev2 Search down")
    assert "<@UBOT> is a bot: incident roles are for people" in bot.reply(
        bot.send.command("commander <@UBOT|incidentbot>", ALICE, channel)
    )
    assert "is a bot" in bot.reply(bot.send.command("deputy @incident-bot", ALICE, channel))
    bot.idle()
    assert "*Commander*\n<@U0ALICE>" in bot.card(channel) and "UBOT" not in bot.card(channel)


def test_unknown_and_deactivated_users_are_refused(bot: Harness) -> None:
    channel, _ = bot.declare("sev2 Search down")
    unknown = bot.reply(bot.send.command("scribe <@U0NOBODY|ghost>", ALICE, channel))
    assert "There is no user `U0NOBODY` in this workspace" in unknown
    bot.fake.deactivate_user(DAVE)
    assert "<@U0DAVE>'s account is deactivated" in bot.reply(bot.send.command("comms <@U0DAVE|dave>", ALICE, channel))
    bot.idle()
    assert "U0NOBODY" not in bot.card(channel) and "U0DAVE" not in bot.card(channel)
    assert "ghost" not in "\n".join(bot.lines(channel))


def test_extra_words_are_refused_in_the_ack_not_dropped(bot: Harness) -> None:
    channel, _ = bot.declare("sev2 Search down")
    answer = bot.send.command("commander @bob and carol too", ALICE, channel)
    assert "I don't know what to do with “and carol too”: name one person only." in answer.text
    assert "Usage: `/incident commander <@user>`" in answer.text
    two = bot.send.command("commander <@U0BOB|bob> <@U0CAROL|carol>", ALICE, channel)
    assert "Name one person only" in two.text
    bot.idle()
    assert "*Commander*\n<@U0ALICE>" in bot.card(channel)


def test_several_smes_at_once_share_the_area(bot: Harness) -> None:
    channel, _ = bot.declare("sev2 Search down")
    bot.send.command("sme <@U0BOB|bob> <@U0CAROL|carol> @dave elasticsearch cluster", ALICE, channel)
    for person in (BOB, CAROL, DAVE):
        bot.wait_card(channel, f"<@{person}> (elasticsearch cluster)")
        assert "(elasticsearch cluster)" in bot.wait_line(channel, f"made <@{person}>")
    assert {BOB, CAROL, DAVE} <= bot.fake.channel(channel)["members"]

    again = bot.reply(bot.send.command("sme <@U0BOB|bob> <@U0EXTRA1|extra1> kafka", ALICE, channel))
    assert "<@U0BOB> already held that role." in again
    bot.wait_card(channel, "<@U0EXTRA1> (kafka)")
    refused = bot.send.command("sme @bob database @carol", ALICE, channel)
    assert "Name the people first, then the area" in refused.text


def test_one_bad_sme_assigns_nobody(bot: Harness) -> None:
    channel, _ = bot.declare("sev2 Search down")
    reply = bot.reply(bot.send.command("sme <@U0BOB|bob> <@UBOT> <@U0CAROL|carol>", ALICE, channel))
    assert "is a bot" in reply
    bot.idle()
    assert "U0BOB" not in bot.card(channel) and "U0CAROL" not in bot.card(channel)


def test_the_assign_role_form_refuses_the_bot(bot: Harness) -> None:
    channel, _ = bot.declare("Mail delays")
    bot.send.click(ids.ASSIGN_ROLE, "1", ALICE, channel)
    view = bot.fake.wait_for(lambda: next(iter(bot.fake.views.values()), None))
    bot.send.submit(view, {"role": select("scribe"), "user": user_select("UBOT"), "area": text_input(None)}, ALICE)
    told = bot.fake.wait_for(lambda: [e for e in bot.fake.ephemerals if e.get("user") == ALICE])
    assert "is a bot" in told[-1]["text"]
    assert "UBOT" not in bot.card(channel)


def test_a_deactivated_role_holder_can_still_be_relieved(bot: Harness) -> None:
    channel, _ = bot.declare("Mail delays")
    bot.send.command("scribe <@U0CAROL|carol>", ALICE, channel)
    bot.wait_card(channel, "*Scribe*: <@U0CAROL>")
    bot.fake.deactivate_user(CAROL)
    bot.send.command("relieve <@U0CAROL|carol>", ALICE, channel)
    bot.wait_line(channel, "relieved <@U0CAROL>")
