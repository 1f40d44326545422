"""The HTTP surface: signature checks, retries of the same event, health."""

from __future__ import annotations

import json
import time
import urllib.request

from tests.support.harness import ALICE, Harness


def test_unsigned_wrongly_signed_and_stale_requests_get_401(bot: Harness) -> None:
    body = b"command=%2Fincident&text=list&user_id=U0ALICE&channel_id=C0GENERAL"
    content = "application/x-www-form-urlencoded"
    assert bot.send.post(body, content, signed=False)[0] == 401
    bot.send.secret = "not-the-secret"
    assert bot.send.post(body, content)[0] == 401
    bot.send.secret = "test-signing-secret"
    assert bot.send.post(body, content, timestamp=int(time.time()) - 6 * 60)[0] == 401
    assert bot.send.command("declare sev1 replayed", ALICE, timestamp=int(time.time()) - 3600).status == 401
    bot.idle()
    assert bot.fake.call_count("conversations.create") == 0


def test_healthz_reports_the_database(bot: Harness) -> None:
    with urllib.request.urlopen(f"http://127.0.0.1:{bot.runtime.port}/healthz") as response:
        assert response.status == 200
        assert json.loads(response.read()) == {"ok": True, "database": "ok"}


def test_slack_retries_of_the_same_pin_event_change_nothing(bot: Harness) -> None:
    channel, _ = bot.declare("Search is slow")
    bot.fake.wait_for(lambda: len(bot.fake.messages(channel)) >= 1)
    message_ts = bot.fake.messages(channel)[0]["ts"]
    event = {
        "type": "reaction_added",
        "user": ALICE,
        "reaction": "pushpin",
        "item": {"type": "message", "channel": channel, "ts": message_ts},
        "event_ts": f"{time.time():.6f}",
    }
    first = bot.send.event(event, event_id="Ev0PIN1")
    again = bot.send.event(event, event_id="Ev0PIN1", retry=1)
    assert first.status == again.status == 200
    bot.fake.wait_for(lambda: bot.fake.reactions(channel, message_ts).get("white_check_mark"))
    bot.send.event(event, event_id="Ev0PIN2")  # a second pin of the same message, new event
    bot.fake.wait_for(lambda: bot.fake.call_count("chat.getPermalink") >= 2)  # the second one was read
    time.sleep(0.2)
    bot.idle()
    timeline = bot.reply(bot.send.command("timeline", ALICE, channel))
    assert timeline.count("(pinned)") == 1


def test_commands_are_acknowledged_before_any_web_api_call_returns(bot: Harness) -> None:
    bot.fake.inject("conversations.create", delay=1.5)
    declare = bot.send.command("declare sev2 Slow Slack", ALICE)
    assert declare.status == 200 and "Declaring" in declare.text
    assert bot.fake.responses(declare.response_url) == []  # the channel link comes after the slow call
    assert "is declared" in bot.reply(declare, timeout=10)

    bot.fake.inject("views.open", delay=1.5)
    bare = bot.send.command("", ALICE)
    assert bare.status == 200 and bot.fake.views == {}
    bot.fake.wait_for(lambda: bot.fake.views)
