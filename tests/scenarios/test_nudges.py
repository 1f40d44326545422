"""Update nudges and command pitfalls as people see them, with a policy whose durations are seconds."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.slack import ids
from tests.fakeslack import FakeSlack
from tests.support.harness import ALICE, BOB, Harness, blocks_text, start_harness

POLICY = """
[severities.sev2]
update_every = "2s"
[severities.sev3]
update_every = "1h"

[nudges]
no_commander_after = "1s"
commander_silent_after = "2s"
stuck_investigating_after = "1s"
"""


@pytest.fixture
def bot(fake: FakeSlack, database_url: str, tmp_path: Path) -> Iterator[Harness]:
    policy = tmp_path / "policy.toml"
    policy.write_text(POLICY)
    harness = start_harness(fake, database_url, policy_file=policy, schedule_tick_seconds=0.2)
    yield harness
    harness.stop()


def nudges(bot: Harness, channel: str, needle: str) -> list[dict]:
    return [m for m in bot.fake.messages(channel) if needle in blocks_text(m.get("blocks") or [])]


def elements(message: dict) -> list[dict]:
    return [e for b in message["blocks"] if b["type"] == "actions" for e in b["elements"]]


def test_update_nudge_mentions_comms_offers_post_and_snooze(bot: Harness) -> None:
    channel, _ = bot.declare("sev2 Checkout is failing")
    bot.send.command(f"comms <@{BOB}>", ALICE, channel)
    bot.wait_line(channel, f"<@{BOB}>, time for a status update on INC-1")
    message = nudges(bot, channel, "time for a status update")[0]
    buttons = elements(message)
    assert buttons[0]["action_id"] == ids.POST_UPDATE and buttons[0]["value"] == "1"
    assert [o["value"] for o in buttons[1]["options"]] == ["1:15", "1:30", "1:60"]
    assert "resets this reminder" in blocks_text(message["blocks"])

    answer = bot.send.pick(ids.SNOOZE, "1:15", BOB, channel)
    assert "next update reminder for INC-1 comes in 15 minutes" in bot.reply(answer)
    seen = len(nudges(bot, channel, "time for a status update"))
    time.sleep(3)
    assert len(nudges(bot, channel, "time for a status update")) == seen


def test_nudge_mentions_the_commander_without_comms_and_an_update_resets_it(bot: Harness) -> None:
    channel, _ = bot.declare("sev2 Search is slow")
    bot.wait_line(channel, f"<@{ALICE}>, time for a status update")
    bot.send.command("update Still digging", ALICE, channel)
    bot.send.command("resolve", ALICE, channel)
    bot.wait_line(channel, "INC-1 resolved")
    seen = len(nudges(bot, channel, "time for a status update"))
    time.sleep(3)
    assert len(nudges(bot, channel, "time for a status update")) == seen, "resolve stops the nudges"


def test_no_commander_is_asked_with_a_take_command_button(bot: Harness) -> None:
    channel, _ = bot.declare("sev3 Queue backlog")
    bot.send.command(f"relieve <@{ALICE}>", ALICE, channel)
    line = bot.wait_line(channel, "Nobody has taken command of INC-1")
    message = nudges(bot, channel, "Nobody has taken command")[0]
    assert elements(message)[0]["action_id"] == ids.TAKE_COMMAND
    assert "asks once" in line
    bot.send.click(ids.TAKE_COMMAND, "1", BOB, channel)
    bot.wait_card(channel, f"<@{BOB}>")


def test_stuck_investigating_offers_escalate_now(bot: Harness) -> None:
    channel, _ = bot.declare("sev3 Slow reports")
    bot.send.command("status investigating", ALICE, channel)
    bot.wait_line(channel, "has been investigating for 1s and nobody has been paged")
    message = nudges(bot, channel, "nobody has been paged")[0]
    assert elements(message)[0]["action_id"] == ids.ESCALATE_NOW
    answer = bot.send.click(ids.ESCALATE_NOW, "1", ALICE, channel)
    assert "There is no escalation policy" in bot.reply(answer)


def test_a_silent_commander_is_nudged_and_speaking_in_the_channel_counts(bot: Harness) -> None:
    channel, _ = bot.declare("sev2 Logins fail")
    for _ in range(3):
        time.sleep(0.8)
        bot.send.event({"type": "message", "channel": channel, "user": ALICE, "text": "looking", "ts": "1.1"})
    assert nudges(bot, channel, "nothing from you here") == []
    bot.wait_line(channel, f"<@{ALICE}>, nothing from you here for 2s")


def test_snooze_acts_only_on_the_channel_s_incident_and_for_the_offered_lengths(bot: Harness) -> None:
    first, _ = bot.declare("sev3 Checkout is failing")
    bot.declare("sev3 Search is slow")
    other = bot.send.pick(ids.SNOOZE, "2:15", ALICE, first)
    assert "not for this channel's incident, INC-1" in bot.reply(other)
    forged = bot.send.pick(ids.SNOOZE, "1:100000", ALICE, first)
    assert "Snooze for 15, 30, 60 minutes; nothing was changed." in bot.reply(forged)
