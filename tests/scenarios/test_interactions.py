"""Buttons, forms and the shortcut: every failure is told to the person who acted, a button acts
only on an incident the clicker may act on, and a repeated request changes nothing."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlencode

import pytest
from sqlalchemy import make_url, text

from bot.slack import ids
from tests.fakeslack import FakeSlack
from tests.support.harness import ALICE, BOB, CAROL, Harness, start_harness
from tests.support.signing import TEAM, select, text_input, user_select

FORM = "application/x-www-form-urlencoded"


@contextmanager
def database_refusing_writes(bot: Harness) -> Iterator[None]:
    """A real database failure on either backend: the incident table is away for a moment."""
    bot.idle()
    with bot.runtime.engine.begin() as connection:
        connection.execute(text("ALTER TABLE incident RENAME TO incident_away"))
    try:
        yield
    finally:
        with bot.runtime.engine.begin() as connection:
            connection.execute(text("ALTER TABLE incident_away RENAME TO incident"))


def _view(bot: Harness, callback_id: str) -> dict:
    def opened() -> dict | None:
        return next((v for v in bot.fake.views.values() if v["callback_id"] == callback_id), None)

    return bot.fake.wait_for(opened)


def test_a_declare_form_that_fails_in_the_database_is_told_on_the_commands_response_url(bot: Harness) -> None:
    opened = bot.send.command("", ALICE)
    view = _view(bot, ids.DECLARE_MODAL)
    values = {"title": text_input("Checkout down"), "severity": select("sev1"), "commander": user_select(ALICE)}
    with database_refusing_writes(bot):
        assert bot.send.submit(view, values, ALICE).status == 200
        told = bot.reply(opened)
    assert told.startswith("⚠️") and "nothing was changed" in told
    assert bot.fake.call_count("conversations.create") == 0


def test_a_failed_update_form_and_button_are_told_to_the_person(bot: Harness) -> None:
    channel, _ = bot.declare("sev2 Slow search")
    bot.send.click(ids.POST_UPDATE, "1", ALICE, channel)
    view = _view(bot, ids.UPDATE_MODAL)
    with database_refusing_writes(bot):
        bot.send.submit(view, {"update_text": text_input("Rolling back")}, ALICE)
        told = bot.fake.wait_for(lambda: [e for e in bot.fake.ephemerals if e["user"] == ALICE])
        click = bot.send.click(ids.ACKNOWLEDGE, "1", BOB, channel)
        assert "nothing was changed" in bot.reply(click)
    assert told[0]["channel"] == channel and "nothing was changed" in told[0]["text"]
    bot.idle()
    assert not any("Rolling back" in line for line in bot.lines(channel))


def test_buttons_act_only_on_the_incident_of_their_channel_or_one_the_clicker_can_see(bot: Harness) -> None:
    public, _ = bot.declare("sev3 Public trouble")
    private, _ = bot.declare("sev1 private Secret trouble", user=BOB)
    views_before = len(bot.fake.views)

    from_general = bot.send.click(ids.RESOLVE, "2", CAROL, bot.general)
    assert "There is no incident INC-2" in bot.reply(from_general)
    wrong_channel = bot.send.click(ids.RESOLVE, "2", CAROL, public)
    assert "not for this channel's incident, INC-1" in bot.reply(wrong_channel)
    update_elsewhere = bot.send.click(ids.POST_UPDATE, "2", CAROL, bot.general)
    assert "There is no incident INC-2" in bot.reply(update_elsewhere)
    for value in ("abc", "", "1e3", "²", "9" * 40):
        assert "does not name an incident" in bot.reply(bot.send.click(ids.ACKNOWLEDGE, value, CAROL, public))
    assert len(bot.fake.views) == views_before

    bot.send.click(ids.RESOLVE, "2", BOB, private)  # its own channel: fine
    bot.wait_line(private, "INC-2 resolved")
    bot.idle()
    assert not any("resolved" in line for line in bot.lines(public)[1:])


def _form(bot: Harness, text_: str, user: str, channel: str) -> dict[str, str]:
    return {
        "team_id": TEAM,
        "channel_id": channel,
        "user_id": user,
        "command": "/incident",
        "text": text_,
        "api_app_id": "A0001",
        "response_url": bot.fake.response_url(),
        "trigger_id": bot.fake.trigger_id(),
    }


def test_a_replayed_note_or_update_writes_and_announces_once(bot: Harness) -> None:
    channel, _ = bot.declare("sev2 Queue stuck")
    for text_ in ("note Restarted the consumer", "update Consumers restarted, backlog draining"):
        body = urlencode(_form(bot, text_, ALICE, channel)).encode()
        assert [bot.send.post(body, FORM)[0] for _ in range(2)] == [200, 200]
    bot.wait_line(channel, "backlog draining")
    bot.fake.wait_for(lambda: any("backlog draining" in line for line in bot.lines(bot.announce)))
    bot.idle()
    timeline = bot.reply(bot.send.command("timeline", ALICE, channel))
    assert timeline.count("Restarted the consumer") == 1 and timeline.count("backlog draining") == 1
    assert sum("backlog draining" in line for line in bot.lines(bot.announce)) == 1
    assert sum("Restarted the consumer" in line for line in bot.lines(channel)) == 1


def test_a_double_submitted_update_form_announces_once(bot: Harness) -> None:
    channel, _ = bot.declare("sev2 Login slow")
    bot.send.click(ids.POST_UPDATE, "1", ALICE, channel)
    view = _view(bot, ids.UPDATE_MODAL)
    for _ in range(2):
        bot.send.submit(view, {"update_text": text_input("Cache warmed")}, ALICE)
    bot.fake.wait_for(lambda: any("Cache warmed" in line for line in bot.lines(bot.announce)))
    bot.idle()
    assert sum("Cache warmed" in line for line in bot.lines(bot.announce)) == 1
    assert sum("Cache warmed" in line for line in bot.lines(channel)) == 1
    assert json.loads(view["private_metadata"])["number"] == 1


def test_a_declare_form_waiting_past_the_database_busy_timeout_is_told(fake: FakeSlack, database_url: str) -> None:
    """SQLite's own wait for the write lock (30 s in production, half a second here) runs out."""
    if not database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL writers queue on row locks; there is no busy timeout to run out")
    bot = start_harness(fake, database_url, sqlite_busy_timeout_seconds=0.5)
    try:
        opened = bot.send.command("", ALICE)
        view = _view(bot, ids.DECLARE_MODAL)
        bot.idle()
        blocker = sqlite3.connect(make_url(database_url).database, isolation_level=None)
        blocker.execute("BEGIN IMMEDIATE")  # another writer holds the lock
        try:
            bot.send.submit(view, {"title": text_input("Checkout down"), "severity": select("sev1")}, ALICE)
            told = bot.reply(opened, timeout=10)
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
    finally:
        bot.stop()
    assert "database is busy" in told and "nothing was changed" in told
    assert fake.call_count("conversations.create") == 0
