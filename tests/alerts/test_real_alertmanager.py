"""The real Prometheus Alertmanager (Debian's `prometheus-alertmanager`) sending its webhook to the
bot with bearer auth and short group timings; alerts pushed through its API. Skipped only when the
binary is missing and CI is not set."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from bot.slack import ids
from tests.alerts.conftest import PAGED
from tests.support.alerts import TOKEN, pages, settle, still_firing
from tests.support.harness import ALICE, BOB

BINARY = shutil.which("prometheus-alertmanager") or shutil.which("alertmanager")
if BINARY is None and os.environ.get("CI") != "true":
    pytest.skip("prometheus-alertmanager is not installed (scripts/test installs it)", allow_module_level=True)

CONFIG = """
route:
  receiver: incident-bot
  group_by: ["alertname"]
  group_wait: 200ms
  group_interval: 1s
  repeat_interval: {repeat}
receivers:
  - name: incident-bot
    webhook_configs:
      - url: http://127.0.0.1:{port}/alerts/alertmanager
        send_resolved: true
        http_config:
          authorization:
            credentials: {token}
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def alertmanager(tmp_path: Path) -> Iterator[Callable[..., str]]:
    processes: list[subprocess.Popen] = []

    def start(bot_port: int, repeat: str = "1h") -> str:
        assert BINARY, "prometheus-alertmanager is required when CI=true"
        config = tmp_path / "alertmanager.yml"
        config.write_text(CONFIG.format(port=bot_port, token=TOKEN, repeat=repeat))
        port = _free_port()
        with (tmp_path / "alertmanager.log").open("w") as log:
            processes.append(
                subprocess.Popen(
                    [
                        BINARY,
                        f"--config.file={config}",
                        f"--storage.path={tmp_path / 'data'}",
                        f"--web.listen-address=127.0.0.1:{port}",
                        "--cluster.listen-address=",
                    ],
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        url = f"http://127.0.0.1:{port}"
        _wait_ready(url)
        return url

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=10)


def _wait_ready(url: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/-/ready", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("Alertmanager did not become ready")


def _push(url: str, alerts: list[dict]) -> None:
    request = urllib.request.Request(
        f"{url}/api/v2/alerts", json.dumps(alerts).encode(), {"Content-Type": "application/json"}, method="POST"
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 200


def _alert(instance: str, starts: datetime, ends: datetime | None = None) -> dict:
    alert = {
        "labels": {"alertname": "CheckoutErrors", "instance": instance, "severity": "critical"},
        "annotations": {"summary": "Checkout error rate over 5%", "runbook_url": "https://runbooks.example.com/co"},
        "startsAt": starts.isoformat().replace("+00:00", "Z"),
        "generatorURL": "http://prometheus.example.com/graph",
    }
    if ends is not None:
        alert["endsAt"] = ends.isoformat().replace("+00:00", "Z")
    return alert


def _rows(bot, sql: str) -> list[tuple]:
    with bot.runtime.engine.connect() as c:
        return [tuple(r) for r in c.execute(text(sql))]


def test_alertmanager_declares_joins_and_resolves(alert_bot, alertmanager) -> None:
    bot = alert_bot()
    url = alertmanager(bot.runtime.port)
    start = datetime.now(UTC) - timedelta(minutes=1)

    _push(url, [_alert("web-1", start)])
    bot.fake.wait_for(lambda: _rows(bot, "SELECT number, title FROM incident"), timeout=15)
    _push(url, [_alert("web-1", start), _alert("web-2", start)])
    bot.fake.wait_for(lambda: len(_rows(bot, "SELECT id FROM alert")) == 2, timeout=15)
    now = datetime.now(UTC)
    _push(url, [_alert("web-1", start, now), _alert("web-2", start, now)])

    channel = bot.fake.wait_for(lambda: _rows(bot, "SELECT channel_id FROM incident")[0][0], timeout=10)
    bot.wait_line(channel, "All alerts of INC-1 resolved", timeout=20)
    assert _rows(bot, "SELECT number, title, status FROM incident") == [(1, "Checkout error rate over 5%", "declared")]
    assert _rows(bot, "SELECT count(*) FROM alert WHERE firing") == [(0,)]
    bot.wait_line(channel, "CheckoutErrors (web-1)", timeout=10)  # the first alert message
    joined = _rows(bot, "SELECT text FROM timelineevent WHERE kind = 'alert'")
    assert any("CheckoutErrors (web-2)" in t for (t,) in joined)  # told in the next minute's message


def _sent(url: str) -> int:
    """Webhook notifications Alertmanager has sent so far, by its own counter."""
    with urllib.request.urlopen(f"{url}/metrics", timeout=5) as response:
        lines = response.read().decode().splitlines()
    webhook = [line for line in lines if line.startswith("alertmanager_notifications_total{") and "webhook" in line]
    return sum(int(float(line.rsplit(" ", 1)[1])) for line in webhook)


def _repeats(bot, url: str, times: int) -> None:
    """Wait for Alertmanager to send the group `times` more times, then for the bot to be done with them."""
    goal = _sent(url) + times
    bot.fake.wait_for(lambda: _sent(url) >= goal, timeout=30)
    settle(bot)


def _status(bot) -> str:
    return _rows(bot, "SELECT status FROM incident")[0][0]


def _counts(bot) -> dict[str, Any]:
    return {
        "incidents": len(_rows(bot, "SELECT id FROM incident")),
        "channels": bot.fake.call_count("conversations.create"),
        "pages": pages(bot),
    }


def test_repeats_after_resolve_ask_once_and_after_cancel_change_nothing(alert_bot, alertmanager) -> None:
    bot = alert_bot(routes=PAGED)
    url = alertmanager(bot.runtime.port, repeat="1s")
    _push(url, [_alert("web-1", datetime.now(UTC) - timedelta(minutes=1))])
    channel = bot.fake.wait_for(lambda: (_rows(bot, "SELECT channel_id FROM incident") or [(None,)])[0][0], 15)
    bot.fake.wait_for(lambda: pages(bot) == 1)
    bot.send.command("resolve", ALICE, channel)
    bot.fake.wait_for(lambda: _status(bot) == "resolved")

    asked = bot.fake.wait_for(lambda: still_firing(bot, channel), timeout=20)
    _repeats(bot, url, 3)
    assert _counts(bot) == {"incidents": 1, "channels": 1, "pages": 1} and len(still_firing(bot, channel)) == 1

    button = asked[0]["blocks"][1]["elements"][0]
    bot.send.click(button["action_id"], button["value"], BOB, channel, asked[0]["ts"])
    bot.fake.wait_for(lambda: _status(bot) == "investigating")
    bot.send.command("cancel", ALICE, channel)
    bot.send.click(ids.CONFIRM_CANCEL, "", ALICE, channel)
    bot.fake.wait_for(lambda: _status(bot) == "cancelled")
    _repeats(bot, url, 3)
    assert _counts(bot) == {"incidents": 1, "channels": 1, "pages": 1} and len(still_firing(bot, channel)) == 1
