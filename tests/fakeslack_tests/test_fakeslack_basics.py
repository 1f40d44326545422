"""Auth, transport encodings and unknown methods."""

from __future__ import annotations

import json
import socket
import urllib.request

import pytest
from slack_sdk import WebClient

from tests.fakeslack import FakeSlack


def _raw_post(url: str, data: bytes, headers: dict[str, str]) -> dict:
    request = urllib.request.Request(url, data=data, headers=headers, method="POST")
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


def test_urls_point_at_ephemeral_local_port(fake: FakeSlack) -> None:
    assert fake.base_url.startswith("http://127.0.0.1:")
    assert fake.api_url == fake.base_url + "/api/"


def test_auth_test_identifies_bot(client: WebClient) -> None:
    body = client.auth_test().data
    assert body["ok"] is True
    assert (body["user_id"], body["team_id"], body["bot_id"]) == ("UBOT", "T0001", "B0000001")
    assert body["url"].startswith("https://")


def test_missing_and_wrong_tokens(fake: FakeSlack, slack_error) -> None:
    assert slack_error(WebClient(base_url=fake.api_url).auth_test) == "not_authed"
    assert slack_error(WebClient(base_url=fake.api_url, token="xoxb-wrong").auth_test) == "invalid_auth"
    app_client = WebClient(base_url=fake.api_url, token="xapp-test")
    assert slack_error(app_client.conversations_list) == "not_allowed_token_type"
    assert (
        slack_error(WebClient(base_url=fake.api_url, token="xoxb-test").apps_connections_open, app_token="xoxb-test")
        == "not_allowed_token_type"
    )


def test_token_as_form_param_and_json_body(fake: FakeSlack) -> None:
    form = _raw_post(fake.api_url + "auth.test", b"token=xoxb-test", {})
    assert form["ok"] is True
    json_without_header = _raw_post(
        fake.api_url + "auth.test", b'{"token": "xoxb-test"}', {"Content-Type": "application/json"}
    )
    assert json_without_header == {"ok": False, "error": "not_authed"}
    json_body = _raw_post(
        fake.api_url + "conversations.create",
        b'{"name": "from-json"}',
        {"Content-Type": "application/json", "Authorization": "Bearer xoxb-test"},
    )
    assert json_body["channel"]["name"] == "from-json"


def test_query_string_params(fake: FakeSlack) -> None:
    body = _raw_post(fake.api_url + "users.info?user=U1", b"", {"Authorization": "Bearer xoxb-test"})
    assert body["user"]["name"] == "alice"


def test_unknown_method(client: WebClient, slack_error) -> None:
    assert slack_error(client.api_call, api_method="nope.nothing") == "unknown_method"


def test_calls_are_recorded_without_token(client: WebClient, fake: FakeSlack) -> None:
    client.chat_postMessage(channel="U1", text="hi", blocks=[{"type": "divider"}])
    method, params = fake.calls[-1]
    assert method == "chat.postMessage"
    assert params["blocks"] == [{"type": "divider"}]
    assert "token" not in params
    assert fake.call_count("chat.postMessage") == 1


def test_context_manager_stops_server() -> None:
    with FakeSlack() as fake:
        port = int(fake.base_url.rsplit(":", 1)[1])
        assert WebClient(base_url=fake.api_url, token="xoxb-test").auth_test()["ok"]
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
