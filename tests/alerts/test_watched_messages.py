"""Alert messages integrations post in watched channels: Alertmanager's Slack receiver and
Grafana formats, repeats, RESOLVED, and the payload parser on its own."""

from __future__ import annotations

from bot.alerts import messages
from bot.core.policy import AlertsPolicy
from tests.support.alerts import settle
from tests.support.harness import blocks_text

ALERTMANAGER_SLACK = {
    "type": "message",
    "subtype": "bot_message",
    "bot_id": "B0AM",
    "text": "",
    "attachments": [
        {
            "color": "danger",
            "title": "[FIRING:2] PaymentsDown (payments critical)",
            "title_link": "http://alertmanager:9093/#/alerts?receiver=slack",
            "text": "*Alert:* Payments API is down - `critical`\n*Description:* 5xx over 50%",
            "fallback": "[FIRING:2] PaymentsDown | http://alertmanager:9093",
        }
    ],
}
GRAFANA_RESOLVED = {
    "type": "message",
    "bot_id": "B0GF",
    "text": "",
    "blocks": [
        {"type": "section", "text": {"type": "mrkdwn", "text": "*[RESOLVED] PaymentsDown (payments critical)*"}}
    ],
}


def test_reads_alertmanager_and_grafana_formats() -> None:
    policy = AlertsPolicy()
    firing = messages.parse({**ALERTMANAGER_SLACK, "channel": "C1", "ts": "1.1"}, policy, None)
    resolved = messages.parse({**GRAFANA_RESOLVED, "channel": "C1", "ts": "2.2"}, policy, None)

    assert firing and resolved
    assert firing.title == resolved.title == "PaymentsDown (payments critical)"
    assert firing.alerts[0].firing and not resolved.alerts[0].firing
    assert firing.key == resolved.key and firing.alerts[0].labels["severity"] == "critical"
    assert messages.parse({"bot_id": "B", "text": "   ", "channel": "C1", "ts": "3"}, policy, None) is None


def test_people_threads_and_edits_are_not_alert_posts() -> None:
    assert messages.is_alert_post(ALERTMANAGER_SLACK, "UBOT")
    assert not messages.is_alert_post({"user": "U0ALICE", "text": "[FIRING] x"}, "UBOT")
    assert not messages.is_alert_post({**ALERTMANAGER_SLACK, "ts": "2", "thread_ts": "1"}, "UBOT")
    assert not messages.is_alert_post({**ALERTMANAGER_SLACK, "subtype": "message_changed"}, "UBOT")


def _post(bot, event: dict) -> str:
    ts = bot.fake.add_message(bot.alerts, "B0AM", "alert")
    bot.send.event({**event, "channel": bot.alerts, "ts": ts})
    return ts


def _thread(bot, ts: str) -> list[dict]:
    return [m for m in bot.fake.messages(bot.alerts) if m.get("thread_ts") == ts and m["ts"] != ts]


def test_watched_alert_gets_one_prompt_in_its_thread_and_resolved_is_recorded(alert_bot) -> None:
    bot = alert_bot(routes="")
    first = _post(bot, ALERTMANAGER_SLACK)
    prompt = bot.fake.wait_for(lambda: _thread(bot, first))[0]
    assert "Declare incident" in blocks_text(prompt["blocks"])

    again = _post(bot, ALERTMANAGER_SLACK)  # repeat_interval: the same alert posted again
    _post(bot, GRAFANA_RESOLVED)
    bot.fake.wait_for(lambda: "all 1 alert(s) resolved" in blocks_text(_thread(bot, first)[0]["blocks"]))
    settle(bot)
    assert _thread(bot, again) == []


def test_message_shortcut_reads_an_attachment_only_alert_post(alert_bot) -> None:
    bot = alert_bot(routes="")
    ts = bot.fake.add_message(bot.alerts, "B0AM", "")
    message = {**ALERTMANAGER_SLACK, "ts": ts}
    bot.send.shortcut("incident_declare_from_message", message, bot.alerts, "U0ALICE")

    view = bot.fake.wait_for(lambda: next(iter(bot.fake.views.values()), None))
    blocks = {b["block_id"]: b for b in view["blocks"]}
    assert blocks["title"]["element"]["initial_value"] == "[FIRING:2] PaymentsDown (payments critical)"
    assert "5xx over 50%" in blocks["summary"]["element"]["initial_value"]
