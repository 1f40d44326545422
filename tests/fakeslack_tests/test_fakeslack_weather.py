"""The drill's weather: Slack's rate-limit tiers, seeded random failures and a total outage."""

from __future__ import annotations

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from tests.fakeslack import FakeSlack
from tests.fakeslack.ratelimits import RateLimits


def error_of(call) -> tuple[int, str, str | None]:
    with pytest.raises(SlackApiError) as caught:
        call()
    response = caught.value.response
    return response.status_code, response["error"], response.headers.get("Retry-After")


def test_a_tier_2_method_allows_a_burst_then_answers_429_with_retry_after(client: WebClient, fake: FakeSlack) -> None:
    fake.weather.storm(seed=1, failure_rate=0, spike_rate=0)
    for n in range(6):  # a third of Tier 2's 20 a minute
        client.conversations_create(name=f"burst-{n}")
    status, error, retry_after = error_of(lambda: client.conversations_create(name="one-too-many"))
    assert (status, error) == (429, "ratelimited")
    assert retry_after is not None and 1 <= int(retry_after) <= 3  # until the next of 20 a minute
    assert fake.channel_by_name("one-too-many") is None


def test_posts_are_limited_per_channel_about_one_a_second() -> None:
    limits = RateLimits()
    waits = [limits.wait("chat.postMessage", {"channel": "C1"}, now=0.0) for _ in range(4)]
    assert waits == [0, 0, 0, 1]
    assert limits.wait("chat.postMessage", {"channel": "C2"}, now=0.0) == 0
    assert limits.wait("chat.postMessage", {"channel": "C1"}, now=1.0) == 0


def test_a_storm_fails_about_its_share_of_calls_the_same_way_for_a_seed(fake: FakeSlack) -> None:
    fake.weather.storm(seed=3, failure_rate=0.2, spike_rate=0, rate_limits=False)
    drawn = [fake.weather.draw("users.info", {}) for _ in range(1000)]
    failed = sum(1 for fault in drawn if fault is not None)
    assert 150 < failed < 250
    assert sum(fake.weather.tally.values()) == failed
    fake.weather.storm(seed=3, failure_rate=0.2, spike_rate=0, rate_limits=False)
    assert [fake.weather.draw("users.info", {}) for _ in range(1000)] == drawn


def test_an_outage_fails_every_call_until_it_ends_and_calm_stops_everything(client: WebClient, fake: FakeSlack) -> None:
    fake.weather.storm(seed=1, failure_rate=1.0, spike_rate=0)
    fake.weather.outage.set()
    assert error_of(client.auth_test)[:2] == (503, "service_unavailable")
    fake.weather.calm()
    assert client.auth_test()["ok"]
    assert fake.weather.tally["outage 503"] == 1
