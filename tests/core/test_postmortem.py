from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest

from bot.core import channel, lifecycle, staffing, timeline
from bot.core.clock import ManualClock
from bot.core.desk import Desk
from bot.core.postmortem import Postmortems
from bot.core.roles import Role
from bot.core.status import Status
from bot.core.timeline import PinnedMessage
from bot.rendering import TemplateSet, format_duration
from tests.core.factory import ALICE, BOB, CAROL, DAVE, declare, events
from tests.core.postmortem_scenarios import add_action

NAMES = {ALICE: "Alice Archer", BOB: "Bob Baker", CAROL: "Carol Chen", DAVE: "Dave Diaz"}
EMPTY_SECTIONS = (
    "Root cause",
    "Contributing factors",
    "What went well",
    "What went wrong",
    "Where we got lucky",
    "Action items",
    "Lessons learned",
)


def run_incident(desk: Desk, clock: ManualClock) -> None:
    """A SEV2 that lasts 1h 30m: acknowledged, handed over, noted, updated, pinned, resolved."""
    incident = declare(desk, "Checkout is failing for EU customers", by=ALICE, severity="sev2").incident
    desk.run(channel.attach, incident.id, "C0INC1", "inc-1-checkout", [], None)
    clock.advance(minutes=4)
    desk.run(lifecycle.acknowledge, 1, BOB)
    clock.advance(minutes=1)
    desk.run(staffing.assign, 1, Role.COMMANDER, BOB, ALICE)
    desk.run(staffing.assign, 1, Role.SME, CAROL, BOB, "payments-db")
    desk.run(staffing.assign, 1, Role.SCRIBE, DAVE, BOB)
    clock.advance(minutes=10)
    desk.run(timeline.add_note, 1, DAVE, "Error rate 40% on /pay since deploy 1234")
    desk.run(lifecycle.set_status, 1, Status.IDENTIFIED, BOB)
    clock.advance(minutes=5)
    desk.run(timeline.post_update, 1, BOB, "Bad deploy found; rolling back")
    message = PinnedMessage("1767605000.000100", CAROL, "Rollback finished on all pods", clock.now(), None)
    desk.run(timeline.add_pin, "C0INC1", DAVE, message)
    clock.advance(minutes=20)
    desk.run(lifecycle.set_status, 1, Status.MONITORING, BOB)
    clock.advance(minutes=50)
    desk.run(lifecycle.resolve, 1, BOB, "Rolled back deploy 1234")
    desk.run(staffing.relieve, 1, DAVE, BOB)
    clock.advance(hours=1)


def close(desk: Desk, templates: TemplateSet | None = None, names: dict[str, str] | None = None) -> str:
    postmortems = Postmortems(templates or TemplateSet())
    desk.run(lifecycle.close, 1, BOB, postmortems, names)
    return desk.run(channel.stored, 1, "postmortem") or ""


def section(document: str, heading: str) -> str:
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", document, re.S | re.M)
    assert match, f"no section {heading!r}"
    return match.group(1)


def test_close_renders_the_postmortem_draft(desk: Desk, clock: ManualClock) -> None:
    run_incident(desk, clock)

    document = close(desk, names=NAMES)

    assert document.startswith("# Postmortem: INC-1 — Checkout is failing for EU customers")
    assert "SEV2" in document
    assert f"| Duration | {format_duration(timedelta(hours=1, minutes=30))} (declared → resolved) |" in document
    assert "| Time to detect | not recorded |" in document
    assert f"| Time to acknowledge | {format_duration(timedelta(minutes=4))} |" in document
    assert f"| Time to identify | {format_duration(timedelta(minutes=15))} |" in document
    assert f"| Time to mitigate | {format_duration(timedelta(minutes=40))} |" in document
    assert f"| Time to resolve | {format_duration(timedelta(hours=1, minutes=30))} |" in document
    assert "| Started (declared) | 2026-01-05 09:00 UTC |" in document
    assert "| Resolved | 2026-01-05 10:30 UTC |" in document
    assert "| Commander | Bob Baker |" in document
    assert "**Resolution:** Rolled back deploy 1234" in document


def test_the_draft_says_when_it_was_made_and_whether_the_incident_is_over(desk: Desk, clock: ManualClock) -> None:
    run_incident(desk, clock)
    before = desk.read(Postmortems(TemplateSet()).draft, 1).split("## Summary")[0]
    assert "generated 2026-01-05 11:30 UTC; the incident is resolved but not closed yet" in before
    assert "was closed" not in before
    clock.advance(minutes=5)
    closed = close(desk).split("## Summary")[0]
    assert "generated 2026-01-05 11:35 UTC; the incident was closed 2026-01-05 11:35 UTC." in closed


def table_rows(text: str) -> list[str]:
    """A section's table rows, without the header and the separator."""
    return [line for line in text.splitlines() if line.startswith("| ") and "---" not in line][1:]


def test_participants_keep_the_role_history_and_how_long_each_was_held(desk: Desk, clock: ManualClock) -> None:
    run_incident(desk, clock)

    rows = table_rows(section(close(desk, names=NAMES), "Participants"))

    # Bob took command at 09:05 and still held it at the resolve, 10:30: 1h 25m.
    assert rows == [
        "| Incident commander | Alice Archer | 2026-01-05 09:00 UTC | 2026-01-05 09:05 UTC | 5m |",
        "| Incident commander | Bob Baker | 2026-01-05 09:05 UTC | still held | 1h 25m |",
        "| Subject-matter expert (payments-db) | Carol Chen | 2026-01-05 09:05 UTC | still held | 1h 25m |",
        "| Scribe | Dave Diaz | 2026-01-05 09:05 UTC | 2026-01-05 10:30 UTC | 1h 25m |",
    ]


def test_a_role_held_in_an_open_incident_counts_up_to_now(desk: Desk, clock: ManualClock) -> None:
    declare(desk)
    clock.advance(minutes=42)

    rows = table_rows(section(desk.read(Postmortems(TemplateSet()).draft, 1), "Participants"))

    assert rows == [f"| Incident commander | {ALICE} | 2026-01-05 09:00 UTC | still held | 42m |"]


def test_every_timeline_entry_is_in_the_draft(desk: Desk, clock: ManualClock) -> None:
    run_incident(desk, clock)

    document = close(desk, names=NAMES)

    entries = table_rows(section(document, "Timeline (UTC)"))
    recorded = events(desk, 1)
    assert len(entries) == len(recorded) == 13
    assert entries[0] == (
        "| 2026-01-05 | 09:00 | Alice Archer "
        "| Alice Archer declared the incident (SEV2): Checkout is failing for EU customers |  |"
    )
    assert "| 09:15 | Dave Diaz | Dave Diaz: Error rate 40% on /pay since deploy 1234 |" in entries[5]
    assert any("Rollback finished on all pods" in e for e in entries)
    assert "Bob Baker relieved Dave Diaz of scribe" in entries[-2]
    assert "Bob Baker closed the incident" in entries[-1]


def test_status_updates_are_listed(desk: Desk, clock: ManualClock) -> None:
    run_incident(desk, clock)

    updates = section(close(desk, names=NAMES), "Status updates")

    assert "- **2026-01-05 09:20 UTC** (identified, SEV2, Bob Baker) — Bad deploy found; rolling back" in updates
    assert "No status updates" not in updates


def test_no_updates_says_so(desk: Desk) -> None:
    declare(desk)
    desk.run(lifecycle.resolve, 1, ALICE)

    assert "_No status updates were posted._" in section(close(desk), "Status updates")


def test_the_draft_has_empty_sections_to_fill_in(desk: Desk, clock: ManualClock) -> None:
    run_incident(desk, clock)

    document = close(desk, names=NAMES)

    for heading in EMPTY_SECTIONS:
        assert f"\n## {heading}\n" in document
        assert "Bob Baker" not in section(document, heading)


def test_names_passed_in_replace_user_ids(desk: Desk, clock: ManualClock) -> None:
    run_incident(desk, clock)

    document = close(desk, names=NAMES)

    for user_id, name in NAMES.items():
        assert user_id not in document
        assert name in document


def test_without_names_the_draft_falls_back_to_user_ids(desk: Desk, clock: ManualClock) -> None:
    run_incident(desk, clock)

    document = close(desk, names={BOB: "Bob Baker"})

    assert "Bob Baker" in document
    assert ALICE in document
    assert "None" not in document


def test_timeline_shows_dates_when_the_incident_spans_days(desk: Desk, clock: ManualClock) -> None:
    declare(desk)
    clock.advance(hours=20)
    desk.run(timeline.add_note, 1, ALICE, "overnight")
    desk.run(lifecycle.resolve, 1, ALICE)

    entries = table_rows(section(close(desk), "Timeline (UTC)"))

    assert entries[0].startswith(f"| 2026-01-05 | 09:00 | {ALICE} |")
    assert entries[1].startswith(f"| 2026-01-06 | 05:00 | {ALICE} |")
    assert f"| Duration | {format_duration(timedelta(hours=20))} (declared → resolved) |" in close_document(desk)


def close_document(desk: Desk) -> str:
    return desk.run(channel.stored, 1, "postmortem") or ""


def test_draft_of_an_open_incident_renders_from_the_record(desk: Desk, clock: ManualClock) -> None:
    declare(desk)
    clock.advance(minutes=3)
    desk.run(timeline.add_note, 1, ALICE, "still digging")

    draft = desk.run(Postmortems(TemplateSet()).draft, 1)

    assert "still digging" in draft
    assert "| Resolved | not resolved yet |" in draft
    assert "| Duration | still open: 3m so far |" in draft
    assert desk.run(channel.stored, 1, "postmortem") is None


def test_template_override_replaces_the_postmortem(desk: Desk, tmp_path: Path) -> None:
    (tmp_path / "postmortem.md.j2").write_text(
        "# Our format: {{ incident.ref }} {{ incident.title }}\n"
        "{% for e in events %}* {{ describe(e) }}\n{% endfor %}"
        "Took {{ durations.resolve | duration }}\n"
    )
    declare(desk, "Search is slow")
    desk.run(lifecycle.resolve, 1, ALICE)

    document = close(desk, templates=TemplateSet(tmp_path), names={ALICE: "Alice"})

    assert document.startswith("# Our format: INC-1 Search is slow\n")
    assert "* Alice declared the incident (SEV3): Search is slow" in document
    assert f"Took {format_duration(timedelta(0))}" in document
    assert "## Root cause" not in document


def test_override_dir_without_the_file_uses_the_packaged_template(desk: Desk, tmp_path: Path) -> None:
    (tmp_path / "unrelated.j2").write_text("nothing")
    declare(desk)
    desk.run(lifecycle.resolve, 1, ALICE)

    document = close(desk, templates=TemplateSet(tmp_path))

    assert "## Root cause" in document


def test_a_broken_override_does_not_half_close(desk: Desk, tmp_path: Path) -> None:
    (tmp_path / "postmortem.md.j2").write_text("{{ no_such_variable }}")
    declare(desk)
    desk.run(lifecycle.resolve, 1, ALICE)

    with pytest.raises(Exception, match="no_such_variable"):
        close(desk, templates=TemplateSet(tmp_path))

    assert [e.kind for e in events(desk, 1)] == ["declared", "resolved"]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "—"),
        (timedelta(days=2, hours=3, minutes=10), "2d 3h"),
        (timedelta(hours=1, minutes=5), "1h 05m"),
        (timedelta(minutes=4, seconds=10), "4m 10s"),
        (timedelta(minutes=30), "30m"),
        (timedelta(seconds=-5), "0s"),
    ],
)
def test_durations_read_at_a_glance(value: timedelta | None, shown: str) -> None:
    assert format_duration(value) == shown


def test_the_people_a_draft_names_include_action_item_owners(desk: Desk) -> None:
    """The Slack close asks Slack for the name of each of them, so an owner who never spoke is named too."""
    declare(desk)
    desk.run(add_action, 1, "Add a dashboard", DAVE, None)

    assert desk.read(timeline.people, 1) == {ALICE, DAVE}
