"""`/incident list`: one incident whose channel cannot be checked never breaks the answer about
the others, and never shows a private incident to anyone it should not."""

from __future__ import annotations

from tests.support.harness import ALICE, BOB, CAROL, Harness


def _two_incidents(bot: Harness) -> str:
    """A private incident ALICE declared (BOB is its scribe) and a public one; the private channel."""
    private, _ = bot.declare("sev1 private Credential leak")
    bot.send.command("scribe <@U0BOB|bob>", ALICE, private)
    bot.wait_card(private, "*Scribe*: <@U0BOB>")
    bot.declare("sev2 Checkout errors")
    bot.idle()
    return private


def test_list_still_answers_when_the_app_was_removed_from_a_private_channel(bot: Harness) -> None:
    private = _two_incidents(bot)
    bot.fake.remove_member(private, "UBOT")  # any member of a private channel can do this

    outsider = bot.reply(bot.send.command("list", CAROL))
    assert "Checkout errors" in outsider
    assert "Credential leak" not in outsider and "INC-1" not in outsider and "removed" not in outsider

    for person in (ALICE, BOB):  # the declarer and a role holder the incident records
        listing = bot.reply(bot.send.command("list", person))
        assert "Checkout errors" in listing and "Credential leak" in listing
        assert "could not check this private channel: was I removed from it?" in listing
        assert "went wrong" not in listing and "didn't work" not in listing


def test_list_still_answers_when_slack_fails_for_one_channel(bot: Harness) -> None:
    _two_incidents(bot)
    bot.fake.inject("conversations.members", status=503)
    outsider = bot.reply(bot.send.command("list", CAROL))
    assert "Checkout errors" in outsider and "Credential leak" not in outsider

    bot.fake.inject("conversations.members", status=503)
    declarer = bot.reply(bot.send.command("list", ALICE))
    assert "Checkout errors" in declarer and "Credential leak" in declarer and "could not check" in declarer

    members = bot.reply(bot.send.command("list", ALICE))  # Slack is back: no warning
    assert "Credential leak" in members and "could not check" not in members
