"""The catch-up on joining an incident's channel: the same summary as `/incident summary`, once per
person, however many times Slack delivers the join and however many replicas hear it."""

from __future__ import annotations

from sqlalchemy import text

from bot.core.clock import ManualClock
from bot.runtime import Runtime
from tests.fakeslack import FakeSlack
from tests.support.catchup import at, bot, clock, ephemerals_to, run, sections, summary_sections
from tests.support.harness import ALICE, BOB, CAROL, DAVE, SECRET, Harness, settings_for
from tests.support.signing import SlackSender

__all__ = ["bot", "clock"]  # the fixtures


def catch_ups_queued(bot: Harness) -> int:
    """Asked once the bot has stopped: the connection goes with the engine, as stopping did with the others."""
    try:
        with bot.runtime.engine.connect() as c:
            return c.execute(text("SELECT count(*) FROM outbox WHERE kind = 'catch_up'")).scalar_one()
    finally:
        bot.runtime.engine.dispose()


def test_joining_the_channel_brings_the_summary_once(bot: Harness, clock: ManualClock) -> None:
    channel, _ = bot.declare("sev2 Checkout is failing")
    bot.fake.add_member(channel, BOB)
    bot.send.joined(channel, BOB)  # nothing has happened beyond the declaration yet
    at(clock, 9, 10)
    run(bot, channel, ALICE, "note Rolling back the 08:55 deploy")
    at(clock, 9, 30)
    bot.send.joined(channel, "UBOT")  # the bot itself
    bot.send.joined(channel, ALICE, inviter="UBOT")  # the declarer, say re-invited

    bot.fake.add_member(channel, CAROL)
    assert bot.send.joined(channel, CAROL, event_id="Ev0JOIN1").status == 200
    first = bot.fake.wait_for(lambda: ephemerals_to(bot, channel, CAROL))
    assert first[0]["text"] == "Catch-up on INC-1"
    assert sections(first[0]["blocks"]) == summary_sections(bot, channel, CAROL)  # the same, at the same time
    assert bot.send.joined(channel, CAROL, event_id="Ev0JOIN1", retry=1).status == 200  # Slack retries
    bot.fake.remove_member(channel, CAROL)
    bot.fake.add_member(channel, CAROL)
    assert bot.send.joined(channel, CAROL, event_id="Ev0JOIN2").status == 200  # she left and came back
    bot.stop()  # every acknowledged event has been handled

    assert len(ephemerals_to(bot, channel, CAROL)) == 1
    assert catch_ups_queued(bot) == 1
    assert [ephemerals_to(bot, channel, user) for user in ("UBOT", ALICE, BOB)] == [[], [], []]


def test_two_replicas_hearing_the_same_join_send_one_summary(
    bot: Harness, clock: ManualClock, fake: FakeSlack, database_url: str
) -> None:
    channel, _ = bot.declare("sev2 Checkout is failing")
    at(clock, 9, 10)
    run(bot, channel, ALICE, "note Rolling back")
    fake.add_member(channel, DAVE)
    replica = Runtime(settings_for(fake, database_url), clock)
    replica.prepare()
    replica.start()
    try:
        bot.send.joined(channel, DAVE, event_id="Ev0JOIN9")
        SlackSender(f"http://127.0.0.1:{replica.port}/slack/events", SECRET, fake).joined(
            channel, DAVE, event_id="Ev0JOIN9", retry=1
        )
        fake.wait_for(lambda: ephemerals_to(bot, channel, DAVE))
    finally:
        replica.stop()
    bot.stop()
    assert len(ephemerals_to(bot, channel, DAVE)) == 1
    assert catch_ups_queued(bot) == 1
