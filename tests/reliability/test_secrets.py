"""Issue 9, hygiene: no token, signing secret, webhook token or database password appears in a
log line (DEBUG included), an error, a Slack message or the health routes, in a run that meets
errors: Slack down at start, 5xx, an error code, a timeout, a forged request; nor in /metrics."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from dataclasses import replace

import pytest

from bot.settings import Settings
from tests.fakeslack import FakeSlack
from tests.reliability.test_metrics import scrape
from tests.reliability.test_slack_down_at_start import probe
from tests.support.harness import ALICE, start_harness

BOT_TOKEN = "xoxb-2718281828-3141592653589-Zq8Lr4Xv9Tn2Wb6Yc1Mf0Hd"
APP_TOKEN = "xapp-1-A0TESTAPP1-3141592653-0f9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c"
SIGNING_SECRET = "8f14e45fceea167a5a36dedd4bea2543"
WEBHOOK_TOKEN = "whk_4c2a9e71f0b35d8e6a1c7f93b2d04e58"
DB_PASSWORD = "Pg-s3cr3t-9d2f7a1e"
SECRETS = (BOT_TOKEN, APP_TOKEN, SIGNING_SECRET, WEBHOOK_TOKEN, DB_PASSWORD)


def _with_password(url: str) -> str:
    """PostgreSQL here trusts local connections, so a password in the URL is carried, not checked."""
    return url.replace("postgres@", f"postgres:{DB_PASSWORD}@", 1) if url.startswith("postgresql") else url


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    with FakeSlack(bot_token=BOT_TOKEN, app_token=APP_TOKEN) as fake:
        yield fake


def test_a_run_full_of_errors_shows_no_secret(
    fake: FakeSlack, database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    fake.inject("auth.test", status=503, times=2)
    fake.inject("conversations.create", status=503)
    fake.inject("conversations.invite", error="restricted_action")
    fake.inject("conversations.setTopic", delay=2.5)  # past the client's 2 s timeout
    bot = start_harness(
        fake,
        _with_password(database_url),
        slack_bot_token=BOT_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        alert_webhook_token=WEBHOOK_TOKEN,
        outbox_max_attempts=6,
    )
    bot.send.secret = SIGNING_SECRET
    try:
        seen = [json.dumps(probe(bot, "/healthz")), json.dumps(probe(bot, "/readyz"))]
        channel, answer = bot.declare("Checkout is down", timeout=15)
        bot.send.command("note rolled back the deploy", ALICE, channel)
        bot.send.secret = "not-the-secret"
        assert bot.send.command("list", ALICE).status == 401
        fake.wait_for(lambda: probe(bot, "/readyz")[0] == 200, timeout=10)
        bot.idle(timeout=15)
        met = ("service_unavailable", "restricted_action")  # logged by retries that may outlast idle()
        fake.wait_for(lambda: all(error in caplog.text for error in met), timeout=30)
        seen += [json.dumps(probe(bot, "/healthz")), json.dumps(fake.calls), json.dumps(bot.replies(answer))]
        seen.append(scrape(bot)[1])
    finally:
        bot.stop()
    assert "service_unavailable" in caplog.text and "restricted_action" in caplog.text  # the errors were met
    for secret in SECRETS:
        assert secret not in caplog.text
        assert not [part for part in seen if secret in part]


def test_settings_keep_their_secrets_out_of_their_repr() -> None:
    settings = replace(
        Settings(),
        slack_bot_token=BOT_TOKEN,
        slack_app_token=APP_TOKEN,
        slack_signing_secret=SIGNING_SECRET,
        alert_webhook_token=WEBHOOK_TOKEN,
        database_url=f"postgresql+psycopg://incident:{DB_PASSWORD}@db:5432/incidents",
    )
    assert not [secret for secret in SECRETS if secret in repr(settings)]
