"""Incident Command System roles from the channel."""

from __future__ import annotations

from bot.slack import ids
from tests.support.harness import ALICE, BOB, CAROL, DAVE, Harness
from tests.support.signing import select, text_input, user_select


def test_assigning_roles_invites_explains_and_shows_on_the_card(bot: Harness) -> None:
    channel, _ = bot.declare("sev2 Search index corrupted")
    bot.send.command("scribe <@U0CAROL|carol>", ALICE, channel)
    line = bot.wait_line(channel, "made <@U0CAROL> scribe")
    assert "The scribe keeps the timeline" in line
    bot.fake.wait_for(lambda: CAROL in bot.fake.channel(channel)["members"])
    bot.wait_card(channel, "*Scribe*: <@U0CAROL>")

    bot.send.command("sme <@U0DAVE|dave> elasticsearch", ALICE, channel)
    bot.wait_card(channel, "(elasticsearch)")
    bot.send.command("commander @bob", ALICE, channel)  # a bare @name is resolved
    bot.wait_card(channel, "*Commander*\n<@U0BOB>")
    bot.fake.wait_for(lambda: "IC <@U0BOB>" in bot.fake.channel(channel)["topic"])
    assert BOB in bot.fake.channel(channel)["members"]

    roles = bot.reply(bot.send.command("roles", ALICE, channel))
    assert "Incident commander*: <@U0BOB>" in roles and "(elasticsearch)" in roles
    bot.send.command("relieve <@U0DAVE|dave>", BOB, channel)
    bot.wait_line(channel, "relieved <@U0DAVE> of sme")
    bot.fake.wait_for(lambda: "elasticsearch" not in bot.card(channel))
    assert "*Scribe*: <@U0CAROL>" in bot.card(channel)


def test_unknown_people_and_repeated_assignments_are_refused(bot: Harness) -> None:
    channel, _ = bot.declare("Billing export stuck")
    assert "can't find anyone called @zed" in bot.reply(bot.send.command("deputy @zed", ALICE, channel))
    assert "already commander" in bot.reply(bot.send.command(f"commander <@{ALICE}|alice>", ALICE, channel))
    assert "holds no role" in bot.reply(bot.send.command(f"relieve <@{DAVE}|dave>", ALICE, channel))


def test_more_than_seven_people_in_roles_is_a_warning_not_a_refusal(bot: Harness) -> None:
    channel, _ = bot.declare("Everything is on fire")
    for i in range(1, 7):
        bot.send.command(f"sme <@U0EXTRA{i}|extra{i}> area{i}", ALICE, channel)
        bot.wait_line(channel, f"made <@U0EXTRA{i}>")
    reply = bot.reply(bot.send.command("sme <@U0EXTRA7|extra7> area7", ALICE, channel))
    assert "8 people now hold roles" in reply and "Span of control" in reply
    bot.wait_card(channel, "area7")


def test_assign_role_button_opens_a_modal(bot: Harness) -> None:
    channel, _ = bot.declare("Mail delays")
    bot.send.click(ids.ASSIGN_ROLE, "1", ALICE, channel)
    view = bot.fake.wait_for(lambda: next(iter(bot.fake.views.values()), None))
    assert len(view["title"]["text"]) <= 24
    bot.send.submit(view, {"role": select("comms"), "user": user_select(CAROL), "area": text_input(None)}, ALICE)
    bot.wait_card(channel, "*Communications lead*: <@U0CAROL>")
    assert "The communications lead posts status updates" in bot.wait_line(channel, "made <@U0CAROL>")
