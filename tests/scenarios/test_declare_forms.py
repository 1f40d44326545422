"""Declaring through the modal and the message shortcut, and what titles do to channel names."""

from __future__ import annotations

import json

import pytest
from slack_sdk import WebClient

from bot.slack import ids
from tests.support.harness import ALICE, BOB, Harness
from tests.support.signing import checkboxes, select, text_input, user_select


def _modal(bot: Harness) -> dict:
    return bot.fake.wait_for(
        lambda: next((v for v in bot.fake.views.values() if v.get("callback_id") == ids.DECLARE_MODAL), None)
    )


def _values(title: str, commander: str = ALICE, private: bool = False) -> dict:
    return {
        "title": text_input(title),
        "severity": select("sev2"),
        "summary": text_input("EU only"),
        "commander": user_select(commander),
        "private": checkboxes(*(["private"] if private else [])),
    }


def test_bare_command_outside_a_channel_opens_the_declare_modal(bot: Harness) -> None:
    answer = bot.send.command("", ALICE)
    view = _modal(bot)
    assert answer.status == 200
    assert view["title"]["text"] == "Declare incident"
    assert json.loads(view["private_metadata"])["response_url"] == answer.response_url

    assert bot.send.submit(view, _values("Checkout latency", commander=BOB), ALICE).status == 200
    channel = bot.fake.wait_for(lambda: bot.fake.channel_by_name("inc-1-checkout-latency"))["id"]
    bot.fake.wait_for(lambda: bot.fake.pins(channel))
    card = bot.card(channel)
    assert "SEV2" in card and "EU only" in card and "*Commander*\n<@U0BOB>" in card
    assert {ALICE, BOB} <= bot.fake.channel(channel)["members"]
    assert "INC-1 is declared" in bot.reply(answer)


def test_declare_without_title_opens_the_modal_and_bad_titles_are_shown_in_it(bot: Harness) -> None:
    bot.send.command("declare sev1", ALICE)
    view = _modal(bot)
    refused = bot.send.submit(view, _values("   "), ALICE)
    assert refused.json()["response_action"] == "errors"
    assert "needs a title" in refused.json()["errors"]["title"]
    too_long = bot.send.submit(view, _values("x" * 201), ALICE)
    assert "201 characters" in too_long.json()["errors"]["title"]
    bot.idle()
    assert bot.fake.call_count("conversations.create") == 0


def test_a_double_submitted_modal_declares_one_incident(bot: Harness) -> None:
    bot.send.command("", ALICE)
    view = _modal(bot)
    bot.send.submit(view, _values("Double trouble"), ALICE)
    bot.send.submit(view, _values("Double trouble"), ALICE)
    bot.fake.wait_for(lambda: bot.fake.channel_by_name("inc-1-double-trouble"))
    bot.idle()
    assert "INC-2" not in bot.reply(bot.send.command("list", ALICE))
    assert bot.fake.call_count("conversations.create") == 1


def test_message_shortcut_prefills_the_modal_and_keeps_the_permalink(bot: Harness) -> None:
    client = WebClient(base_url=bot.fake.api_url, token="xoxb-test")
    posted = client.chat_postMessage(channel=bot.general, text="Orders stuck in pending\nsince 10:02")
    message = {"ts": posted["ts"], "user": BOB, "text": "Orders stuck in pending\nsince 10:02", "type": "message"}
    bot.send.shortcut(ids.DECLARE_SHORTCUT, message, bot.general, ALICE)
    view = _modal(bot)
    blocks = {b["block_id"]: b for b in view["blocks"]}
    assert blocks["title"]["element"]["initial_value"] == "Orders stuck in pending"
    assert "since 10:02" in blocks["summary"]["element"]["initial_value"]
    bot.send.submit(view, _values("Orders stuck in pending"), ALICE)
    channel = bot.fake.wait_for(lambda: bot.fake.channel_by_name("inc-1-orders-stuck-in-pending"))["id"]
    bot.fake.wait_for(lambda: bot.fake.pins(channel))
    permalink = client.chat_getPermalink(channel=bot.general, message_ts=posted["ts"])["permalink"]
    assert f"<{permalink}|source message>" in bot.card(channel)


def test_private_incident_gets_a_private_channel_and_no_announcement(bot: Harness) -> None:
    channel, _ = bot.declare("sev1 private Suspected credential leak")
    assert bot.fake.channel(channel)["is_private"]
    bot.idle()
    assert bot.lines(bot.announce) == []
    assert "credential leak" not in bot.reply(bot.send.command("list", BOB))
    assert "credential leak" in bot.reply(bot.send.command("list", ALICE))


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("🔥🔥🔥", "inc-1-incident"),
        ("Café <b> & `rm -rf` <@U0BOB|bob> crème brûlée", "inc-1-cafe-b-rm-rf-bob-creme-brulee"),
        ("日本語のタイトル", "inc-1-incident"),
    ],
)
def test_odd_titles_give_safe_channel_names_and_are_shown_literally(bot: Harness, title: str, name: str) -> None:
    escaped = title.replace("&", "&amp;").replace("<b>", "&lt;b&gt;")
    channel, _ = bot.declare(escaped)
    assert bot.fake.channel(channel)["name"] == name
    shown = title.replace("<@U0BOB|bob>", "@bob")
    assert f"INC-1 · {shown}" in bot.card(channel)  # the header is plain text: shown literally
    announcement = bot.fake.wait_for(lambda: bot.lines(bot.announce))[0]
    literal = escaped.replace("<@U0BOB|bob>", "@bob").replace("`", "\u02cb")  # a backtick formats nothing
    assert literal in announcement  # mrkdwn: escaped, pings nobody
    assert "<@U0BOB" not in announcement


def test_long_titles_are_refused_with_a_clear_reason(bot: Harness) -> None:
    answer = bot.send.command("declare " + "x" * 500, ALICE)
    assert "500 characters" in answer.text
    edge = "y" * 200
    channel, _ = bot.declare(edge)
    assert len(bot.fake.channel(channel)["name"]) <= 80
