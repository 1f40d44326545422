"""Posting alert webhooks at a running bot, and the payloads Alertmanager and Grafana send."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import text

from tests.support.harness import CAROL, Harness, blocks_text

TOKEN = "alert-token-for-tests"


def post(bot: Harness, path: str, body: Any, token: str | None = TOKEN, raw: bytes | None = None) -> tuple[int, dict]:
    data = raw if raw is not None else json.dumps(body).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{bot.runtime.port}{path}", data=data, method="POST")
    request.add_header("Content-Type", "application/json")
    if token is not None:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        with error:
            return error.code, json.loads(error.read())


def am_alert(name: str, instance: str, status: str = "firing", starts: str = "2026-11-23T10:00:00Z", **extra: Any):
    labels = {"alertname": name, "instance": instance, "severity": "critical", **extra.pop("labels", {})}
    return {
        "status": status,
        "labels": labels,
        "annotations": extra.pop("annotations", {"summary": f"{name} on {instance}"}),
        "startsAt": starts,
        "endsAt": "2026-11-23T11:00:00Z" if status == "resolved" else "0001-01-01T00:00:00Z",
        "generatorURL": "http://prometheus:9090/graph",
        "fingerprint": f"fp-{name}-{instance}",
        **extra,
    }


def am_group(alerts: list[dict], group: str = "HighLatency", receiver: str = "incident-bot", **extra: Any) -> dict:
    firing = any(a["status"] == "firing" for a in alerts)
    return {
        "version": "4",
        "receiver": receiver,
        "status": "firing" if firing else "resolved",
        "groupKey": f'{{}}:{{alertname="{group}"}}',
        "truncatedAlerts": 0,
        "groupLabels": {"alertname": group},
        "commonLabels": {"alertname": group, "severity": "critical"},
        "commonAnnotations": {"runbook_url": "https://runbooks.example.com/latency"},
        "externalURL": "http://alertmanager:9093",
        "alerts": alerts,
        **extra,
    }


def settle(bot: Harness, timeout: float = 10.0) -> None:
    """Wait until the outbox holds nothing but alert digests waiting for their minute."""
    waiting = text(
        "SELECT count(*) FROM outbox WHERE done_at IS NULL AND failed_at IS NULL "
        "AND NOT (kind = 'alert_digest' AND next_attempt_at > :now)"
    )

    def drained() -> bool:
        with bot.runtime.engine.connect() as c:
            return c.execute(waiting, {"now": datetime.now(UTC)}).scalar_one() == 0

    bot.fake.wait_for(drained, timeout)


def pages(bot: Harness, user: str = CAROL) -> int:
    """How many times `user` was paged (the DMs the fake Slack holds)."""
    channel = bot.fake.dm_channel(user)
    messages = bot.fake.messages(channel) if channel else []
    return sum("You are paged for" in blocks_text(m.get("blocks") or []) for m in messages)


def still_firing(bot: Harness, channel: str) -> list[dict]:
    """The "still firing after resolve — reopen?" messages in an incident channel."""
    return [m for m in bot.fake.messages(channel) if "still firing after resolve" in blocks_text(m.get("blocks") or [])]
