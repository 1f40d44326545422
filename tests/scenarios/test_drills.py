"""Drills through the fake Slack: `/incident declare drill …` runs the real process, marked DRILL on
every message, announced only in the drills channel, paging only the people the drill names; the
real on-call is named, never paged, unless `[drills] page_oncall`. Ending it is `/incident resolve`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.slack.drill_mark import MARK_ID, PREFIX
from tests.fakeslack import FakeSlack
from tests.support.harness import ALICE, BOB, CAROL, CAROL_ON_CALL, Harness, start_harness

POLICY = (
    """
[[escalation.levels]]
notify = ["oncall:primary", "U0ALICE"]
after = "1h"
"""
    + CAROL_ON_CALL
    + """
[drills]
page_oncall = {page_oncall}
"""
)


@pytest.fixture
def drill_bot(fake: FakeSlack, database_url: str, tmp_path: Path) -> Iterator[Callable[..., Harness]]:
    """A bot whose escalation pages CAROL (on call) and ALICE; `channel`: a drills channel is set."""
    started: list[Harness] = []

    def start(channel: bool = True, page_oncall: bool = False) -> Harness:
        drills = fake.add_channel("drills", members=(ALICE, "UBOT"))
        text = POLICY.format(page_oncall=str(page_oncall).lower())
        policy = tmp_path / "policy.toml"
        policy.write_text(text + (f'channel = "{drills}"\n' if channel else ""))
        started.append(start_harness(fake, database_url, policy_file=policy, schedule_tick_seconds=0.1))
        started[-1].drills = drills  # type: ignore[attr-defined]
        return started[-1]

    yield start
    for harness in started:
        harness.stop()


def posted(bot: Harness, channel: str) -> list[dict]:
    return bot.fake.messages(channel)


def assert_marked(messages: list[dict]) -> None:
    assert messages
    for message in messages:
        assert message["blocks"][0]["block_id"] == MARK_ID, message
        assert "DRILL" in message["blocks"][0]["elements"][0]["text"]
        assert message["text"].startswith(PREFIX), message["text"]


def test_a_drill_pages_only_its_people_and_announces_only_in_the_drills_channel(drill_bot) -> None:
    bot = drill_bot()
    channel, answer = bot.declare("sev1 drill Database failover")
    assert bot.fake.channel(channel)["name"] == "inc-1-drill-database-failover"
    assert "🧪 DRILL" in bot.reply(answer)

    line = bot.wait_line(channel, "would have paged")
    assert line.endswith(
        f"Paged <@{ALICE}> (escalation level 1); a drill pages only its own people: would have paged <@{CAROL}>"
    )
    bot.fake.wait_for(lambda: bot.fake.dm_channel(ALICE))  # the declarer is one of the drill's people
    bot.send.command(f"escalate <@{BOB}>", ALICE, channel)  # named by hand: named by the drill
    bot.wait_line(channel, f"<@{ALICE}> paged <@{BOB}> (by hand)")
    bot.fake.wait_for(lambda: bot.fake.dm_channel(BOB))
    bot.send.command("update Failing over to the replica", ALICE, channel)
    bot.send.command("resolve Replica promoted", ALICE, channel)
    bot.wait_line(channel, "Replica promoted")
    bot.idle()

    assert bot.fake.dm_channel(CAROL) is None and CAROL not in bot.fake.channel(channel)["members"]
    assert not posted(bot, bot.announce), "nothing in the announce channel"
    drills = posted(bot, bot.drills)
    assert any("INC-1" in m["text"] for m in drills) and any("Replica promoted" in str(m) for m in drills)
    assert_marked(posted(bot, channel))  # card, lines, the update, the resolve
    assert_marked(drills)
    assert_marked(posted(bot, bot.fake.dm_channel(BOB)))  # the pages
    assert_marked(posted(bot, bot.fake.dm_channel(ALICE)))


def test_without_a_drills_channel_a_drill_is_announced_nowhere(drill_bot) -> None:
    bot = drill_bot(channel=False)
    channel, _ = bot.declare("drill Checkout practice")
    bot.send.command("update Practising", ALICE, channel)
    bot.wait_line(channel, "Practising")
    bot.idle()
    assert not posted(bot, bot.announce) and not posted(bot, bot.drills)


def test_page_oncall_lets_a_drill_page_the_real_on_call(drill_bot) -> None:
    bot = drill_bot(page_oncall=True)
    channel, _ = bot.declare("sev1 drill Failover with the on-call")
    bot.wait_line(channel, f"Paged <@{CAROL}>, <@{ALICE}> (escalation level 1)")
    bot.fake.wait_for(lambda: bot.fake.dm_channel(CAROL))
    bot.idle()
    assert_marked(posted(bot, bot.fake.dm_channel(CAROL)))


def test_drill_as_the_first_word_of_a_title_is_a_real_incident(drill_bot) -> None:
    bot = drill_bot()
    channel, _ = bot.declare("Drill the database failover")
    assert bot.fake.channel(channel)["name"] == "inc-1-drill-the-database-failover"
    bot.fake.wait_for(lambda: posted(bot, bot.announce))
    assert all(m["blocks"][0].get("block_id") != MARK_ID for m in posted(bot, channel))
