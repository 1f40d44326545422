"""The postmortem reminder across real processes: armed at resolve, it outlives a kill -9; the day it
falls due while nobody runs, the next start sends it once, and a restart right after never repeats it.
The day passes by moving its row's due time back while the bot is down (the policy's floor is 1h)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

from tests.crash.schedule_rows import due_at, fall_due
from tests.crash.test_reminders_survive import count, declared, drained
from tests.support.harness import ALICE
from tests.support.process import BotProcess

REMINDER = "is not marked complete yet"
KIND = "postmortem"


def test_the_postmortem_reminder_survives_a_kill_and_is_sent_once(bot_process: BotProcess) -> None:
    fake = bot_process.fake
    channel = declared(bot_process.start(), "Checkout errors")
    bot_process.send.command("resolve Rolled back", ALICE, channel)
    fake.wait_for(lambda: due_at(bot_process, KIND), timeout=10)
    armed = due_at(bot_process, KIND)
    assert armed is not None and armed > datetime.now(UTC) + timedelta(hours=23)
    drained(bot_process)
    bot_process.kill()

    fall_due(bot_process, KIND)  # a day passes while nobody runs
    bot_process.start()
    fake.wait_for(lambda: count(fake, channel, REMINDER), timeout=10)
    drained(bot_process)
    bot_process.kill()  # right after the reminder: the restart must not send it again
    bot_process.start()
    time.sleep(2)

    assert count(fake, channel, REMINDER) == 1
    moved = due_at(bot_process, KIND)
    assert moved is not None and moved > datetime.now(UTC) + timedelta(hours=23), "the next one is a day on"
