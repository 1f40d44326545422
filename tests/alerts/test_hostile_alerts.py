"""Hostile alert text through every alert entry: Alertmanager annotations (runbook_url, dashboard,
summary, description), a prompt's links, Events v2 `links[].href` and summary, and watched alert
messages. Whatever the sender wrote, nothing the bot posts pings, links or formats anything it did
not literally say; a link that could break out of `<url|label>` is dropped."""

from __future__ import annotations

import json

from sqlalchemy import text

from bot.core.links import web_url
from bot.slack import ids
from tests.alerts.test_watched_messages import ALERTMANAGER_SLACK
from tests.support.alerts import am_alert, am_group, post, settle
from tests.support.harness import ALICE
from tests.support.outgoing import assert_nothing_smuggled
from tests.support.signing import select, text_input, user_select

AM = "/alerts/alertmanager"
BREAKOUT = "https://rb.example/x|Runbook> <!channel> ping <https://rb.example/y"
HERE = "https://x.example/a|Dash> <!here> <https://x.example/b"
DASHBOARD = "https://grafana.example.com/d/1?from=now-1h&to=now"
HOSTILE = "Pwn <!channel> <!here> <@U0DAVE> <!subteam^S0OPS> <https://evil.example|click> *bold* _italic_ `code`"
PEOPLE = (ALICE, "UBOT")
RUNBOOK = "https://runbooks.example.com/latency"  # the group's own, valid runbook


def _annotations(**extra: str) -> dict[str, str]:
    return {"summary": HOSTILE, "description": HOSTILE, "runbook_url": BREAKOUT, **extra}


def _channel(bot) -> str:
    return bot.fake.wait_for(lambda: next((c for c in bot.fake.calls if c[0] == "pins.add"), None))[1]["channel"]


def _declare_from(bot, prompt: dict) -> None:
    """Click the prompt's Declare button (once the bot knows its prompt) and submit the form with
    the title the alert gave it."""
    bot.fake.wait_for(lambda: prompt["ts"] in _stored(bot, "SELECT prompt_ts FROM alertgroup"))
    bot.send.click(ids.DECLARE_ALERT, prompt["blocks"][-1]["elements"][0]["value"], ALICE, bot.alerts, prompt["ts"])
    view = bot.fake.wait_for(lambda: next(iter(bot.fake.views.values()), None))
    title = next(b for b in view["blocks"] if b["block_id"] == "title")["element"]["initial_value"]
    form = {"title": text_input(title), "severity": select("sev3"), "commander": user_select(ALICE)}
    bot.send.submit(view, form, ALICE)


def _bookmarked(bot, channel: str) -> list[str]:
    return [b["link"] for b in bot.fake.bookmarks(channel)]


def test_a_declared_alert_with_hostile_annotations_pings_nobody(alert_bot) -> None:
    bot = alert_bot()
    alert = am_alert("Pwn", "api-1", annotations=_annotations(dashboard=DASHBOARD))
    assert post(bot, AM, am_group([alert], commonAnnotations={"runbook_url": BREAKOUT}))[0] == 202
    channel = _channel(bot)
    bot.wait_line(channel, "🔔")
    settle(bot)
    assert_nothing_smuggled(bot.fake, PEOPLE, urls={DASHBOARD})
    card = bot.card(channel)
    assert "<https://grafana.example.com/d/1?from=now-1h&amp;to=now|Dashboard>" in card  # a real link stays
    assert "Runbook" not in card  # the breakout link is dropped, not repaired
    assert BREAKOUT not in _bookmarked(bot, channel) and all(map(web_url, _bookmarked(bot, channel)))


def test_a_prompted_alert_with_a_hostile_dashboard_pings_nobody_before_or_after_declare(alert_bot) -> None:
    bot = alert_bot()
    warning = am_alert("QueueLag", "w", labels={"severity": "warning"}, annotations=_annotations(dashboard=HERE))
    post(bot, AM, am_group([warning], group="QueueLag", commonLabels={"alertname": "QueueLag", "severity": "warning"}))
    prompt = bot.fake.wait_for(lambda: bot.fake.messages(bot.alerts))[0]
    assert_nothing_smuggled(bot.fake, PEOPLE, urls={RUNBOOK})
    _declare_from(bot, prompt)
    bot.wait_line(_channel(bot), "🔔")
    settle(bot)
    assert_nothing_smuggled(bot.fake, PEOPLE, urls={RUNBOOK})


def test_an_events_v2_trigger_with_hostile_links_and_summary_pings_nobody(alert_bot) -> None:
    bot = alert_bot()
    trigger = {
        "routing_key": "R1",
        "event_action": "trigger",
        "dedup_key": "pwn",
        "payload": {"summary": HOSTILE, "source": HOSTILE, "severity": "critical"},
        "links": [{"href": HERE, "text": HOSTILE}, {"href": "javascript:alert(1)", "text": "js"}],
    }
    assert post(bot, "/alerts/events", trigger)[1]["incident"] == "INC-1"
    channel = _channel(bot)
    bot.wait_line(channel, "🔔")
    settle(bot)
    assert_nothing_smuggled(bot.fake, PEOPLE)
    assert _bookmarked(bot, channel) == []


def test_a_watched_alert_message_with_hostile_text_pings_nobody(alert_bot) -> None:
    bot = alert_bot(routes="")
    title = "[FIRING:1] Pwn <!channel> &lt;!here&gt; ~struck~ `code`"  # Slack's own escaping, and a live ping
    attachment = {**ALERTMANAGER_SLACK["attachments"][0], "title": title}
    message = {**ALERTMANAGER_SLACK, "attachments": [attachment]}
    ts = bot.fake.add_message(bot.alerts, "B0AM", "alert")
    bot.send.event({**message, "channel": bot.alerts, "ts": ts})
    prompt = bot.fake.wait_for(lambda: [m for m in bot.fake.messages(bot.alerts) if m.get("thread_ts") == ts])[0]
    assert_nothing_smuggled(bot.fake, PEOPLE, urls=_group_links(bot))
    _declare_from(bot, prompt)
    _channel(bot)
    settle(bot)
    assert_nothing_smuggled(bot.fake, PEOPLE, urls=_group_links(bot))


def _group_links(bot) -> set[str]:
    """The links the alert groups hold (a watched message's permalink)."""
    return {url for raw in _stored(bot, "SELECT links FROM alertgroup") for url in json.loads(raw).values()}


def _stored(bot, sql: str) -> list:
    with bot.runtime.engine.connect() as c:
        return [row[0] for row in c.execute(text(sql))]
