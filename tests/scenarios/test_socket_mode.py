"""Socket Mode: the same app over Slack's WebSocket envelope protocol."""

from __future__ import annotations

from tests.fakeslack import FakeSlack
from tests.support.harness import ALICE, start_harness


def test_socket_mode_acknowledges_and_declares(fake: FakeSlack, database_url: str) -> None:
    bot = start_harness(fake, database_url, slack_app_token="xapp-test", slack_signing_secret=None)
    try:
        assert fake.socket_connected()
        response_url = fake.response_url()
        envelope = fake.socket_send(
            "slash_commands",
            {
                "command": "/incident",
                "text": "declare sev2 Socket mode outage",
                "user_id": ALICE,
                "channel_id": bot.general,
                "team_id": "T0001",
                "response_url": response_url,
                "trigger_id": fake.trigger_id(),
                "api_app_id": "A0001",
            },
        )
        ack = fake.socket_ack(envelope)
        assert "Declaring" in (ack.get("payload") or {}).get("text", "")
        channel = fake.wait_for(lambda: fake.channel_by_name("inc-1-socket-mode-outage"))["id"]
        fake.wait_for(lambda: fake.pins(channel))
        assert "INC-1 is declared" in fake.wait_for(lambda: fake.responses(response_url))[0]["text"]
    finally:
        bot.stop()
