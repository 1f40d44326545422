"""Alerts through the webhooks to incidents and Slack messages: declare, dedupe, join, resolve,
prompt, fire again; Slack markup in labels shows literally."""

from __future__ import annotations

from sqlalchemy import text

from bot.slack import ids
from tests.support.alerts import am_alert, am_group, post, settle
from tests.support.harness import ALICE, blocks_text
from tests.support.signing import select, text_input, user_select

AM = "/alerts/alertmanager"


def _incidents(bot) -> list[tuple]:
    with bot.runtime.engine.connect() as c:
        rows = c.execute(text("SELECT number, title, status, impact_started_at, summary FROM incident ORDER BY number"))
        return [tuple(r) for r in rows]


def _commanders(bot) -> int:
    with bot.runtime.engine.connect() as c:
        return c.execute(text("SELECT count(*) FROM roleassignment")).scalar_one()


def _channel_of(bot, number: int) -> str:
    def stored() -> str | None:
        with bot.runtime.engine.connect() as c:
            return c.execute(text("SELECT channel_id FROM incident WHERE number = :n"), {"n": number}).scalar_one()

    return bot.fake.wait_for(stored)


def _prompt(bot) -> dict:
    """The prompt message, once the bot has stored where it is (a click before that names no prompt)."""
    prompt = bot.fake.wait_for(lambda: bot.fake.messages(bot.alerts))[0]

    def stored() -> bool:
        with bot.runtime.engine.connect() as c:
            return prompt["ts"] in c.execute(text("SELECT prompt_ts FROM alertgroup")).scalars().all()

    bot.fake.wait_for(stored)
    return prompt


def test_critical_group_declares_once_and_resends_change_nothing(alert_bot) -> None:
    bot = alert_bot()
    body = am_group([am_alert("HighLatency", "api-1", annotations={"summary": "API p99 over 2s"})])

    status, answer = post(bot, AM, body)
    assert status == 202 and answer["incident"] == "INC-1" and answer["new"] == 1
    for _ in range(3):  # group_interval re-sends and the HA twin
        assert post(bot, AM, body)[1] == {"ok": True, "new": 0, "resolved": 0, "incident": "INC-1"}

    channel = _channel_of(bot, 1)
    bot.fake.wait_for(lambda: bot.fake.pins(channel))
    bot.wait_line(channel, "HighLatency (api-1)")
    settle(bot)
    assert [(n, t, s) for n, t, s, *_ in _incidents(bot)] == [(1, "API p99 over 2s", "declared")]
    assert str(_incidents(bot)[0][3]).startswith("2026-11-23 10:00:00")  # the impact started with the alert
    assert _commanders(bot) == 0  # alert-declared: nobody commands until someone takes it
    bookmarks = [(b["title"], b["link"]) for b in bot.fake.bookmarks(channel)]
    assert bookmarks == [("Runbook", "https://runbooks.example.com/latency")]
    assert "<https://runbooks.example.com/latency|Runbook>" in bot.card(channel)
    assert sum("🔔" in line for line in bot.lines(channel)) == 1


def test_new_alert_joins_and_all_resolved_asks_to_resolve(alert_bot) -> None:
    bot = alert_bot()
    first = am_alert("HighLatency", "api-1")
    post(bot, AM, am_group([first]))
    channel = _channel_of(bot, 1)
    second = am_alert("HighLatency", "api-2", starts="2026-11-23T10:01:00Z")
    assert post(bot, AM, am_group([first, second]))[1]["new"] == 1

    resolved = [
        am_alert("HighLatency", i, "resolved", s)
        for i, s in (("api-1", "2026-11-23T10:00:00Z"), ("api-2", "2026-11-23T10:01:00Z"))
    ]
    assert post(bot, AM, am_group(resolved))[1]["resolved"] == 2
    question = bot.wait_line(channel, "All alerts of INC-1 resolved")
    assert "resolve the incident?" in question
    asked = next(m for m in bot.fake.messages(channel) if "All alerts" in blocks_text(m.get("blocks") or []))
    button = asked["blocks"][1]["elements"][0]
    assert button["action_id"] == "incident_resolve" and button["value"] == "1"
    assert _incidents(bot)[0][2] == "declared"  # auto_resolve is off: a person decides


def test_auto_resolve_and_a_group_firing_again_opens_a_new_linked_incident(alert_bot) -> None:
    bot = alert_bot(auto_resolve=True)
    post(bot, AM, am_group([am_alert("DiskFull", "db-1")]))
    post(bot, AM, am_group([am_alert("DiskFull", "db-1", "resolved")]))
    assert _incidents(bot)[0][2] == "resolved"

    again = am_alert("DiskFull", "db-1", starts="2026-11-23T12:00:00Z")
    assert post(bot, AM, am_group([again]))[1]["incident"] == "INC-2"
    assert _incidents(bot)[1][4] == "Fired again after INC-1."


def test_resolved_before_firing_is_recorded_and_posts_nothing(alert_bot) -> None:
    bot = alert_bot()
    status, answer = post(bot, AM, am_group([am_alert("Flap", "x", "resolved")]))

    assert status == 202 and answer["incident"] is None and answer["resolved"] == 1
    settle(bot)
    assert _incidents(bot) == [] and bot.fake.messages(bot.alerts) == []


def test_prompt_declare_button_opens_prefilled_modal_and_links_the_group(alert_bot) -> None:
    bot = alert_bot()
    warning = am_alert("QueueLag", "worker-1", labels={"severity": "warning"})
    body = am_group([warning], group="QueueLag", commonLabels={"alertname": "QueueLag", "severity": "warning"})
    assert post(bot, AM, body)[1]["incident"] is None

    prompt = _prompt(bot)
    button = prompt["blocks"][-1]["elements"][0]
    assert button["text"]["text"] == "Declare incident"
    bot.send.click(button["action_id"], button["value"], ALICE, bot.alerts, prompt["ts"])
    view = bot.fake.wait_for(lambda: next(iter(bot.fake.views.values()), None))
    title = next(b for b in view["blocks"] if b["block_id"] == "title")
    assert title["element"]["initial_value"] == "QueueLag on worker-1"

    values = {"title": text_input("QueueLag on worker-1"), "severity": select("sev3"), "commander": user_select(ALICE)}
    bot.send.submit(view, values, ALICE)
    bot.fake.wait_for(lambda: _incidents(bot))
    bot.fake.wait_for(lambda: "declared as INC-1" in blocks_text(bot.fake.messages(bot.alerts)[0]["blocks"]))
    assert _commanders(bot) == 1  # a person declared: they command
    assert post(bot, AM, body)[1]["incident"] == "INC-1"


def test_slack_markup_in_labels_pings_nobody(alert_bot) -> None:
    bot = alert_bot()
    sneaky = am_alert("<!channel> *boom*", "<@U0BOB>", annotations={})
    body = am_group([sneaky], group="<!channel> *boom*", commonLabels={"alertname": "<!channel>", "severity": "info"})
    post(bot, AM, body)

    prompt = bot.fake.wait_for(lambda: bot.fake.messages(bot.alerts))[0]
    shown = blocks_text(prompt["blocks"])
    assert "<!channel>" not in shown and "&lt;!channel&gt;" in shown and "<@U0BOB>" not in shown


def test_events_trigger_and_resolve_by_dedup_key(alert_bot) -> None:
    bot = alert_bot()
    trigger = {
        "routing_key": "R1",
        "event_action": "trigger",
        "dedup_key": "disk-db-1",
        "payload": {"summary": "Disk 95% on db-1", "source": "db-1", "severity": "critical"},
        "links": [{"href": "https://grafana.example.com/d/1", "text": "Dashboard"}],
    }
    assert post(bot, "/alerts/events", trigger)[1]["incident"] == "INC-1"
    assert post(bot, "/alerts/events", trigger)[1]["new"] == 0
    ack = {"routing_key": "R1", "event_action": "acknowledge", "dedup_key": "disk-db-1"}
    assert post(bot, "/alerts/events", ack)[0] == 202
    resolve = {"routing_key": "R1", "event_action": "resolve", "dedup_key": "disk-db-1"}
    assert post(bot, "/alerts/events", resolve)[1]["resolved"] == 1
    bot.wait_line(_channel_of(bot, 1), "All alerts of INC-1 resolved")


def test_a_declare_button_counts_only_on_its_own_prompt(alert_bot) -> None:
    bot = alert_bot()
    warning = am_alert("QueueLag", "w", labels={"severity": "warning"})
    post(bot, AM, am_group([warning], group="QueueLag", commonLabels={"alertname": "QueueLag", "severity": "warning"}))
    prompt = _prompt(bot)
    button = prompt["blocks"][-1]["elements"][0]

    elsewhere = bot.send.click(ids.DECLARE_ALERT, button["value"], ALICE, bot.alerts, "1.0")
    assert "not on this alert's prompt" in bot.reply(elsewhere)
    assert "no longer known" in bot.reply(bot.send.click(ids.DECLARE_ALERT, "999", ALICE, bot.alerts, prompt["ts"]))
    for value in ("abc", "", "9" * 40):
        assert "does not name an alert" in bot.reply(bot.send.click(ids.DECLARE_ALERT, value, ALICE, bot.alerts))
    assert bot.fake.views == {}
