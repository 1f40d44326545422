"""What the catch-up scenarios share: a bot on a manual clock that starts at T0, moving that clock
to a wall time, and a command that waits until it is recorded, so the next step is later."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import text

from bot.core.clock import ManualClock
from tests.fakeslack import FakeSlack
from tests.support.harness import Harness, start_harness

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
def bot(fake: FakeSlack, database_url: str, clock: ManualClock) -> Iterator[Harness]:
    harness = start_harness(fake, database_url, clock=clock)
    yield harness
    if not harness.runtime._stopping.is_set():
        harness.stop()


def at(clock: ManualClock, hour: int, minute: int) -> None:
    clock.advance(seconds=(T0.replace(hour=hour, minute=minute) - clock.now()).total_seconds())


def recorded(bot: Harness) -> int:
    with bot.runtime.engine.connect() as c:
        return c.execute(text("SELECT count(*) FROM timelineevent")).scalar_one()


def run(bot: Harness, channel: str, user: str, command: str) -> None:
    """A command that records an event; waits until it has, so the next step is later. (Its channel
    line may wait: the clock stands still, so a post the pace holds back waits for the next step.)"""
    before = recorded(bot)
    assert bot.send.command(command, user, channel).status == 200
    bot.fake.wait_for(lambda: recorded(bot) > before)


def summary_sections(bot: Harness, channel: str, user: str) -> list[str]:
    answer = bot.send.command("summary", user, channel)
    assert answer.status == 200 and answer.response_url
    payload = bot.fake.wait_for(lambda: bot.fake.responses(answer.response_url))[0]
    assert payload.get("response_type", "ephemeral") == "ephemeral"
    return sections(payload["blocks"])


def sections(blocks: list[dict[str, Any]]) -> list[str]:
    return [b["text"]["text"] if b["type"] == "section" else b["elements"][0]["text"] for b in blocks]


def ephemerals_to(bot: Harness, channel: str, user: str) -> list[dict[str, Any]]:
    return [e for e in bot.fake.ephemerals if e.get("user") == user and e.get("channel") == channel]
