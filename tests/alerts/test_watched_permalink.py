"""A watched alert message whose permalink Slack fails to tell at first (500, then 429): Slack
already had its 200 for the event and never sends it again, so the alert must still arrive, once,
also when Slack retries the event itself."""

from __future__ import annotations

from sqlalchemy import text

from tests.alerts.test_watched_messages import ALERTMANAGER_SLACK, _post, _thread
from tests.support.alerts import settle


def _incident_rows(bot) -> list[tuple]:
    with bot.runtime.engine.connect() as c:
        return [tuple(r) for r in c.execute(text("SELECT number, channel_id, source_permalink FROM incident"))]


def _flaky_permalink(bot) -> None:
    """Slack answers the message's permalink with a 500, then a 429, then the link."""
    bot.fake.inject("chat.getPermalink", status=500)
    bot.fake.inject("chat.getPermalink", status=429, retry_after=0.2)


def test_a_slack_error_reading_the_permalink_loses_no_alert_and_a_retried_event_doubles_none(alert_bot) -> None:
    bot = alert_bot()
    _flaky_permalink(bot)
    ts = bot.fake.add_message(bot.alerts, "B0AM", "alert")
    event = {**ALERTMANAGER_SLACK, "channel": bot.alerts, "ts": ts}
    bot.send.event(event, event_id="Ev0WATCHED1")
    bot.send.event(event, event_id="Ev0WATCHED1", retry=1)  # Slack's retry of the same event

    (number, channel, link), *more = bot.fake.wait_for(
        lambda: _incident_rows(bot) and _incident_rows(bot)[0][1] and _incident_rows(bot), 15
    )
    assert more == [] and number == 1 and link and ts.replace(".", "") in link
    bot.fake.wait_for(lambda: [b["title"] for b in bot.fake.bookmarks(channel)] == ["Alert message"], 10)
    settle(bot)
    assert len(_incident_rows(bot)) == 1 and bot.fake.call_count("conversations.create") == 1
    assert bot.fake.call_count("chat.getPermalink") >= 3


def test_a_slack_error_reading_the_permalink_still_prompts_once(alert_bot) -> None:
    bot = alert_bot(routes="")
    _flaky_permalink(bot)
    first = _post(bot, ALERTMANAGER_SLACK)
    bot.fake.wait_for(lambda: _thread(bot, first), 15)
    settle(bot)
    assert len(_thread(bot, first)) == 1 and _incident_rows(bot) == []
