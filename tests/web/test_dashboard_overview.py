"""The overview: incidents per week by severity and MTTA/MTTR per week, drawn as SVG on the server,
with the same numbers in a table, against incidents declared at known times."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from bot.core import lifecycle
from bot.core.clock import ManualClock
from tests.fakeslack import FakeSlack
from tests.support.harness import ALICE, Harness
from tests.support.signin import start_sign_in_bot
from tests.web.dashboard import declare, get

MONDAY = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2025, 12, 30, 9, 0, tzinfo=UTC))  # the Tuesday of the week before


@pytest.fixture
def site(fake: FakeSlack, database_url: str, clock: ManualClock) -> Iterator[Harness]:
    bot = start_sign_in_bot(fake, database_url, clock)
    yield bot
    bot.stop()


def _row(body: str, week: str) -> list[str]:
    row = re.search(rf"<tr><td>{week}</td>(.*?)</tr>", body)
    assert row, week
    return re.findall(r"<td>([^<]*)</td>", row.group(1))


def test_weeks_by_severity_and_key_times_in_svg_and_table(site: Harness, clock: ManualClock) -> None:
    desk = site.runtime.desk
    first = declare(site, "Last week's", severity="sev1")
    clock.advance(minutes=10)
    desk.run(lifecycle.acknowledge, first, ALICE)
    clock.advance(minutes=50)
    desk.run(lifecycle.resolve, first, ALICE)
    clock.advance(days=6)  # Monday 2026-01-05 10:00
    second = declare(site, "This week's", severity="sev2")
    clock.advance(minutes=20)
    desk.run(lifecycle.acknowledge, second, ALICE)
    declare(site, "Not acknowledged", severity="sev2")
    cancelled = declare(site, "False alarm", severity="sev4")
    desk.run(lifecycle.cancel, cancelled, ALICE, "false alarm", True)
    page = get(site, "/overview")
    assert page.status == 200
    assert _row(page.body, "2025-12-29") == ["1", "0", "0", "0", "1", "10m", "1h"]
    assert _row(page.body, "2026-01-05") == ["0", "2", "0", "0", "2", "20m", "—"]
    assert _row(page.body, "2025-10-20") == ["0", "0", "0", "0", "0", "—", "—"]  # twelve weeks shown
    counts = page.body[page.body.index('id="counts-chart"') : page.body.index('id="key-times"')]
    assert re.findall(r'<rect class="(sev\d)"', counts) == ["sev1", "sev2"]
    assert "<title>SEV2: 2</title>" in counts
    key_times = page.body[page.body.index('id="key-times-chart"') :]
    assert len(re.findall(r'<circle class="mtta"', key_times)) == 2
    assert len(re.findall(r'<circle class="mttr"', key_times)) == 1
