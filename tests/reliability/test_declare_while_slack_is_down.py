"""Issue 14, "When Slack is down": the fake Slack is stopped, `incident-bot declare` (the installed
console script, another process) and the dashboard form's core call declare, the fake is started
again, and each incident gets one channel, one pinned card and one announcement, in that order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import text

from bot.core import incidents
from bot.core.incidents import DeclareRequest
from bot.slack.blocks.card import card_block_id
from tests.fakeslack import FakeSlack
from tests.support.console import incident_bot
from tests.support.harness import ALICE, BOB, Harness, start_harness


def declare_on_the_command_line(bot: Harness, tmp_path: Path, *args: str) -> str:
    """Only the database: no token, and SLACK_API_URL points at a Slack that is not there."""
    outcome = incident_bot(
        "declare", *args, cwd=tmp_path,
        DATABASE_URL=bot.runtime.settings.database_url, SLACK_API_URL=bot.fake.api_url, LOG_LEVEL="WARNING",
        LOGNAME="sre-carol",
    )  # fmt: skip
    assert outcome.status == 0, outcome.stderr
    return outcome.stdout.strip()


def tried_set_ups(bot: Harness) -> int:
    """Channel set-ups the running bot has tried at least once (the CLI's row came from another process)."""
    query = "SELECT count(*) FROM outbox WHERE kind = 'setup_channel' AND attempts > 0 AND done_at IS NULL"
    with bot.runtime.engine.connect() as connection:
        return connection.execute(text(query)).scalar_one()


def calls_for(fake: FakeSlack, method: str, **wanted: Any) -> list[int]:
    """Where in the fake's call log `method` was called with these parameters."""
    return [
        i for i, (name, params) in enumerate(fake.calls) if name == method and wanted.items() <= params.items()
    ]  # fmt: skip


def card_posts(fake: FakeSlack, channel: str, number: int) -> list[int]:
    block = card_block_id(number)
    posts = calls_for(fake, "chat.postMessage", channel=channel)
    return [i for i in posts if any(b.get("block_id") == block for b in fake.calls[i][1].get("blocks") or [])]


def announces(bot: Harness, params: dict[str, Any], number: int) -> bool:
    return params.get("channel") == bot.announce and f"INC-{number}" in str(params)


def assert_set_up_once_in_order(bot: Harness, number: int, title_slug: str) -> str:
    """One channel, one card pinned in it, and the announcement only after both."""
    fake = bot.fake
    created = calls_for(fake, "conversations.create", name=f"inc-{number}-{title_slug}")
    channel = fake.channel_by_name(f"inc-{number}-{title_slug}")["id"]
    cards = card_posts(fake, channel, number)
    pins = calls_for(fake, "pins.add", channel=channel)
    announced = [i for i, (_, params) in enumerate(fake.calls) if announces(bot, params, number)]
    assert len(created) == 1 and len(cards) == 1 and len(pins) == 1, (created, cards, pins)
    assert created[0] < cards[0] < pins[0] < announced[0]
    assert fake.pins(channel) == [fake.messages(channel)[0]["ts"]]  # the card, the channel's first message
    return channel


def test_declares_made_while_slack_is_stopped_are_set_up_once_it_is_back(
    fake: FakeSlack, database_url: str, tmp_path: Path
) -> None:
    bot = start_harness(fake, database_url, outbox_delay_notice_seconds=3600)
    try:
        fake.stop()
        assert declare_on_the_command_line(bot, tmp_path, "Checkout is failing", "--severity", "sev2") == "INC-1"
        form = DeclareRequest(title="Search is slow", declared_by=BOB, severity="sev3", source="web")
        assert bot.runtime.services.desk.run(incidents.declare, form).incident.ref == "INC-2"  # the dashboard's call
        fake.wait_for(lambda: tried_set_ups(bot) == 2, timeout=10)  # picked up from the CLI's commit, and failed

        fake.start()
        bot.wait_line(bot.announce, "INC-2", timeout=20)
        bot.idle(timeout=20)

        first = assert_set_up_once_in_order(bot, 1, "checkout-is-failing")
        second = assert_set_up_once_in_order(bot, 2, "search-is-slow")
        assert [line for line in bot.lines(bot.announce) if "INC-1" in line] == bot.lines(bot.announce)[-1:]
        assert set(fake.channel(first)["members"]) == {"UBOT"}  # a login name is recorded, never invited
        assert BOB in fake.channel(second)["members"] and f"<@{BOB}>" in bot.card(second)  # the form's user commands
        timeline = bot.reply(bot.send.command("timeline", ALICE, first))
        assert "declared the incident (SEV2) from the command line: Checkout is failing" in timeline
        assert "from the dashboard" in bot.reply(bot.send.command("timeline", ALICE, second))

        bot.send.command("resolve Rolled back", ALICE, first)
        bot.wait_card(first, "resolved")  # a close that overtook the resolve would be refused
        bot.send.command("close", ALICE, first)
        draft = fake.wait_for(lambda: fake.files, timeout=10)[0]["content"].decode()
        assert "| sre-carol declared the incident (SEV2) from the command line: Checkout is failing |" in draft
        assert not calls_for(fake, "users.info", user="sre-carol")  # a name, not a Slack user to look up
    finally:
        bot.stop()


def test_a_slack_user_named_with_by_is_invited_and_commands(fake: FakeSlack, database_url: str, tmp_path: Path) -> None:
    bot = start_harness(fake, database_url)
    try:
        fake.stop()
        declare_on_the_command_line(bot, tmp_path, "Payments are down", "--private", "--by", ALICE)
        fake.start()
        fake.wait_for(lambda: fake.channel_by_name("inc-1-payments-are-down"), timeout=20)
        bot.idle(timeout=20)

        channel = fake.channel_by_name("inc-1-payments-are-down")
        assert channel["is_private"] and ALICE in channel["members"]
        assert f"<@{ALICE}>" in bot.card(channel["id"])
        assert not [line for line in bot.lines(bot.announce) if "INC-1" in line]  # private: never announced
    finally:
        bot.stop()
