"""Action items as time passes, with the bot's clock moved by hand: an item falls due at 09:00 UTC
on its due date and its owner (else the commander) gets one DM, however often and by however many
bots the ticker runs; the announce channel gets one digest of overdue items a week, from Monday
09:00 UTC, naming no private incident, and nothing when nothing is overdue."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from bot.runtime import Runtime
from tests.fakeslack import FakeSlack
from tests.support.harness import ALICE, BOB, CAROL, Harness, blocks_text, settings_for, start_harness

WEDNESDAY = datetime(2026, 12, 9, 12, 0, tzinfo=UTC)  # ISO week 50
SECRET = "Payroll export leaked"
DIGEST = "Overdue action items"


class ShiftedClock:
    """The real time moved to `start`, then on by hand: time still passes, so the outbox's leases
    and back-off behave, while a test can jump to a due date."""

    def __init__(self, start: datetime) -> None:
        self.offset = start - datetime.now(UTC)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    def set(self, at: datetime) -> None:
        self.offset = at - datetime.now(UTC)


@pytest.fixture
def clock() -> ShiftedClock:
    return ShiftedClock(WEDNESDAY)


@pytest.fixture
def bot(fake: FakeSlack, database_url: str, clock: ShiftedClock) -> Iterator[Harness]:
    harness = start_harness(fake, database_url, clock, schedule_tick_seconds=3600)  # the test ticks by hand
    yield harness
    harness.stop()


@pytest.fixture
def replica(bot: Harness, fake: FakeSlack, database_url: str, clock: ShiftedClock) -> Iterator[Runtime]:
    """A second bot on the same database, as another replica would be."""
    second = Runtime(settings_for(fake, database_url, schedule_tick_seconds=3600), clock)
    second.prepare()
    second.start()
    yield second
    second.stop()


def dms(bot: Harness, user: str) -> list[str]:
    channel = bot.fake.dm_channel(user)
    return [blocks_text(m.get("blocks") or []) for m in bot.fake.messages(channel)] if channel else []


def digests(bot: Harness) -> list[str]:
    return [line for line in bot.lines(bot.announce) if DIGEST in line]


def tick_everywhere(bot: Harness, *others: Runtime) -> None:
    """Two passes on each bot, then everything they queued delivered."""
    for runtime in (bot.runtime, *others) * 2:
        runtime.ticker.tick()
    bot.idle()


def add(bot: Harness, channel: str, what: str) -> None:
    assert "Added" in bot.reply(bot.send.command(f"action {what}", ALICE, channel))


def test_the_owner_is_told_once_at_nine_on_the_due_date(bot: Harness, replica: Runtime, clock: ShiftedClock) -> None:
    channel, _ = bot.declare("sev3 Checkout is failing")
    add(bot, channel, f"Rotate the keys <@{BOB}> due 2026-12-10")
    clock.set(datetime(2026, 12, 10, 8, 58, tzinfo=UTC))
    tick_everywhere(bot, replica)
    assert dms(bot, BOB) == []

    clock.set(datetime(2026, 12, 10, 9, 0, 30, tzinfo=UTC))
    tick_everywhere(bot, replica)
    bot.fake.wait_for(lambda: dms(bot, BOB), 5)
    clock.set(datetime(2026, 12, 12, 9, 0, tzinfo=UTC))
    tick_everywhere(bot, replica)
    time.sleep(0.3)
    [dm] = dms(bot, BOB)
    assert "Action item *A-1* is due · due 2026-12-10 (due today): Rotate the keys" in dm
    assert f"You own it. From INC-1 Checkout is failing (<#{channel}>)" in dm


def test_an_item_with_no_owner_reminds_the_commander_and_done_items_remind_nobody(
    bot: Harness, clock: ShiftedClock
) -> None:
    channel, _ = bot.declare("sev3 Search is slow")
    add(bot, channel, "Add a dashboard due 2026-12-10")
    add(bot, channel, f"Already done <@{CAROL}> due 2026-12-10")
    bot.send.command("resolve", ALICE, channel)  # items outlive the incident
    listing = bot.send.command("actions", CAROL, channel)
    bot.reply(listing)
    payload = bot.fake.responses(listing.response_url)[-1]
    button = next(b for b in payload["blocks"] if b.get("block_id") == "action-2")["elements"][0]
    bot.send.click(button["action_id"], button["value"], CAROL, channel)
    bot.wait_line(channel, "marked action A-2 done")

    clock.set(datetime(2026, 12, 11, 10, 0, tzinfo=UTC))
    tick_everywhere(bot)
    [dm] = bot.fake.wait_for(lambda: dms(bot, ALICE), 5)
    assert "It has no owner and you command INC-1: hand it on." in dm and "(overdue)" in dm
    assert dms(bot, CAROL) == []


def test_a_reassigned_item_already_due_tells_its_new_owner(bot: Harness, clock: ShiftedClock) -> None:
    channel, _ = bot.declare("sev3 Search is slow")
    add(bot, channel, f"Fix the index <@{BOB}> due 2026-12-10")
    clock.set(datetime(2026, 12, 10, 9, 30, tzinfo=UTC))
    tick_everywhere(bot)
    bot.fake.wait_for(lambda: dms(bot, BOB), 5)
    payload = {"type": "users_select", "action_id": "incident_action_reassign", "block_id": "action-1"}
    bot.send.interactive(
        {
            "type": "block_actions",
            "user": {"id": BOB},
            "trigger_id": bot.fake.trigger_id(),
            "response_url": bot.fake.response_url(),
            "channel": {"id": bot.fake.dm_channel(BOB)},
            "container": {"type": "message", "message_ts": "1.0"},
            "actions": [{**payload, "selected_user": CAROL, "action_ts": "1.0"}],
        }
    )
    bot.wait_line(channel, "gave action A-1")
    tick_everywhere(bot)
    assert "You own it." in bot.fake.wait_for(lambda: dms(bot, CAROL), 5)[0]
    assert len(dms(bot, BOB)) == 1


def test_a_private_incident_s_item_is_not_described_to_an_owner_outside_it(bot: Harness, clock: ShiftedClock) -> None:
    channel, _ = bot.declare(f"sev3 private {SECRET}")
    add(bot, channel, f"Revoke the export tokens <@{BOB}> due 2026-12-10")
    clock.set(datetime(2026, 12, 10, 9, 30, tzinfo=UTC))
    tick_everywhere(bot)
    [dm] = bot.fake.wait_for(lambda: dms(bot, BOB), 5)
    assert "A-1" in dm and "private incident you are not in" in dm
    assert SECRET not in dm and "Revoke" not in dm and "INC-1" not in dm


def test_the_weekly_digest_goes_once_a_week_from_monday_nine_and_names_no_private_incident(
    bot: Harness, replica: Runtime, clock: ShiftedClock
) -> None:
    public, _ = bot.declare("sev3 Checkout is failing")
    private, _ = bot.declare(f"sev3 private {SECRET}")
    add(bot, public, f"Add a canary stage <@{BOB}> due 2026-12-10")
    add(bot, public, "Write the runbook due 2026-12-31")  # not overdue yet
    add(bot, private, f"Revoke the export tokens <@{ALICE}> due 2026-12-11")
    tick_everywhere(bot, replica)
    assert digests(bot) == [], "nothing overdue this week"

    clock.set(datetime(2026, 12, 14, 8, 59, tzinfo=UTC))  # Monday, before nine
    tick_everywhere(bot, replica)
    assert digests(bot) == []
    clock.set(datetime(2026, 12, 14, 9, 1, tzinfo=UTC))
    tick_everywhere(bot, replica)
    [digest] = bot.fake.wait_for(lambda: digests(bot), 5)
    assert "2 open past their due date as of 2026-12-14" in digest
    assert f"*A-1* Add a canary stage — <@{BOB}> · due 2026-12-10 *(overdue)* · INC-1 Checkout is failing" in digest
    assert "1 of them belong to private incidents and are not named here." in digest
    assert SECRET not in digest and "Revoke" not in digest and "A-3" not in digest and "A-2" not in digest

    clock.set(datetime(2026, 12, 17, 9, 1, tzinfo=UTC))
    tick_everywhere(bot, replica)
    clock.set(datetime(2026, 12, 21, 9, 1, tzinfo=UTC))  # the next Monday
    tick_everywhere(bot, replica)
    assert len(bot.fake.wait_for(lambda: len(digests(bot)) == 2 and digests(bot), 5)) == 2


def test_no_digest_without_an_announce_channel(fake: FakeSlack, database_url: str, clock: ShiftedClock) -> None:
    harness = start_harness(fake, database_url, clock, schedule_tick_seconds=3600, announce_channel=None)
    try:
        channel, _ = harness.declare("sev3 Checkout is failing")
        add(harness, channel, "Overdue, but nowhere to say so due 2026-12-10")
        clock.set(datetime(2026, 12, 14, 9, 1, tzinfo=UTC) + timedelta(days=7))
        tick_everywhere(harness)
        time.sleep(0.3)
        assert not [m for c in fake.channel_ids() for m in fake.messages(c) if DIGEST in str(m.get("blocks"))]
    finally:
        harness.stop()
