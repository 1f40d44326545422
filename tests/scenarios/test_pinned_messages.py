"""The timeline follows Slack: a 📌-pinned message edited, deleted, unpinned and pinned again, as
people see it in `/incident timeline` — through signed events and the fake Slack."""

from __future__ import annotations

import threading
import time

from sqlalchemy import text

from tests.fakeslack import people
from tests.support.harness import ALICE, BOB, CAROL, Harness


def timeline(bot: Harness, channel: str) -> str:
    return bot.reply(bot.send.command("timeline", ALICE, channel))


def timeline_with(bot: Harness, channel: str, needle: str, timeout: float = 5.0) -> str:
    """The timeline once it shows `needle` (the event is applied after its ack)."""
    deadline = time.monotonic() + timeout
    while needle not in (shown := timeline(bot, channel)):
        assert time.monotonic() < deadline, f"{needle!r} never showed:\n{shown}"
        time.sleep(0.1)
    return shown


def pinned(bot: Harness, text: str = "df shows 98% on db-3", by: str = ALICE) -> tuple[str, str]:
    """An incident channel with Bob's message pinned by `by`; returns the channel and the message ts."""
    channel, _ = bot.declare("Disk filling up")
    ts = bot.fake.add_message(channel, BOB, text)
    pin(bot, channel, ts, by)
    return channel, ts


def pin(bot: Harness, channel: str, ts: str, by: str) -> None:
    checked = len(bot.fake.reactions(channel, ts).get("white_check_mark", []))
    bot.send.event(people.react(bot.fake, channel, ts, by))
    bot.idle()
    if not checked:
        bot.fake.wait_for(lambda: bot.fake.reactions(channel, ts).get("white_check_mark"))


def pin_line(shown: str) -> str:
    return next(line for line in shown.splitlines() if "(pinned)" in line)


def test_an_edited_pin_shows_the_latest_text_and_says_it_was_edited(bot: Harness) -> None:
    channel, ts = pinned(bot)
    bot.send.event(people.edit(bot.fake, channel, ts, "df shows 99% on db-3"))
    timeline_with(bot, channel, "99%")
    bot.send.event(people.edit(bot.fake, channel, ts, "df shows 100% on db-3"))

    line = pin_line(timeline_with(bot, channel, "100%"))
    assert f"<@{BOB}> (pinned): df shows 100% on db-3 (edited) (<https://" in line
    assert line.endswith(f"/p{ts.replace('.', '')}|message>)")
    assert "98%" not in line and "99%" not in line


def test_a_deleted_pin_keeps_its_text_and_says_so(bot: Harness) -> None:
    channel, ts = pinned(bot)
    bot.send.event(people.delete(bot.fake, channel, ts))

    line = pin_line(timeline_with(bot, channel, "(deleted in Slack)"))
    assert "df shows 98% on db-3 (deleted in Slack)" in line
    assert "|message>" not in line, "a deleted message's link leads nowhere"


def test_the_last_pin_taken_off_withdraws_the_entry_and_a_new_pin_restores_it(bot: Harness) -> None:
    channel, ts = pinned(bot)
    pin(bot, channel, ts, CAROL)  # two people pinned it
    bot.send.event(people.unreact(bot.fake, channel, ts, ALICE))
    bot.fake.wait_for(lambda: bot.fake.call_count("conversations.history") >= 3)  # asked Slack what is left
    bot.idle()
    assert "(withdrawn)" not in timeline(bot, channel), "Carol's 📌 is still on it"

    bot.send.event(people.unreact(bot.fake, channel, ts, CAROL))
    assert "df shows 98% on db-3 (withdrawn)" in timeline_with(bot, channel, "(withdrawn)")

    pin(bot, channel, ts, BOB)
    deadline = time.monotonic() + 5
    while "(withdrawn)" in (shown := timeline(bot, channel)):
        assert time.monotonic() < deadline, shown
        time.sleep(0.1)
    assert shown.count("(pinned)") == 1


def test_the_round_pushpin_counts_as_a_pin_too(bot: Harness) -> None:
    channel, ts = pinned(bot)
    bot.send.event(people.react(bot.fake, channel, ts, CAROL, "round_pushpin"))
    bot.send.event(people.unreact(bot.fake, channel, ts, ALICE))
    bot.idle()
    time.sleep(0.3)
    bot.idle()
    assert "(withdrawn)" not in timeline(bot, channel)


def test_slack_retrying_an_edit_event_changes_nothing(bot: Harness) -> None:
    channel, ts = pinned(bot)
    first = people.edit(bot.fake, channel, ts, "df shows 99% on db-3")
    bot.send.event(first, event_id="Ev0EDIT1")
    timeline_with(bot, channel, "99%")
    bot.send.event(people.edit(bot.fake, channel, ts, "df shows 100% on db-3"), event_id="Ev0EDIT2")
    timeline_with(bot, channel, "100%")

    assert bot.send.event(first, event_id="Ev0EDIT1", retry=1).status == 200
    bot.idle()
    time.sleep(0.3)
    assert "df shows 100% on db-3 (edited)" in timeline(bot, channel)


def test_messages_nobody_pinned_change_nothing(bot: Harness) -> None:
    channel, _ = pinned(bot)
    other = bot.fake.add_message(channel, CAROL, "restarting db-3")
    gone = bot.fake.add_message(channel, CAROL, "typo")
    before = timeline(bot, channel)
    bot.send.event(people.edit(bot.fake, channel, other, "restarting db-3 now"))
    bot.send.event(people.delete(bot.fake, channel, gone))
    bot.send.event(people.react(bot.fake, channel, other, CAROL, "eyes"))
    bot.send.event(people.unreact(bot.fake, channel, other, CAROL, "eyes"))
    bot.send.event(people.unreact(bot.fake, channel, other, CAROL))  # a 📌 never given
    time.sleep(0.5)
    bot.idle()

    assert timeline(bot, channel) == before
    with bot.runtime.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM outbox WHERE kind = 'follow_pin'")).scalar_one() == 0


def test_an_edit_while_the_pin_is_still_being_read_is_not_lost(bot: Harness) -> None:
    """The pin's read got the text before the edit; the edit waits for it and then applies."""
    channel, _ = bot.declare("Disk filling up")
    ts = bot.fake.add_message(channel, BOB, "df shows 98% on db-3")
    read = threading.Event()
    bot.fake.inject("chat.getPermalink", hold=read)  # history already read, the permalink held
    bot.send.event(people.react(bot.fake, channel, ts, ALICE))
    bot.fake.wait_for(lambda: bot.fake.call_count("chat.getPermalink"))

    bot.send.event(people.edit(bot.fake, channel, ts, "df shows 99% on db-3"))
    time.sleep(0.3)  # the edit arrives and is queued behind the read
    read.set()

    line = pin_line(timeline_with(bot, channel, "(edited)"))
    assert "df shows 99% on db-3 (edited)" in line
    with bot.runtime.engine.connect() as c:
        assert c.execute(text("SELECT count(*) FROM outbox WHERE kind = 'follow_pin'")).scalar_one() == 1
