"""The process harness itself: a real `incident-bot run` serves, dies by kill -9 and comes back
on the same database."""

from __future__ import annotations

from tests.support.harness import ALICE
from tests.support.process import BotProcess


def test_a_killed_bot_restarts_on_the_same_database(bot_process: BotProcess) -> None:
    first = bot_process.start().send.command("declare sev2 Payments down", ALICE)
    assert first.status == 200
    bot_process.fake.wait_for(lambda: bot_process.fake.channel_by_name("inc-1-payments-down"), timeout=10)
    bot_process.kill()

    second = bot_process.start().send.command("declare Search slow", ALICE)

    assert second.status == 200
    assert bot_process.fake.wait_for(lambda: bot_process.fake.channel_by_name("inc-2-search-slow"), timeout=10)
