"""On-call across New York's autumn clock change, as people see it in Slack: the daily 01:30 handoff
comes at the first 01:30 (05:30Z), and in the half hour the clock then repeats (06:00Z-06:30Z) the
answer to `/incident oncall`, and the page a declare sends, stay with the person who took over."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

from tests.fakeslack import FakeSlack
from tests.support.clock import TravelClock
from tests.support.harness import ALICE, BOB, CAROL, DAVE, Harness, start_harness

POLICY = """
[[escalation.levels]]
notify = ["oncall:primary"]
after = "1h"

[oncall.primary]
timezone = "America/New_York"
handoff = "01:30"
rotation = "daily"
users = ["U0BOB", "U0CAROL", "U0DAVE"]
"""


def on_call_at(bot: Harness, clock: TravelClock, at: datetime) -> str:
    clock.offset = at - datetime.now(UTC)
    text = bot.reply(bot.send.command("oncall", ALICE, bot.general))
    found = re.search(r"\*primary\*: <@(\w+)> now", text)
    assert found, text
    return found.group(1)


def test_the_repeated_half_hour_keeps_the_person_who_took_over(
    fake: FakeSlack, database_url: str, tmp_path: Path, travel: TravelClock
) -> None:
    (tmp_path / "policy.toml").write_text(POLICY)
    bot = start_harness(fake, database_url, travel, policy_file=tmp_path / "policy.toml")
    try:
        handed_over(bot, travel)
    finally:
        bot.stop()


def handed_over(bot: Harness, clock: TravelClock) -> None:
    before = on_call_at(bot, clock, datetime(2026, 11, 1, 5, 20, tzinfo=UTC))  # 01:20 EDT
    after = on_call_at(bot, clock, datetime(2026, 11, 1, 5, 40, tzinfo=UTC))  # 01:40 EDT: handed off
    assert before != after and {before, after} <= {BOB, CAROL, DAVE}
    assert on_call_at(bot, clock, datetime(2026, 11, 1, 6, 10, tzinfo=UTC)) == after  # 01:10 EST, again

    channel, _ = bot.declare("sev1 Payments are down")
    bot.wait_line(channel, f"Paged <@{after}> (escalation level 1)")
    bot.wait_dm(after, "You are paged for INC-1")
    assert bot.fake.dm_channel(before) is None, "the person going off shift is not paged"
