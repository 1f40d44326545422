"""Socket Mode against slack_sdk's built-in client."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from slack_sdk import WebClient
from slack_sdk.socket_mode.builtin import SocketModeClient
from slack_sdk.socket_mode.request import SocketModeRequest
from slack_sdk.socket_mode.response import SocketModeResponse

from tests.fakeslack import FakeSlack


@pytest.fixture
def socket_client(fake: FakeSlack) -> Iterator[SocketModeClient]:
    """A connected built-in client that acks every envelope with a small payload."""
    web = WebClient(base_url=fake.api_url, token="xoxb-test")
    # the client notices a dropped connection on its ping_interval tick: the default 5 s raced wait_for's 5 s
    client = SocketModeClient(app_token="xapp-test", web_client=web, ping_interval=0.5)

    def ack(sm_client: SocketModeClient, request: SocketModeRequest) -> None:
        payload = {"text": f"ack {request.type}"} if request.accepts_response_payload else None
        sm_client.send_socket_mode_response(SocketModeResponse(envelope_id=request.envelope_id, payload=payload))

    client.socket_mode_request_listeners.append(ack)
    client.connect()
    yield client
    client.close()


def test_round_trip(fake: FakeSlack, socket_client: SocketModeClient) -> None:
    assert fake.socket_connected(timeout=2)
    assert socket_client.is_connected()
    envelope_id = fake.socket_send(
        "slash_commands",
        {"command": "/incident", "text": "declare db down", "user_id": "U1", "trigger_id": fake.trigger_id()},
    )
    assert fake.socket_ack(envelope_id) == {"envelope_id": envelope_id, "payload": {"text": "ack slash_commands"}}
    events = fake.socket_send("events_api", {"event": {"type": "app_mention"}}, accepts_response_payload=False)
    assert fake.socket_ack(events)["envelope_id"] == events
    assert ("apps.connections.open", {}) in fake.calls


def test_apps_connections_open_needs_app_token(client: WebClient, fake: FakeSlack) -> None:
    url = client.apps_connections_open(app_token="xapp-test")["url"]
    assert url.startswith(fake.base_url.replace("http://", "ws://") + "/ws?")
    assert not fake.socket_connected(timeout=0.05)


def test_ack_timeout_is_an_assertion(fake: FakeSlack, socket_client: SocketModeClient) -> None:
    socket_client.socket_mode_request_listeners.clear()
    envelope_id = fake.socket_send("interactive", {"type": "block_actions"})
    with pytest.raises(AssertionError, match="no ack"):
        fake.socket_ack(envelope_id, timeout=0.2)


def test_disconnect_makes_client_reconnect(fake: FakeSlack, socket_client: SocketModeClient) -> None:
    fake.socket_disconnect()
    fake.wait_for(lambda: fake.call_count("apps.connections.open") >= 2)
    assert fake.socket_connected(timeout=2)
    envelope_id = fake.socket_send("slash_commands", {"command": "/incident"})
    assert fake.socket_ack(envelope_id)["payload"] == {"text": "ack slash_commands"}
