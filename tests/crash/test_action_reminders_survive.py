"""Action-item reminders across a kill -9: an item stored before the crash that fell due while the
bot was down gets its owner's DM once, and the week's overdue digest goes out once, at start-up —
and a kill right after they were sent and a restart repeat neither."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from bot.store.engine import make_engine
from tests.crash.test_reminders_survive import declared, drained
from tests.support.harness import ALICE, BOB, blocks_text
from tests.support.process import BotProcess


def _dms(process: BotProcess) -> list[dict]:
    channel = process.fake.dm_channel(BOB)
    return [m for m in process.fake.messages(channel) if "A-1" in blocks_text(m.get("blocks") or [])] if channel else []


def _digests(process: BotProcess) -> list[dict]:
    announce = process.fake.channel_by_name("incidents")
    assert announce
    found = process.fake.messages(announce["id"])
    return [m for m in found if "Overdue action items" in blocks_text(m.get("blocks") or [])]


def _time_passes_while_down(database_url: str) -> None:
    """What the days the bot was down do: the item's due date passes and a new week begins."""
    engine = make_engine(database_url)
    overdue = datetime.now(UTC).date() - timedelta(days=3)
    try:
        with engine.begin() as c:
            c.execute(text("UPDATE action_item SET due = :due"), {"due": overdue})
            c.execute(text("DELETE FROM counter WHERE name = 'action_digest_week'"))
    finally:
        engine.dispose()


def test_a_due_dm_and_the_digest_survive_a_kill_and_go_out_once(bot_process: BotProcess) -> None:
    fake = bot_process.fake
    channel = declared(bot_process.start(), "sev3 Checkout is failing")
    tomorrow = (datetime.now(UTC).date() + timedelta(days=1)).isoformat()  # not due before the kill
    answer = bot_process.send.command(f"action Rotate the keys <@{BOB}> due {tomorrow}", ALICE, channel)
    assert answer.response_url
    fake.wait_for(lambda: re.search("Added A-1", str(fake.responses(answer.response_url))), timeout=15)
    drained(bot_process)
    assert _dms(bot_process) == []
    bot_process.kill()
    _time_passes_while_down(bot_process.database_url)

    bot_process.start()
    fake.wait_for(lambda: _dms(bot_process) and _digests(bot_process), timeout=15)
    bot_process.kill()  # right after: the restart must send neither again
    bot_process.start()
    drained(bot_process)
    time.sleep(2)  # a couple of ticker passes
    assert len(_dms(bot_process)) == 1
    assert len(_digests(bot_process)) == 1
