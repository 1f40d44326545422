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


def _titled(text: str, **extra) -> tuple[str, bool] | None:
    batch = messages.parse({"bot_id": "B", "text": text, "channel": "C1", "ts": "5", **extra}, AlertsPolicy(), None)
    return (batch.title, batch.alerts[0].firing) if batch else None


def test_a_first_line_blank_once_cleaned_gives_way_to_the_next_readable_line() -> None:
    assert _titled("\u200b\n[RESOLVED] DiskFull on db-1") == ("DiskFull on db-1", False)
    assert _titled("\u00ad\u2800 \n\u0000\nDiskFull on db-1") == ("DiskFull on db-1", True)
    assert _titled("[FIRING:1] \u2800 *\n\u200b\nDisk is full on db-1") == ("Disk is full on db-1", True)
    assert _titled("", attachments=[{"pretext": "\u200b", "title": "[RESOLVED] Disk\u0000Full"}]) == ("DiskFull", False)
    assert _titled("\u200b\n\u2800\n\u00ad") is None  # nothing readable at all: not an alert


def test_a_watched_message_with_a_blank_first_line_still_prompts(alert_bot) -> None:
    bot = alert_bot(routes="")
    ts = _post(bot, {**ALERTMANAGER_SLACK, "attachments": [], "text": "\u2800\n[FIRING:1] Disk\u0000Full on db-1"})

    prompt = bot.fake.wait_for(lambda: _thread(bot, ts))[0]
    assert "*DiskFull on db-1* — 1 alert(s) firing" in blocks_text(prompt["blocks"])


def test_a_hostile_first_line_is_read_in_linear_time() -> None:
    """A first line of 39,000 "<" cost 54 s of CPU: every "<" began a link scan to the end of the
    line. A link now stops at the next "<", and each text is read to SCANNED characters at most.
    Quadratic reading would take hours on the longest of these."""
    for hostile in ("<" * 39_000, "<" * 1_000_000, "<a|" * 300_000, "<x" * 500_000):
        assert _titled(hostile) == (hostile[: messages.TITLE_LIMIT], True)
    assert _titled("<https://x|y> <!channel> <https://z") == ("y !channel <https://z", True)


def test_reading_work_is_bounded_by_the_cap_not_the_input(monkeypatch) -> None:
    """Count the characters the link pattern scans: however long the post, no more than SCANNED per
    text (plus the severity search over the same lines)."""
    scanned: list[int] = []
    pattern = messages._LINK

    class Counting:
        def sub(self, repl, text: str) -> str:
            scanned.append(len(text))
            return pattern.sub(repl, text)

    monkeypatch.setattr(messages, "_LINK", Counting())
    attachments = [{"title": "<" * 100_000, "text": "x\n" * 50_000}]
    assert _titled("<" * 500_000, attachments=attachments)
    assert sum(scanned) <= 3 * messages.SCANNED
