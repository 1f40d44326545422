"""The dashboard's tests read pages from a running bot as a signed-in Slack user."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fakeslack import FakeSlack
from tests.support.harness import Harness, start_harness
from tests.web.dashboard import sign_in_by_header


@pytest.fixture
def site(fake: FakeSlack, database_url: str) -> Iterator[Harness]:
    bot = start_harness(fake, database_url)
    sign_in_by_header(bot)
    yield bot
    bot.stop()
