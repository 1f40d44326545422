"""SLACK_CLIENT_ID and SLACK_CLIENT_SECRET are for Sign in with Slack only. Bolt reads the same
two names from the environment and, when both are set, switches itself to its multi-workspace
OAuth installation flow; an earlier build acknowledged `/incident declare` and then did nothing.
With both set in the process environment, commands still work in HTTP mode and in Socket Mode."""

from __future__ import annotations

import os

import pytest

from tests.fakeslack import FakeSlack
from tests.support.harness import socket_command, start_harness


@pytest.fixture(autouse=True)
def sign_in_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_CLIENT_ID", "111.222")
    monkeypatch.setenv("SLACK_CLIENT_SECRET", "client-secret")


def test_declare_works_over_http_with_the_sign_in_variables_set(fake: FakeSlack, database_url: str) -> None:
    bot = start_harness(fake, database_url)
    try:
        channel, _ = bot.declare("sev2 Checkout is down")
        assert fake.channel(channel)["name"] == "inc-1-checkout-is-down"
        assert "Checkout is down" in bot.card(channel)
    finally:
        bot.stop()


def test_declare_works_over_socket_mode_with_the_sign_in_variables_set(fake: FakeSlack, database_url: str) -> None:
    bot = start_harness(fake, database_url, slack_app_token="xapp-test", slack_signing_secret=None)
    try:
        assert fake.socket_connected()
        envelope, _ = socket_command(fake, "declare sev2 Search is slow", bot.general)
        fake.socket_ack(envelope)
        channel = fake.wait_for(lambda: fake.channel_by_name("inc-1-search-is-slow"))["id"]
        fake.wait_for(lambda: fake.pins(channel))
        assert "Search is slow" in bot.card(channel)
    finally:
        bot.stop()


def test_bolt_never_sees_them_and_they_stay_for_sign_in(fake: FakeSlack, database_url: str) -> None:
    """Without this, Bolt builds an OAuth flow and a file installation store beside our authorize."""
    bot = start_harness(fake, database_url)
    try:
        assert (bot.runtime.app.oauth_flow, bot.runtime.app.installation_store) == (None, None)
        assert (os.environ["SLACK_CLIENT_ID"], os.environ["SLACK_CLIENT_SECRET"]) == ("111.222", "client-secret")
    finally:
        bot.stop()
