"""A storm in miniature: groups re-sent whole as they grow make one incident each, keep every
alert, and post at most one alert message per incident per minute."""

from __future__ import annotations

from sqlalchemy import text

from tests.support.alerts import am_alert, am_group, post

GROUPS, ALERTS, SENDS = 8, 30, 3


def _scalar(bot, sql: str) -> int:
    with bot.runtime.engine.connect() as c:
        return c.execute(text(sql)).scalar_one()


def test_growing_groups_make_one_incident_each_and_one_alert_message_a_minute(alert_bot) -> None:
    bot = alert_bot()
    for send in range(1, SENDS + 1):
        for g in range(GROUPS):
            alerts = [am_alert(f"Storm{g}", f"host-{i}") for i in range(ALERTS * send // SENDS)]
            assert post(bot, "/alerts/alertmanager", am_group(alerts, group=f"Storm{g}"))[0] == 202

    bot.fake.wait_for(lambda: _scalar(bot, "SELECT count(*) FROM incident WHERE channel_id IS NOT NULL") == GROUPS)
    waiting = "SELECT count(*) FROM outbox WHERE done_at IS NULL AND failed_at IS NULL"
    bot.fake.wait_for(lambda: _scalar(bot, waiting) == _scalar(bot, f"{waiting} AND kind = 'alert_digest'"), 15)
    assert _scalar(bot, "SELECT count(*) FROM incident") == GROUPS
    assert _scalar(bot, "SELECT count(*) FROM alert") == GROUPS * ALERTS
    with bot.runtime.engine.connect() as c:
        channels = [r[0] for r in c.execute(text("SELECT channel_id FROM incident"))]

    def told() -> list[int]:
        return [sum("🔔" in line for line in bot.lines(channel)) for channel in channels]

    bot.fake.wait_for(lambda: all(told()), 10)
    bot.fake.wait_for(lambda: _scalar(bot, waiting) == _scalar(bot, f"{waiting} AND kind = 'alert_digest'"), 15)
    assert told() == [1] * GROUPS  # later joins wait for the next minute
    bot.fake.wait_for(lambda: _scalar(bot, "SELECT count(*) FROM alertgroup WHERE digest_at IS NOT NULL") == GROUPS)


def test_rate_limits_during_a_storm_reach_nobody(alert_bot) -> None:
    """Slack answers 429 with Retry-After: the client waits and retries; nobody is told of a failure."""
    bot = alert_bot()
    bot.fake.inject("chat.postMessage", retry_after=0.2, times=3)
    bot.fake.inject("conversations.create", retry_after=0.2, times=2)
    for g in range(3):
        post(bot, "/alerts/alertmanager", am_group([am_alert(f"Limited{g}", "a")], group=f"Limited{g}"))

    bot.fake.wait_for(lambda: _scalar(bot, "SELECT count(*) FROM incident WHERE card_ts IS NOT NULL") == 3, 15)
    with bot.runtime.engine.connect() as c:
        channels = [r[0] for r in c.execute(text("SELECT channel_id FROM incident"))]
    for channel in channels:
        bot.wait_line(channel, "🔔", 10)
        assert not any("Couldn't" in line for line in bot.lines(channel))
    assert _scalar(bot, "SELECT count(*) FROM outbox WHERE failed_at IS NOT NULL") == 0
