"""The draft of a 10,000-event incident: checked for size and structure rather than stored as a
10,000-line golden file. Every event is one row of five cells, in order, and nothing is cut."""

from __future__ import annotations

import re

from bot.core import lifecycle
from bot.core.clock import ManualClock
from bot.core.desk import Desk
from bot.core.postmortem import Postmortems
from bot.rendering import TemplateSet
from tests.core.factory import BOB, events
from tests.core.postmortem_scenarios import long_timeline
from tests.core.test_postmortem import section, table_rows
from tests.core.test_postmortem_markdown import cells

EVENTS = 10_000


def test_a_ten_thousand_event_timeline_renders_every_event_as_one_row(desk: Desk, clock: ManualClock) -> None:
    names = long_timeline(desk, clock, EVENTS)
    desk.run(lifecycle.close, 1, BOB, Postmortems(TemplateSet()), names)
    draft = desk.read(Postmortems(TemplateSet()).draft, 1)

    rows = table_rows(section(draft, "Timeline (UTC)"))
    recorded = events(desk, 1)
    assert len(recorded) == EVENTS + 1  # and the close
    assert len(rows) == EVENTS + 1
    assert {cells(row) for row in rows} == {5}
    assert rows[0].startswith("| 2026-01-05 | 09:00 | Alice Archer | Alice Archer declared the incident (SEV2)")
    # 99 batches of 99 notes and a pin, a minute each, then 97 notes and a pin: 9,998 minutes after
    # Monday 09:00 is the next Monday 07:38, when it was resolved and closed
    assert rows[-1] == "| 2026-01-12 | 07:38 | Bob Baker | Bob Baker closed the incident |  |"
    assert sum("[message](<https://example.slack.com/" in row for row in rows) == 100
    title = "# Postmortem: INC-1 — A week-long degradation"
    assert [line for line in draft.splitlines() if line.startswith("# ")] == [title]
    assert len(re.findall(r"^## ", draft, re.M)) == 13
    assert len(draft.encode()) < 2_000_000  # ~150 bytes a row: a file Slack and editors take
