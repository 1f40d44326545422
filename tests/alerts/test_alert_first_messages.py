"""What an alert incident's channel shows first: the card (with when the impact began, from the
alert's startsAt, and when it was declared), and only then the alert digest, whose fallback text
is a sentence."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text

from tests.support.alerts import am_alert, am_group, post, settle
from tests.support.harness import blocks_text

AM = "/alerts/alertmanager"
STARTS = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def _channel(bot) -> str:
    """The incident channel, once its card is pinned (the fake logs a call just before applying it)."""
    channel = bot.fake.wait_for(lambda: next((c for c in bot.fake.calls if c[0] == "pins.add"), None))[1]["channel"]
    bot.fake.wait_for(lambda: bot.fake.pins(channel))
    return channel


def test_the_card_comes_before_the_digest_even_when_slack_is_slow_to_take_it(alert_bot) -> None:
    bot = alert_bot()
    card_text = "INC-1: API p99 over 2s"
    bot.fake.inject("chat.postMessage", retry_after=2, match={"text": card_text})  # the card waits 2 s
    post(bot, AM, am_group([am_alert("HighLatency", "api-1", annotations={"summary": "API p99 over 2s"})]))
    channel = _channel(bot)
    bot.wait_line(channel, "🔔")
    settle(bot)
    posted = [m.get("text") for m in bot.fake.messages(channel)]
    assert posted[0] == card_text, posted
    assert posted.index("INC-1: 1 alert started firing") > 0


def test_the_digest_fallback_is_a_sentence_for_firing_and_resolved(alert_bot) -> None:
    bot = alert_bot()
    alerts = [am_alert("HighLatency", f"api-{i}") for i in (1, 2)]
    post(bot, AM, am_group(alerts))
    channel = _channel(bot)
    bot.fake.wait_for(lambda: "INC-1: 2 alerts started firing" in [m.get("text") for m in bot.fake.messages(channel)])
    resolved = [am_alert("HighLatency", "api-1", "resolved")]
    post(bot, AM, am_group([*resolved, alerts[1]]))
    with bot.runtime.engine.begin() as c:  # the next digest is due a minute later; bring it forward
        c.execute(text("UPDATE alertgroup SET digest_at = NULL"))
        c.execute(text("UPDATE outbox SET next_attempt_at = :t WHERE kind = 'alert_digest'"), {"t": STARTS})
    bot.fake.wait_for(lambda: "INC-1: 1 alert resolved" in [m.get("text") for m in bot.fake.messages(channel)])


def test_an_alert_card_shows_when_the_impact_started_and_when_it_was_declared(alert_bot) -> None:
    bot = alert_bot()
    post(bot, AM, am_group([am_alert("HighLatency", "api-1")]))
    channel = _channel(bot)
    card = bot.card(channel)
    started = card.index("*Impact started*")
    assert f"<!date^{int(STARTS.timestamp())}^" in card[started:]
    assert "*Declared*" in card and "0 more" not in card
    assert started < card.index("*Declared*")


def test_a_declared_card_has_no_empty_more_roles_note(bot) -> None:
    channel, _ = bot.declare("sev3 Checkout slow")
    card = bot.card(channel)
    assert "more" not in card and "*Impact started*" not in card
    assert "*Declared*" in card
    assert blocks_text(bot.fake.messages(channel)[0]["blocks"]) == card
