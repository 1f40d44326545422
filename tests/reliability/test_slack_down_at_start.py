"""Issue 9: the bot starts and serves while Slack is down. A 503 at start-up is retried in the
background, /healthz says `degraded`, /readyz says not yet, and a /incident declare sent meanwhile
is acknowledged and delivered once Slack is back."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

from sqlalchemy import text

from tests.fakeslack import FakeSlack
from tests.support.harness import ALICE, Harness, start_harness

OUTAGE = 10_000  # calls: the fault lasts until the test lifts it


def probe(bot: Harness, path: str) -> tuple[int, dict[str, Any]]:
    """GET a health route: (status, JSON body), 5xx included."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{bot.runtime.port}{path}", timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def incidents(bot: Harness) -> list[str]:
    with bot.runtime.engine.connect() as connection:
        return list(connection.execute(text("SELECT title FROM incident")).scalars())


def test_a_503_on_auth_test_at_start_keeps_serving_and_the_declare_arrives(fake: FakeSlack, database_url: str) -> None:
    fake.inject("auth.test", status=503, times=OUTAGE)
    bot = start_harness(fake, database_url, outbox_max_attempts=40, outbox_backoff_seconds=0.1)
    try:
        status, health = probe(bot, "/healthz")
        assert status == 200 and health["status"] == "degraded" and health["slack"] == "not reached"
        assert "answered auth.test with HTTP 503 (service_unavailable)" in health["reason"]
        assert probe(bot, "/readyz") == (503, {"ready": False, "slack": "not reached", "reason": health["reason"]})

        answer = bot.send.command("declare sev1 Checkout is down", ALICE)  # auth.test still answers 503
        assert answer.status == 200, answer.body
        fake.wait_for(lambda: incidents(bot) == ["Checkout is down"])  # recorded, not dropped
        assert not bot.lines(bot.announce)  # the announcement waits for the channel's ID

        fake.reset_faults()
        assert "INC-1 is declared" in bot.reply(answer, timeout=20)
        fake.wait_for(lambda: probe(bot, "/readyz")[0] == 200, timeout=20)
        assert probe(bot, "/healthz") == (200, {"ok": True, "status": "ok", "database": "ok", "slack": "ok"})
        assert "Checkout is down" in bot.wait_line(bot.announce, "INC-1", timeout=20)
        bot.idle()
        assert len([line for line in bot.lines(bot.announce) if "INC-1" in line]) == 1
    finally:
        bot.stop()


def test_a_503_looking_up_the_announce_channel_is_retried(fake: FakeSlack, database_url: str) -> None:
    fake.inject("conversations.list", status=503, times=3)  # prepare, start, the first retry
    bot = start_harness(fake, database_url)
    try:
        assert probe(bot, "/readyz")[0] == 503
        fake.wait_for(lambda: probe(bot, "/readyz")[0] == 200, timeout=10)
        assert bot.runtime.services.announce_channel == bot.announce
    finally:
        bot.stop()


def test_socket_mode_connects_in_the_background_when_slack_answers_503_at_start(
    fake: FakeSlack, database_url: str
) -> None:
    fake.inject("apps.connections.open", status=503, times=2)  # start, the first retry
    bot = start_harness(fake, database_url, slack_app_token="xapp-test", slack_signing_secret=None)
    try:
        assert probe(bot, "/healthz")[1]["status"] == "degraded"
        assert fake.socket_connected(timeout=10)
        fake.wait_for(lambda: probe(bot, "/readyz")[0] == 200, timeout=10)
    finally:
        bot.stop()
