"""Reminders across real processes: a nudge that fell due while the bot was down (kill -9) goes out
once at start-up, a restart right after one never repeats it, and two processes on one PostgreSQL
send each page exactly once."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.core.schedule import UPDATE_NUDGE
from bot.store.engine import make_engine
from tests.crash.schedule_rows import due_at, fall_due
from tests.fakeslack import FakeSlack
from tests.support.harness import ALICE, blocks_text
from tests.support.process import BotProcess

NUDGE = "time for a status update"


def policy(tmp_path: Path, text: str) -> str:
    path = tmp_path / "policy.toml"
    path.write_text(text)
    return str(path)


def count(fake: FakeSlack, channel: str, needle: str) -> int:
    return sum(needle in blocks_text(m.get("blocks") or []) for m in fake.messages(channel))


def drained(process: BotProcess) -> None:
    engine = make_engine(process.database_url)
    query = text("SELECT count(*) FROM outbox WHERE done_at IS NULL AND failed_at IS NULL")

    def empty() -> bool:
        with engine.connect() as connection:
            return connection.execute(query).scalar_one() == 0

    try:
        process.fake.wait_for(empty, timeout=15)
    finally:
        engine.dispose()


def declared(process: BotProcess, title: str) -> str:
    """Declare through the process and wait for the pinned card; returns the channel ID."""
    fake = process.fake
    answer = process.send.command(f"declare {title}", ALICE)
    assert answer.response_url
    reply = fake.wait_for(lambda: re.search(r"<#(C\w+)>", str(fake.responses(answer.response_url))), timeout=15)
    channel = reply.group(1)
    fake.wait_for(lambda: fake.pins(channel), timeout=15)
    return channel


def test_a_nudge_due_while_down_is_sent_once_after_restart(bot_process: BotProcess, tmp_path: Path) -> None:
    """The cadence is long enough that no second nudge can fall due during the test however slow a
    restart is; the first falls due while the bot is down by moving its row back."""
    bot_process.extra_env["INCIDENT_POLICY_FILE"] = policy(tmp_path, '[severities.sev2]\nupdate_every = "10m"\n')
    channel = declared(bot_process.start(), "sev2 Payments down")
    bot_process.fake.wait_for(lambda: due_at(bot_process, UPDATE_NUDGE), timeout=10)
    drained(bot_process)  # kill between deliveries: an interrupted delivery waits out its lease
    bot_process.kill()
    fall_due(bot_process, UPDATE_NUDGE)  # the nudge falls due while nobody is running
    assert count(bot_process.fake, channel, NUDGE) == 0

    bot_process.start()
    bot_process.fake.wait_for(lambda: count(bot_process.fake, channel, NUDGE), timeout=10)
    drained(bot_process)
    bot_process.kill()  # right after the nudge: the restart must not send it again
    bot_process.start()
    time.sleep(2)
    assert count(bot_process.fake, channel, NUDGE) == 1
    moved = due_at(bot_process, UPDATE_NUDGE)
    assert moved is not None and moved > datetime.now(UTC) + timedelta(minutes=9), "the next one is a cadence on"


RACE_POLICY = """
[severities.sev1]
update_every = "2s"

[[escalation.levels]]
notify = ["oncall:primary"]
after = "1s"
[[escalation.levels]]
notify = ["U0DAVE"]
after = "1s"

[oncall.primary]
timezone = "UTC"
handoff = "mon 09:00"
users = ["U0CAROL"]
"""


def test_two_processes_on_one_postgresql_send_each_page_and_nudge_once(
    fake: FakeSlack, database_url: str, tmp_path: Path, bot_process: BotProcess
) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("several processes share one database on PostgreSQL only; SQLite runs one process")
    bot_process.extra_env["INCIDENT_POLICY_FILE"] = policy(tmp_path, RACE_POLICY)
    (tmp_path / "second").mkdir()
    second = BotProcess(fake, database_url, tmp_path / "second", INCIDENT_POLICY_FILE=str(tmp_path / "policy.toml"))
    try:
        second.start()
        bot_process.start()
        channels = [declared(p, f"sev1 Outage number {i}") for i, p in enumerate((bot_process, second, bot_process))]
        for channel in channels:
            fake.wait_for(lambda c=channel: count(fake, c, "escalation levels have been paged"), timeout=15)
        time.sleep(1.5)
        for channel in channels:
            assert count(fake, channel, "(escalation level 1)") == 1
            assert count(fake, channel, "(escalation level 2)") == 1
            assert count(fake, channel, "escalation levels have been paged") == 1
        dms = [m for user in ("U0CAROL", "U0DAVE") for m in fake.messages(fake.dm_channel(user) or "")]
        assert len(dms) == 2 * len(channels), "one DM per level per incident"
        for channel in channels:
            fake.wait_for(lambda c=channel: count(fake, c, NUDGE) >= 2, timeout=10)
        for fired in _nudges_fired(database_url).values():  # when fired, not when Slack got them (paced)
            assert all(b - a > 1.5 for a, b in pairwise(fired)), "each nudge once, a cadence apart"
    finally:
        second.kill()


def _nudges_fired(database_url: str) -> dict[int, list[float]]:
    """Each incident's update-nudge firing times (the outbox rows the ticker queued), in order."""
    engine = make_engine(database_url)
    try:
        with engine.connect() as c:
            rows = c.execute(text("SELECT incident_id, created_at FROM outbox WHERE kind = 'nudge' ORDER BY id"))
            fired: dict[int, list[float]] = {}
            for incident_id, created_at in rows:
                at = created_at if isinstance(created_at, datetime) else datetime.fromisoformat(str(created_at))
                fired.setdefault(incident_id, []).append(at.timestamp())
            return fired
    finally:
        engine.dispose()
