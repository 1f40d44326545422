"""The webhooks' HTTP rules: bearer auth, no token → refuse all, 413, 400 with the reason, 2xx."""

from __future__ import annotations

import json
import logging
import socket

import pytest
from sqlalchemy import text

from tests.support.alerts import TOKEN, am_alert, am_group, post

AM = "/alerts/alertmanager"


def _count(bot, table: str) -> int:
    with bot.runtime.engine.connect() as c:
        return c.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def test_missing_or_wrong_token_is_refused(alert_bot) -> None:
    bot = alert_bot()
    body = am_group([am_alert("HighLatency", "api-1")])

    assert post(bot, AM, body, token=None)[0] == 401
    assert post(bot, AM, body, token="wrong")[0] == 401
    assert post(bot, "/alerts/events", {}, token=TOKEN + "x")[0] == 401
    assert _count(bot, "alert") == 0


def test_no_token_configured_refuses_everything_and_says_why(alert_bot, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="bot.alerts.webhooks"):
        bot = alert_bot(token=None)
    status, body = post(bot, AM, am_group([am_alert("HighLatency", "api-1")]), token="")

    assert status == 401 and "ALERT_WEBHOOK_TOKEN is not set" in body["error"]
    assert "ALERT_WEBHOOK_TOKEN is not set" in caplog.text


def test_oversized_body_is_413(alert_bot) -> None:
    """The refusal comes before the body is read (and the connection closes), so the test sends the
    head and a first part only, as a sender still writing would: a whole-body client may see EPIPE."""
    bot = alert_bot()
    huge = json.dumps(am_group([am_alert("X", "a", annotations={"description": "x" * (1024 * 1024)})])).encode()
    head = f"POST {AM} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: application/json"

    assert _status(bot, f"{head}\r\nContent-Length: {len(huge)}", huge[:65536]) == "413"
    chunk = b"%x\r\n%s\r\n" % (1 << 16, huge[: 1 << 16])
    assert _status(bot, f"{head}\r\nTransfer-Encoding: chunked", chunk * 17) == "413"
    assert _count(bot, "alert") == 0


def _status(bot, head: str, body: bytes) -> str:
    with socket.create_connection(("127.0.0.1", bot.runtime.port), timeout=10) as connection:
        connection.sendall(head.encode() + b"\r\n\r\n" + body)
        return connection.recv(200).decode().split(" ")[1]


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"{not json", "not JSON"),
        (b"[]", "the body must be a JSON object"),
        (b'{"receiver": "r", "groupKey": "g", "alerts": []}', "alerts must be a non-empty list"),
        (b'{"groupKey": "g", "alerts": [{}]}', "receiver must be a non-empty string"),
        (b'{"receiver": "r", "groupKey": "g", "alerts": [{"status": "firing", "labels": {"a": 1}}]}', "labels"),
        (b'{"receiver": "r", "groupKey": 7, "alerts": [{}]}', "groupKey"),
        (
            b'{"receiver": "r", "groupKey": "g", "alerts": [{"status": "firing", "startsAt": "yesterday"}]}',
            "RFC 3339",
        ),
    ],
)
def test_malformed_payloads_get_400_with_the_reason_and_store_nothing(alert_bot, body: bytes, reason: str) -> None:
    bot = alert_bot()
    status, answer = post(bot, AM, None, raw=body)

    assert status == 400 and reason in answer["error"]
    assert _count(bot, "alertgroup") == 0 and _count(bot, "incident") == 0


def test_events_endpoint_checks_its_shape(alert_bot) -> None:
    bot = alert_bot()
    base = {"routing_key": "k", "event_action": "trigger", "payload": {"summary": "s", "source": "db"}}

    assert "payload.severity" in post(bot, "/alerts/events", base)[1]["error"]
    assert "dedup_key" in post(bot, "/alerts/events", {"routing_key": "k", "event_action": "resolve"})[1]["error"]
    assert "event_action" in post(bot, "/alerts/events", {**base, "event_action": "explode"})[1]["error"]


def test_wrong_method_and_unknown_path(alert_bot) -> None:
    import urllib.error
    import urllib.request

    bot = alert_bot()
    url = f"http://127.0.0.1:{bot.runtime.port}"
    with pytest.raises(urllib.error.HTTPError) as found:
        urllib.request.urlopen(f"{url}{AM}", timeout=5)
    found.value.close()
    assert found.value.code == 405
    with pytest.raises(urllib.error.HTTPError) as missing:
        urllib.request.urlopen(f"{url}/nowhere", timeout=5)
    missing.value.close()
    assert missing.value.code == 404
    with urllib.request.urlopen(f"{url}/healthz", timeout=5) as health:
        assert health.status == 200
