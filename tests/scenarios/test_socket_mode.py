"""Socket Mode: the same app over Slack's WebSocket envelope protocol."""

from __future__ import annotations

from tests.fakeslack import FakeSlack
from tests.support.harness import socket_command, start_harness


def test_socket_mode_acknowledges_and_declares(fake: FakeSlack, database_url: str) -> None:
    bot = start_harness(fake, database_url, slack_app_token="xapp-test", slack_signing_secret=None)
    try:
        assert fake.socket_connected()
        envelope, response_url = socket_command(fake, "declare sev2 Socket mode outage", bot.general)
        ack = fake.socket_ack(envelope)
        assert "Declaring" in (ack.get("payload") or {}).get("text", "")
        channel = fake.wait_for(lambda: fake.channel_by_name("inc-1-socket-mode-outage"))["id"]
        fake.wait_for(lambda: fake.pins(channel))
        assert "INC-1 is declared" in fake.wait_for(lambda: fake.responses(response_url))[0]["text"]
    finally:
        bot.stop()
