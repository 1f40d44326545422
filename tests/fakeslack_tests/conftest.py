"""Fixtures for the fake's own tests: a running FakeSlack and a real slack_sdk client."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.fakeslack import FakeSlack


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    """A started fake with two humans (alice, bob) besides the bot."""
    with FakeSlack(bot_token="xoxb-test", app_token="xapp-test", bot_user_id="UBOT", team_id="T0001") as running:
        running.add_user("U1", "alice", "Alice Doe", "alice@example.com")
        running.add_user("U2", "bob", "Bob Roe", "bob@example.com")
        yield running


@pytest.fixture
def client(fake: FakeSlack) -> WebClient:
    """slack_sdk client with the bot token, talking to the fake."""
    return WebClient(base_url=fake.api_url, token="xoxb-test", timeout=5)


@pytest.fixture
def slack_error() -> Callable[..., str]:
    """Call ``fn(**kwargs)`` expecting a Slack error; return the error code."""

    def run(fn: Callable[..., Any], **kwargs: Any) -> str:
        with pytest.raises(SlackApiError) as caught:
            fn(**kwargs)
        return str(caught.value.response["error"])

    return run
