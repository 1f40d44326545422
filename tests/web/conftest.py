"""A bot with Sign in with Slack on, against the fake Slack, on both databases: `signin_bot` for the
sign-in tests (on a clock they move), `site` for the dashboard's, read as signed-in Slack users."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakeslack import FakeSlack
from tests.support.clock import TravelClock
from tests.support.harness import Harness
from tests.support.signin import start_sign_in_bot
from tests.web.browser import browser

__all__ = ["browser"]  # the fixture, for every web test


@pytest.fixture
def travel() -> TravelClock:
    return TravelClock()


@pytest.fixture
def signin_bot(fake: FakeSlack, database_url: str, travel: TravelClock) -> Iterator[Harness]:
    harness = start_sign_in_bot(fake, database_url, travel)
    yield harness
    harness.stop()


@pytest.fixture
def site(fake: FakeSlack, database_url: str) -> Iterator[Harness]:
    harness = start_sign_in_bot(fake, database_url)
    yield harness
    harness.stop()
