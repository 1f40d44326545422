"""People's text in the postmortem stays inside its line or table cell: no fake sections, no
extra action items, no shifted tables."""

from __future__ import annotations

import re

from bot.core import lifecycle, staffing, timeline
from bot.core.clock import ManualClock
from bot.core.desk import Desk
from bot.core.postmortem import Postmortems
from bot.core.roles import Role
from bot.markdown import md_cell, md_line
from bot.rendering import TemplateSet
from tests.core.factory import ALICE, BOB, CAROL, declare
from tests.core.test_postmortem_golden import rendered

HEADINGS = [
    "# Postmortem: INC-1 — Checkout is failing",
    "## Summary",
    "## Key times",
    "## Participants",
    "## Timeline (UTC)",
    "## Status updates",
    "## Alerts",
    "## Action items",
    "## Root cause",
    "## Contributing factors",
    "## What went well",
    "## What went wrong",
    "## Where we got lucky",
    "## Lessons learned",
]
INJECTION = "Rolled back\n## Action items\n| Blame Bob | Bob | now |"


def cells(row: str) -> int:
    """How many cells a Markdown table row has: its unescaped pipes, less one."""
    return len(re.findall(r"(?<!\\)\|", row)) - 1


def rows(lines: list[str], heading: str) -> list[str]:
    """The table rows of one section."""
    start = lines.index(heading) + 1
    end = next(i for i in range(start, len(lines)) if lines[i].startswith("## "))
    return [line for line in lines[start:end] if line.startswith("|")]


def hostile_draft(desk: Desk, clock: ManualClock) -> str:
    declare(desk, summary="# Everything is down\n> quoted\n1. first")
    desk.run(staffing.assign, 1, Role.SME, CAROL, ALICE, "payments | ledger")
    clock.advance(minutes=5)
    desk.run(timeline.add_note, 1, BOB, INJECTION)
    desk.run(timeline.post_update, 1, BOB, "Mitigated\n\n- [ ] fake task\n<!-- hide the rest")
    desk.run(lifecycle.resolve, 1, ALICE, "# Restarted the ledger")
    names = {ALICE: "Alice | Ops", BOB: "Bob", CAROL: "Carol"}
    desk.run(lifecycle.close, 1, ALICE, Postmortems(TemplateSet()), names)
    return desk.run(Postmortems(TemplateSet()).draft, 1)


def test_hostile_text_adds_no_section_row_or_cell(desk: Desk, clock: ManualClock) -> None:
    draft = hostile_draft(desk, clock)
    lines = draft.splitlines()

    assert [line for line in lines if line.startswith("#")] == HEADINGS
    assert rows(lines, "## Action items") == ["| Action | Owner | Due | Status |", "|---|---|---|---|", "| | | | |"]
    assert {cells(row) for row in rows(lines, "## Summary")} == {2}
    assert {cells(row) for row in rows(lines, "## Participants")} == {5}
    assert len(rows(lines, "## Participants")) == 4
    assert {cells(row) for row in rows(lines, "## Timeline (UTC)")} == {5}
    assert "| Subject-matter expert (payments \\| ledger) | Carol |" in draft
    assert "| Commander | Alice \\| Ops |" in draft
    assert "| Bob: Rolled back / ## Action items / \\| Blame Bob \\| Bob \\| now \\| |" in draft
    assert "— Mitigated / - [ ] fake task / \\<!-- hide the rest" in draft
    assert "\\# Everything is down / > quoted / 1. first" in lines
    assert "**Resolution:** \\# Restarted the ledger" in lines


def test_md_line_keeps_text_on_one_line_and_escapes_what_starts_a_block() -> None:
    assert md_line("plain text, #hashtag and a-b") == "plain text, #hashtag and a-b"
    assert md_line("  two\r\nlines\n\n\nthree ") == "two / lines / three"
    assert md_line("## heading") == "\\## heading"
    assert md_line("- item") == "\\- item"
    assert md_line("12. twelfth") == "12\\. twelfth"
    assert md_line("```") == "\\```"
    assert md_line("a <b>") == "a \\<b>"


def test_md_cell_escapes_the_pipe() -> None:
    assert md_cell("a | b\nc") == "a \\| b / c"


def test_a_backslash_of_the_users_cannot_cancel_the_escape() -> None:
    r"""`\|` must not become `\\|` (a literal backslash, then a pipe that ends the cell), nor `\<!--`
    `\\<!--` (a literal backslash, then a comment that hides the rest of the document)."""
    assert md_cell(r"a \| b") == r"a \\\| b"
    assert md_line(r"x \<!-- hide") == r"x \\\<!-- hide"
    assert md_cell("\\\\|") == r"\\\\\|"
    cell = md_cell(r"a \| b")
    assert cells(f"| {cell} | c |") == 2


def test_markup_in_every_text_field_stays_data(desk: Desk, clock: ManualClock) -> None:
    """The golden hostile incident: template syntax, mentions, pipes, newlines, leading `#`, backticks,
    emoji and right-to-left text in the title, summary, impact, notes, update, pin, SME area,
    service, action item, resolution and people's names."""
    draft = rendered(desk, clock, "hostile")
    lines = draft.splitlines()

    assert [line for line in lines if line.startswith("#")] == [
        "# Postmortem: INC-1 — \\# {{ 7*7 }} renamed | \\<@U0BOB>",
        *(heading for heading in HEADINGS[1:]),
    ]
    assert "49" not in draft and "{{ 7*7 }}" in draft and "{% raw %}" in draft
    assert not re.search(r"(?<!\\)<[!@]", draft), "a mention or raw HTML got through unescaped"
    for heading, width in [("## Summary", 2), ("## Key times", 3), ("## Participants", 5),
                           ("## Timeline (UTC)", 5), ("## Action items", 4)]:  # fmt: skip
        assert {cells(row) for row in rows(lines, heading)} == {width}, heading
    assert len(rows(lines, "## Timeline (UTC)")) == 2 + 10
    assert len(rows(lines, "## Action items")) == 2 + 1
    assert "שלום עולם" in draft and "كارول 👩‍💻" in draft
