"""A Bolt app over Socket Mode, the way the bot under test will run."""

from __future__ import annotations

from typing import Any

from slack_bolt import App
from slack_bolt.adapter.socket_mode import SocketModeHandler
from slack_sdk import WebClient

from tests.fakeslack import FakeSlack


def test_slash_command_opens_modal_and_responds(fake: FakeSlack) -> None:
    channel = fake.add_channel("ops", members=["U1", "UBOT"])
    app = App(client=WebClient(base_url=fake.api_url, token="xoxb-test"))

    @app.command("/incident")
    def declare(ack: Any, body: dict[str, Any], client: WebClient, respond: Any) -> None:
        ack("on it")
        client.views_open(
            trigger_id=body["trigger_id"],
            view={"type": "modal", "title": {"type": "plain_text", "text": "Declare"}, "blocks": [{"type": "divider"}]},
        )
        respond("declared")

    handler = SocketModeHandler(
        app, app_token="xapp-test", web_client=WebClient(base_url=fake.api_url, token="xoxb-test")
    )
    handler.connect()
    try:
        url = fake.response_url(channel=channel, user="U1")
        envelope_id = fake.socket_send(
            "slash_commands",
            {
                "command": "/incident",
                "text": "db down",
                "user_id": "U1",
                "channel_id": channel,
                "team_id": "T0001",
                "api_app_id": "A0001",
                "trigger_id": fake.trigger_id(),
                "response_url": url,
            },
        )
        assert fake.socket_ack(envelope_id)["payload"] == {"text": "on it"}
        assert fake.wait_for(lambda: fake.responses(url)) == [{"text": "declared"}]
        assert [v["title"]["text"] for v in fake.views.values()] == ["Declare"]
        assert fake.ephemerals == [{"channel": channel, "user": "U1", "text": "declared", "blocks": None}]
    finally:
        handler.close()
