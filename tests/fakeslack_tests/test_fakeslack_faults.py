"""Fault injection: rate limits, 5xx, errors, delays and effects that happen anyway."""

from __future__ import annotations

import time

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler

from tests.fakeslack import FakeSlack


def test_rate_limit_has_retry_after(client: WebClient, fake: FakeSlack) -> None:
    fake.inject("chat.postMessage", status=429, retry_after=7)
    with pytest.raises(SlackApiError) as caught:
        client.chat_postMessage(channel="U1", text="x")
    response = caught.value.response
    assert response.status_code == 429 and response["error"] == "ratelimited"
    assert response.headers["Retry-After"] == "7"
    assert client.chat_postMessage(channel="U1", text="x")["ok"]


def test_sdk_retry_handler_recovers(fake: FakeSlack) -> None:
    client = WebClient(
        base_url=fake.api_url, token="xoxb-test", retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=2)]
    )
    fake.inject("auth.test", status=429, retry_after=0)
    started = time.monotonic()
    assert client.auth_test()["ok"]
    assert fake.call_count("auth.test") == 2 and time.monotonic() - started < 2


def test_server_errors_and_slack_errors_in_order(client: WebClient, fake: FakeSlack, slack_error) -> None:
    fake.inject("conversations.create", status=503)
    fake.inject("conversations.create", error="fatal_error", times=2)
    with pytest.raises(SlackApiError) as caught:
        client.conversations_create(name="a")
    assert caught.value.response.status_code == 503
    assert slack_error(client.conversations_create, name="a") == "fatal_error"
    assert slack_error(client.conversations_create, name="a") == "fatal_error"
    assert client.conversations_create(name="a")["ok"]
    assert fake.call_count("conversations.create") == 4
    assert [c["name"] for c in client.conversations_list()["channels"]] == ["a"]


def test_after_effect_creates_duplicates(client: WebClient, fake: FakeSlack, slack_error) -> None:
    fake.inject("chat.postMessage", status=500, after_effect=True)
    with pytest.raises(SlackApiError):
        client.chat_postMessage(channel="U1", text="page")
    client.chat_postMessage(channel="U1", text="page")
    assert [m["text"] for m in fake.messages(fake.dm_channel("U1"))] == ["page", "page"]
    fake.inject("conversations.create", error="internal_error", after_effect=True)
    assert slack_error(client.conversations_create, name="inc-9") == "internal_error"
    assert fake.channel_by_name("inc-9") is not None
    assert slack_error(client.conversations_create, name="inc-9") == "name_taken"


def test_delay_causes_client_timeout(fake: FakeSlack) -> None:
    client = WebClient(base_url=fake.api_url, token="xoxb-test", timeout=0.2, retry_handlers=[])
    fake.inject("chat.postMessage", delay=0.6)
    with pytest.raises(TimeoutError):
        client.chat_postMessage(channel="U1", text="slow")
    # a pure delay still performs the call, like a slow Slack that eventually succeeds
    assert [m["text"] for m in fake.messages(fake.dm_channel("U1"))] == ["slow"]


def test_wildcard_and_reset(client: WebClient, fake: FakeSlack, slack_error) -> None:
    fake.inject("*", error="team_access_not_granted")
    assert slack_error(client.users_info, user="U1") == "team_access_not_granted"
    fake.inject("*", error="x", times=5)
    fake.reset_faults()
    assert client.users_info(user="U1")["ok"]


def test_wait_for_returns_value_and_explains_timeout(client: WebClient, fake: FakeSlack) -> None:
    client.chat_postMessage(channel="U1", text="hello")
    assert fake.wait_for(lambda: fake.messages(fake.dm_channel("U1") or ""))[0]["text"] == "hello"
    with pytest.raises(AssertionError, match=r"after 0.05s; last API calls: \['chat.postMessage'\]"):
        fake.wait_for(lambda: fake.pins("C1"), timeout=0.05)
