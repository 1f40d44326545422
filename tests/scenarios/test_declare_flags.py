"""Declare flags: a flag is a flag only as a lowercase keyword before the title, and the form
opened by a declare without a title starts from the flags given."""

from __future__ import annotations

from pathlib import Path

from bot.slack import ids
from tests.fakeslack import FakeSlack
from tests.support.harness import ALICE, BOB, Harness, start_harness
from tests.support.signing import checkboxes, select, text_input, user_select


def _declare_view(bot: Harness) -> dict:
    return bot.fake.wait_for(
        lambda: next((v for v in bot.fake.views.values() if v.get("callback_id") == ids.DECLARE_MODAL), None)
    )


def test_a_capitalised_word_is_part_of_the_title_not_a_flag(bot: Harness) -> None:
    answer = bot.send.command("declare Private beta signup broken", ALICE)
    # the ack runs before the policy is at hand, so it names the default severity only as such
    assert "Declaring “Private beta signup broken” (default severity, public)" in answer.text
    assert "`Private` is part of the title: flags are lowercase" in answer.text
    channel = bot.fake.wait_for(lambda: bot.fake.channel_by_name("inc-1-private-beta-signup-broken"))
    assert not channel["is_private"]
    announcement = bot.fake.wait_for(lambda: bot.lines(bot.announce))[0]
    assert "Private beta signup broken" in announcement
    assert "Private beta signup broken" in bot.reply(bot.send.command("list", BOB))


def test_lowercase_flags_still_work_and_the_ack_says_what_was_understood(bot: Harness) -> None:
    answer = bot.send.command("declare sev1 private Suspected credential leak", ALICE)
    assert answer.text == "Declaring “Suspected credential leak” (SEV1, private)…"
    channel = bot.fake.wait_for(lambda: bot.fake.channel_by_name("inc-1-suspected-credential-leak"))
    assert channel["is_private"]


def test_help_states_the_flag_rule(bot: Harness) -> None:
    help_text = bot.send.command("help", ALICE).text or bot.reply(bot.send.command("help", ALICE))
    assert "Flags are lowercase and come before the title" in help_text


def test_declare_with_flags_and_no_title_opens_the_form_preset_to_them(bot: Harness) -> None:
    bot.send.command("declare sev1 private", ALICE)
    view = _declare_view(bot)
    blocks = {b["block_id"]: b["element"] for b in view["blocks"]}
    assert blocks["severity"]["initial_option"]["value"] == "sev1"
    assert [o["value"] for o in blocks["private"]["initial_options"]] == ["private"]
    values = {
        "title": text_input("Suspected credential leak"),
        "severity": select("sev1"),
        "summary": text_input(None),
        "commander": user_select(ALICE),
        "private": checkboxes("private"),
    }
    bot.send.submit(view, values, ALICE)
    channel = bot.fake.wait_for(lambda: bot.fake.channel_by_name("inc-1-suspected-credential-leak"))
    assert channel["is_private"]


def test_declare_without_flags_or_title_opens_the_form_at_the_defaults(bot: Harness) -> None:
    bot.send.command("declare", ALICE)
    blocks = {b["block_id"]: b["element"] for b in _declare_view(bot)["blocks"]}
    assert blocks["severity"]["initial_option"]["value"] == "sev3"
    assert "initial_options" not in blocks["private"]


def test_an_invisible_title_is_no_title(bot: Harness) -> None:
    answer = bot.send.command("declare sev2 \u200b\u200b\u2060", ALICE)
    assert "Declaring" not in answer.text
    blocks = {b["block_id"]: b["element"] for b in _declare_view(bot)["blocks"]}
    assert blocks["severity"]["initial_option"]["value"] == "sev2"
    bot.idle()
    assert bot.fake.call_count("conversations.create") == 0


def test_the_policy_s_default_severity_is_the_declare_s_and_the_form_s(
    fake: FakeSlack, database_url: str, tmp_path: Path
) -> None:
    policy = tmp_path / "policy.toml"
    policy.write_text('default_severity = "sev4"\n')
    bot = start_harness(fake, database_url, policy_file=policy)
    try:
        answer = bot.send.command("declare Stale dashboard", ALICE)
        assert answer.text == "Declaring “Stale dashboard” (default severity, public)…"
        channel = bot.fake.wait_for(lambda: bot.fake.channel_by_name("inc-1-stale-dashboard"))
        bot.fake.wait_for(lambda: bot.fake.pins(channel["id"]))
        assert "SEV4" in bot.card(channel["id"])
        bot.send.command("", ALICE)  # `/incident` alone outside an incident channel: the blank form
        blocks = {b["block_id"]: b["element"] for b in _declare_view(bot)["blocks"]}
        assert blocks["severity"]["initial_option"]["value"] == "sev4"
    finally:
        bot.stop()
