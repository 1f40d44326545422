"""The inbox's marker header (`x-incident-bot-kept`): the bot's own replays and hand-overs to its
worker process carry it and are not written to the inbox again; a request from outside that
carries it is kept all the same, so nobody can make an acknowledged command skip the inbox."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event

from bot.slack.inbox import replayer
from tests.support.harness import ALICE, Harness


def inbox_inserts(bot: Harness) -> list[str]:
    """The statements that write inbox rows on the ack path, from now on."""
    seen: list[str] = []

    def look(_connection: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if statement.startswith("INSERT INTO inbox"):
            seen.append(statement)

    event.listen(bot.runtime.door, "before_cursor_execute", look)
    return seen


def test_a_signed_request_that_says_it_is_kept_is_kept_all_the_same(bot: Harness) -> None:
    inserts = inbox_inserts(bot)

    answer = bot.send.command("declare sev3 Header games", ALICE, headers={"X-Incident-Bot-Kept": "1"})

    assert answer.status == 200
    assert len(inserts) == 1


def test_a_request_the_bot_replays_is_not_written_again(bot: Harness) -> None:
    inserts = inbox_inserts(bot)
    body = {
        "command": "/incident",
        "text": "declare sev3 Replayed once",
        "user_id": ALICE,
        "channel_id": bot.general,
        "team_id": "T0001",
        "response_url": bot.fake.response_url(),
        "trigger_id": bot.fake.trigger_id(),
        "api_app_id": "A0001",
    }

    assert replayer(bot.runtime.app)(body)

    assert inserts == []
    bot.fake.wait_for(lambda: bot.fake.channel_by_name("inc-1-replayed-once"), timeout=10)
