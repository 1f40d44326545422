"""The incident list: open incidents first, every filter, the title search, hostile titles escaped."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from bot.core import lifecycle
from tests.fakeslack import FakeSlack
from tests.support.harness import ALICE, Harness, start_harness
from tests.web.dashboard import declare, get, sign_in_by_header


@pytest.fixture
def site(fake: FakeSlack, database_url: str) -> Iterator[Harness]:
    bot = start_harness(fake, database_url)
    sign_in_by_header(bot)
    yield bot
    bot.stop()


def listed(bot: Harness, query: str = "") -> list[str]:
    page = get(bot, f"/{query}")
    assert page.status == 200, page.body
    return re.findall(r'href="/incidents/\d+">(INC-\d+)</a>', page.body)


def test_open_incidents_come_first_then_the_rest_newest_first(site: Harness) -> None:
    first, second, third = (declare(site, f"Incident {n}") for n in range(3))
    site.runtime.desk.run(lifecycle.resolve, third, ALICE, "fixed")
    assert listed(site) == [f"INC-{second}", f"INC-{first}", f"INC-{third}"]
