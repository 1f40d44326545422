"""The alert parsers under hostile input, through the real webhooks (HTTP POSTs into a running
bot) and signed Slack events for watched messages: blank, NUL, lone surrogates, huge, deep, hostile
links and impossible times. No answer is a 500, every answer is JSON, and nothing stored holds a
NUL or a lone surrogate."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from bot.alerts import messages
from bot.core.policy import AlertsPolicy
from bot.core.text import visible
from tests.alerts.conftest import alert_bot  # noqa: F401  (the fixture)
from tests.support.alerts import post

HOSTILE = [
    "",
    " ",
    "\t\n",
    "\u00ad",
    "\u2800",
    "\u200b",
    "\x00",
    "Disk\x00Full",
    "\ud800",
    "x\udfffy",
    "https://x|y> <!channel> <https://z",
    "<!here>",
    "<" * 39_000,
    "x" * 5_000,
    "9999-12-31T23:30:00-01:00",
    "0001-01-01T00:30:00+01:00",
    "9999-12-31T23:59:59.999999Z",
    "0001-01-01T00:00:01Z",
    "https://rb.example/x",
    "critical",
]
#: Any character, surrogates included, and the ones named in the issue more often.
CHARS = st.one_of(st.characters(exclude_categories=()), st.sampled_from("\x00\ud800\udc00\u200b\u00ad\u2800 <>|*_"))
TEXT = st.one_of(st.sampled_from(HOSTILE), st.text(CHARS, max_size=12))
NAMED = st.one_of(TEXT.map(lambda t: "n" + t), TEXT)  # mostly usable, sometimes blank
MAYBE = st.one_of(TEXT, st.none(), st.integers(), st.lists(TEXT, max_size=2))
GOOD_TIMES = st.sampled_from(["2026-11-23T10:00:00Z", "0001-01-01T00:00:00Z", "2026-11-23T10:00:00.123456789+02:00"])
TIMES = st.one_of(GOOD_TIMES, GOOD_TIMES, TEXT)
KEYS = st.sampled_from(["alertname", "severity", "instance", "summary", "runbook_url", "dashboard"])
PAIRS = st.dictionaries(st.one_of(KEYS, KEYS, TEXT), st.one_of(st.just("critical"), TEXT), max_size=4)
DEEP = st.integers(1, 60_000).map(lambda n: "[" * n + "]" * n)


def _am_alert(status: str, labels: dict, annotations: dict, starts: str, fingerprint: Any, url: Any) -> dict:
    alert = {"status": status, "labels": labels, "annotations": annotations, "startsAt": starts, "endsAt": starts}
    return alert | {"fingerprint": fingerprint, "generatorURL": url}


STATUSES = st.one_of(st.sampled_from(["firing", "firing", "resolved"]), TEXT)
AM_ALERTS = st.builds(_am_alert, STATUSES, PAIRS, PAIRS, TIMES, st.one_of(TEXT, st.none()), MAYBE)
AM_BODIES = st.fixed_dictionaries(
    {"receiver": NAMED, "groupKey": NAMED, "alerts": st.lists(AM_ALERTS, min_size=1, max_size=3)},
    optional={"groupLabels": PAIRS, "commonLabels": PAIRS, "commonAnnotations": PAIRS, "status": TEXT},
)
EVENT_PAYLOADS = st.fixed_dictionaries(
    {"summary": st.one_of(TEXT, TEXT, MAYBE), "source": NAMED, "severity": st.sampled_from(["critical", "info"])},
    optional={"timestamp": TIMES, "component": TEXT, "custom_details": st.dictionaries(TEXT, MAYBE, max_size=3)},
)
EVENT_BODIES = st.fixed_dictionaries(
    {"routing_key": NAMED, "event_action": st.sampled_from(["trigger", "trigger", "resolve", "acknowledge"])},
    optional={
        "dedup_key": st.one_of(NAMED, MAYBE),
        "payload": EVENT_PAYLOADS,
        "client_url": MAYBE,
        "links": st.lists(st.fixed_dictionaries({"href": MAYBE, "text": MAYBE}), max_size=3),
    },
)
BODIES = st.one_of(
    st.tuples(st.just("/alerts/alertmanager"), AM_BODIES.map(json.dumps)),
    st.tuples(st.just("/alerts/events"), EVENT_BODIES.map(json.dumps)),
    st.tuples(st.sampled_from(["/alerts/alertmanager", "/alerts/events"]), DEEP),
)


def _poisoned(bot) -> list[str]:
    """Stored text, and the JSON inside it (labels, annotations, links), holding a NUL or a lone surrogate."""
    with bot.runtime.engine.connect() as c:
        tables = ("alert", "alertgroup", "incident")
        values = [v for t in tables for r in c.execute(text(f"SELECT * FROM {t}")) for v in r if isinstance(v, str)]
    return [v for v in values if _bad(v) or (v.startswith("{") and _bad(json.dumps(json.loads(v), ensure_ascii=False)))]


def _blank_titles(bot) -> list[str]:
    """Group titles and alert names that would show nothing (a prompt reading `** — 1 alert(s) firing`)."""
    with bot.runtime.engine.connect() as c:
        titles = [t for q in ("SELECT title FROM alertgroup", "SELECT name FROM alert") for (t,) in c.execute(text(q))]
    return [t for t in titles if not visible(t) or t != t.strip()]


def _bad(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return "\x00" in value


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_hostile_webhook_payloads_never_get_a_500(alert_bot, caplog: pytest.LogCaptureFixture) -> None:  # noqa: F811
    bot = alert_bot()
    answers: list[int] = []

    @settings(max_examples=settings.default.max_examples // 2)  # ci: 100
    @given(BODIES)
    def deliver(delivery: tuple[str, str]) -> None:
        path, body = delivery
        status, answer = post(bot, path, None, raw=body.encode())  # the answer is JSON, or post() raises
        answers.append(status)
        assert status in (202, 400), (path, body[:300], answer)
        assert status == 202 or answer["error"]

    with caplog.at_level(logging.ERROR):
        deliver()
    assert [r.getMessage() for r in caplog.records if r.exc_info] == []
    assert 202 in answers and 400 in answers  # both kinds were tried
    assert _poisoned(bot) == [] and _blank_titles(bot) == []


LINES = st.lists(TEXT, min_size=1, max_size=4).map("\n".join)
MESSAGES = st.fixed_dictionaries(
    {"text": LINES},
    optional={
        "attachments": st.lists(st.dictionaries(st.sampled_from(["pretext", "title", "text"]), LINES), max_size=2),
        "blocks": st.lists(st.fixed_dictionaries({"text": st.fixed_dictionaries({"text": LINES})}), max_size=2),
    },
)


@given(MESSAGES)
def test_any_watched_message_parses_to_a_readable_title_or_none(message: dict) -> None:
    batch = messages.parse({"bot_id": "B", "channel": "C1", "ts": "5.5", **message}, AlertsPolicy(), None)
    if batch is not None:
        assert batch.title.strip() == batch.title and 0 < len(batch.title) <= 200
        assert not any(c in batch.title for c in "\x00\ud800\udc00\u200b\u00ad")


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_hostile_watched_messages_are_stored_or_skipped(alert_bot, caplog: pytest.LogCaptureFixture) -> None:  # noqa: F811
    bot = alert_bot(routes="")
    keys: set[str] = set()

    @settings(max_examples=settings.default.max_examples // 10)  # ci: 20
    @given(MESSAGES)
    def watch(message: dict) -> None:
        ts = bot.fake.add_message(bot.alerts, "B0AM", "alert")
        event = {"type": "message", "bot_id": "B0AM", **message, "channel": bot.alerts, "ts": ts}
        assert bot.send.event(event).status == 200
        if batch := messages.parse(event, AlertsPolicy(), None):
            keys.add(batch.key)

    with caplog.at_level(logging.ERROR):
        watch()
        bot.fake.wait_for(lambda: keys <= _group_keys(bot), timeout=20)
    assert keys and [r.getMessage() for r in caplog.records if r.exc_info] == []
    assert _poisoned(bot) == [] and _blank_titles(bot) == []


def _group_keys(bot) -> set[str]:
    with bot.runtime.engine.connect() as c:
        return {k for (k,) in c.execute(text("SELECT key FROM alertgroup"))}
