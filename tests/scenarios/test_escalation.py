"""Paging as people see it: the DM and invite, every level in turn, the exhausted message, an
unresolvable name, `/incident oncall`, `/incident escalate` and `/incident handoff`."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakeslack import FakeSlack
from tests.support.harness import ALICE, BOB, CAROL, DAVE, Harness, start_harness

POLICY = """
[[escalation.levels]]
notify = ["oncall:primary"]
after = "2s"
[[escalation.levels]]
notify = ["dave@example.com", "nobody@example.com"]
after = "2s"
[[escalation.levels]]
notify = ["subteam:S0SRE"]
after = "2s"

[oncall.primary]
timezone = "Europe/London"
handoff = "09:00"
rotation = "daily"
users = ["U0CAROL"]
"""


@pytest.fixture
def bot(fake: FakeSlack, database_url: str, tmp_path: Path) -> Iterator[Harness]:
    policy = tmp_path / "policy.toml"
    policy.write_text(POLICY)
    fake.add_user("U0SRE1", "sre1", real_name="Sre One")
    fake.add_usergroup("S0SRE", ["U0SRE1"])
    harness = start_harness(fake, database_url, policy_file=policy, schedule_tick_seconds=0.2)
    yield harness
    harness.stop()


def test_every_level_is_paged_in_turn_then_everyone_is_told(bot: Harness) -> None:
    channel, _ = bot.declare("sev1 Payments are down")
    page = bot.wait_dm(CAROL, "You are paged for INC-1")
    assert "SEV1" in page and "escalation level 1" in page and f"<#{channel}>" in page
    assert CAROL in bot.fake.channel(channel)["members"], "the primary is invited"
    bot.wait_line(channel, f"Paged <@{CAROL}> (escalation level 1)")
    assert "<@U0DAVE>" not in " ".join(bot.lines(channel)), "level 2 waits for level 1's `after`"

    bot.wait_dm(DAVE, "escalation level 2", timeout=6)
    bot.wait_line(channel, "Couldn't page `nobody@example.com`: no Slack user has that e-mail address")
    bot.wait_dm("U0SRE1", "escalation level 3", timeout=6)
    assert "U0SRE1" in bot.fake.channel(channel)["members"]

    bot.wait_line(channel, "all 3 escalation levels have been paged", timeout=6)
    bot.fake.wait_for(lambda: any("all 3 escalation levels" in line for line in bot.lines(bot.announce)))


def test_an_acknowledgement_stops_the_next_level(bot: Harness) -> None:
    channel, _ = bot.declare("sev2 Checkout errors")
    bot.wait_dm(CAROL, "You are paged")
    bot.send.command("ack", CAROL, channel)
    bot.wait_line(channel, f"<@{CAROL}> acknowledged the incident")
    time.sleep(3)
    assert bot.fake.dm_channel(DAVE) is None
    assert not any("escalation levels have been paged" in line for line in bot.lines(channel))


def test_non_paging_declares_page_nobody_and_the_card_shows_the_targets(bot: Harness) -> None:
    channel, _ = bot.declare("sev3 Reports are slow")
    card = bot.card(channel)
    assert "SEV3: ack within 4h · updates every 2h" in card and "no escalation policy" not in card
    time.sleep(1)
    assert bot.fake.dm_channel(CAROL) is None


def test_escalate_pages_a_group_or_person_at_once(bot: Harness) -> None:
    channel, _ = bot.declare("sev3 Disk filling up")
    bot.send.command("escalate <!subteam^S0SRE|@sre>", ALICE, channel)
    bot.wait_dm("U0SRE1", "paged by hand")
    bot.wait_line(channel, f"<@{ALICE}> paged subteam:S0SRE (by hand)")
    bot.send.command(f"escalate <@{BOB}>", ALICE, channel)
    bot.wait_dm(BOB, "paged by hand")


def test_oncall_answers_anywhere(bot: Harness) -> None:
    text = bot.reply(bot.send.command("oncall", BOB, bot.general))
    assert "*primary*: <@U0CAROL> now; <@U0CAROL> from" in text and "(daily, Europe/London)" in text


def test_handoff_posts_the_note_dms_it_and_records_the_role_change(bot: Harness) -> None:
    channel, _ = bot.declare("sev3 Cache stampede")
    bot.send.command("update Warming the cache by hand", ALICE, channel)
    bot.wait_line(channel, "INC-1 update")
    bot.send.command(f"handoff <@{BOB}>", ALICE, channel)
    note = bot.wait_line(channel, "Handoff note")
    assert f"<@{ALICE}> handed command to <@{BOB}>" in note
    assert "SEV3 · declared · open" in note and "Warming the cache by hand" in note
    bot.wait_dm(BOB, "Handoff note")
    bot.wait_card(channel, f"*Commander*\n<@{BOB}>")
    roles = bot.reply(bot.send.command("timeline", BOB, channel))
    assert "taking over from" in roles
