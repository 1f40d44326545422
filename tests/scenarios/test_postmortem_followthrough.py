"""Follow-through after resolve, as people see it: the commander reminded in the channel each day
until `/incident postmortem done`, and `/incident postmortem` adding a new draft file beside the
earlier ones. Days pass by moving the bot's clock ahead."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.fakeslack import FakeSlack
from tests.support.clock import TravelClock
from tests.support.harness import ALICE, BOB, CAROL, Harness, start_harness

REMINDER = "is not marked complete yet"


Start = Callable[..., tuple[Harness, TravelClock]]


@pytest.fixture
def traveller(fake: FakeSlack, database_url: str, tmp_path: Path) -> Iterator[Start]:
    started: list[Harness] = []

    def start(policy: str = "") -> tuple[Harness, TravelClock]:
        path = tmp_path / "policy.toml"
        path.write_text(policy)
        clock = TravelClock()
        started.append(start_harness(fake, database_url, clock, policy_file=path, schedule_tick_seconds=0.2))
        return started[-1], clock

    yield start
    for harness in started:
        harness.stop()


def reminders(bot: Harness, channel: str) -> list[str]:
    return [line for line in bot.lines(channel) if REMINDER in line]


def after(bot: Harness, clock: TravelClock, channel: str, expected: int, **delta: float) -> list[str]:
    """Move the clock on and wait for the reminders to number `expected` (and, a few ticks later, still)."""
    clock.advance(**delta)
    bot.fake.wait_for(lambda: len(reminders(bot, channel)) >= expected)
    time.sleep(0.6)  # several ticks: a reminder too many would be out by now
    bot.idle()
    found = reminders(bot, channel)
    assert len(found) == expected, found
    return found


def resolved(bot: Harness, title: str = "Checkout errors") -> str:
    channel, _ = bot.declare(title)
    bot.send.command("resolve Rolled back", ALICE, channel)
    bot.wait_card(channel, "resolved")
    bot.idle()
    return channel


def test_the_commander_is_reminded_daily_until_the_postmortem_is_done(traveller: Start) -> None:
    bot, clock = traveller()
    channel = resolved(bot)
    after(bot, clock, channel, 0, hours=23)
    [first] = after(bot, clock, channel, 1, hours=1)
    assert f"<@{ALICE}>, the postmortem of INC-1 {REMINDER}" in first
    assert "/incident postmortem done" in first and "every 1d" in first
    after(bot, clock, channel, 2, days=1)

    done = bot.reply(bot.send.command("postmortem done", ALICE, channel))
    assert "marked complete" in done
    bot.wait_line(channel, f"<@{ALICE}> marked the postmortem complete")
    again = bot.reply(bot.send.command("postmortem done", ALICE, channel))
    assert "already marked complete" in again
    after(bot, clock, channel, 2, days=3)
    assert sum("marked the postmortem complete" in line for line in bot.lines(channel)) == 1


def test_reopen_stops_the_reminder_and_resolving_again_restarts_it(traveller: Start) -> None:
    bot, clock = traveller()
    channel = resolved(bot)
    clock.advance(hours=12)
    bot.send.command("reopen", ALICE, channel)
    bot.wait_card(channel, "investigating")
    after(bot, clock, channel, 0, days=2)

    bot.send.command("resolve Fixed for real", ALICE, channel)
    bot.wait_card(channel, "resolved")
    after(bot, clock, channel, 0, hours=23)
    after(bot, clock, channel, 1, hours=1)


def test_a_cancelled_incident_is_never_reminded(traveller: Start) -> None:
    bot, clock = traveller()
    channel, _ = bot.declare("False alarm")
    bot.send.command("cancel not real", ALICE, channel)
    bot.wait_card(channel, "cancelled")
    after(bot, clock, channel, 0, days=2)
    refused = bot.reply(bot.send.command("postmortem", ALICE, channel))
    assert "has no postmortem" in refused


def test_the_policy_sets_how_often(traveller: Start) -> None:
    bot, clock = traveller('[postmortem]\nremind_every = "4h"\n')
    channel = resolved(bot)
    after(bot, clock, channel, 0, hours=3)
    [line] = after(bot, clock, channel, 1, hours=1)
    assert "every 4h" in line
    after(bot, clock, channel, 2, hours=4)


def test_with_no_commander_the_channel_is_reminded(traveller: Start) -> None:
    bot, clock = traveller()
    channel = resolved(bot)
    bot.send.command(f"relieve <@{ALICE}>", ALICE, channel)
    bot.wait_card(channel, "nobody yet")
    [line] = after(bot, clock, channel, 1, days=1)
    assert line.startswith(f"📝 Team, the postmortem of INC-1 {REMINDER}")


def test_each_postmortem_command_adds_a_file_and_keeps_the_earlier_ones(bot: Harness) -> None:
    channel = resolved(bot)
    bot.send.command("close", ALICE, channel)
    bot.fake.wait_for(lambda: len(bot.fake.files) == 1)
    bot.send.command("note Root cause: a config push", BOB, channel)
    bot.wait_line(channel, "a config push")  # committed before the redraft reads the timeline

    first = bot.reply(bot.send.command("postmortem", BOB, channel))
    assert "draft v2" in first
    bot.fake.wait_for(lambda: len(bot.fake.files) == 2)
    bot.reply(bot.send.command("postmortem", CAROL, channel))
    bot.fake.wait_for(lambda: len(bot.fake.files) == 3)
    bot.idle()

    files = bot.fake.files
    assert [f["filename"] for f in files] == ["INC-1-postmortem.md", "INC-1-postmortem-v2.md", "INC-1-postmortem-v3.md"]
    assert all(f["channels"] == [channel] for f in files)
    assert "a config push" not in files[0]["content"].decode()
    assert "a config push" in files[1]["content"].decode()
    assert bot.fake.call_count("files.delete") == 0
    shared = [m for m in bot.fake.messages(channel) if m.get("files")]
    assert len(shared) == 3
    assert f"<@{BOB}> rendered the postmortem draft of INC-1 again" in shared[1]["text"]


def test_a_draft_can_be_had_before_the_close(bot: Harness) -> None:
    channel, _ = bot.declare("Search is slow")
    assert "draft v1" in bot.reply(bot.send.command("postmortem", ALICE, channel))
    bot.fake.wait_for(lambda: len(bot.fake.files) == 1)
    assert bot.fake.files[0]["filename"] == "INC-1-postmortem.md"
    [shared] = [m for m in bot.fake.messages(channel) if m.get("files")]
    assert shared["text"].startswith(f"📝 <@{ALICE}> asked for the postmortem draft of INC-1, from the record so far")

    bot.send.command("resolve", ALICE, channel)
    bot.wait_card(channel, "resolved")
    bot.send.command("close", ALICE, channel)
    bot.fake.wait_for(lambda: len(bot.fake.files) == 2)
    assert bot.fake.files[1]["filename"] == "INC-1-postmortem-v2.md", "the close's draft is the next version"


def test_only_the_commander_or_whoever_may_close_marks_it_done(traveller: Start) -> None:
    bot, _ = traveller('[permissions]\nclose = "roles"\n')
    channel = resolved(bot)
    refused = bot.reply(bot.send.command("postmortem done", CAROL, channel))
    assert "Only the commander or the incident's role holders" in refused
    assert "may mark the postmortem complete (as for closing: policy `[permissions] close`)" in refused
    open_one, _ = bot.declare("Still burning")
    early = bot.reply(bot.send.command("postmortem done", ALICE, open_one))
    assert "resolve it first" in early
    bad = bot.send.command("postmortem finished", ALICE, channel)
    assert "`/incident postmortem [done]`" in bad.text
