"""`incident-bot export`, the installed console script with Slack unreachable (its URL points at a
fake Slack that has stopped): both formats, --since, --include-private, and titles that try to break
a spreadsheet. Every value is checked against the world built below, worked out by hand."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.core import lifecycle, staffing, timeline
from bot.core.clock import ManualClock
from bot.core.desk import Desk
from bot.core.postmortem import Postmortems
from bot.core.roles import Role
from bot.core.status import Status
from bot.core.timeline import PinnedMessage
from bot.core.tx import Tx
from bot.rendering import TemplateSet
from bot.store.engine import make_engine
from bot.store.migrate import upgrade
from bot.store.models import Incident
from tests.core.factory import ALICE, BOB, declare, events
from tests.fakeslack import FakeSlack
from tests.support.console import Outcome, incident_bot
from tests.support.records import add_action, add_alert_group, add_services, mark_postmortem_done

COLUMNS = [  # docs/EXPORT.md: the stable order
    "number", "ref", "title", "severity", "status", "private",
    "impact_started_at", "declared_at", "acknowledged_at", "identified_at", "mitigated_at", "resolved_at",
    "closed_at", "cancelled_at",
    "detect_seconds", "acknowledge_seconds", "identify_seconds", "mitigate_seconds", "resolve_seconds",
    "services",
    "timeline_events", "status_updates", "pins", "alerts", "action_items_open", "action_items_done", "roles_held",
    "postmortem_done_at", "drill",
]  # fmt: skip
FORMULA = '=HYPERLINK("http://evil.example","click")'
AWKWARD = 'Café "ünïcode", naïve — 🚀\nsecond line'
SECRET = "Credential leak"


def _set_title(desk: Desk, number: int, title: str) -> None:
    """Straight into the row: typed titles are one line, but an export must survive any stored text."""

    def write(tx: Tx) -> None:
        tx.session.scalars(select(Incident).where(Incident.number == number)).one().title = title

    desk.run(write)


def _pin(desk: Desk, clock: ManualClock, number: int) -> None:
    def channel(tx: Tx) -> None:
        tx.incident(number).channel_id = f"C0INC{number}"

    desk.run(channel)
    message = PinnedMessage("1736067900.000100", BOB, "Error rate 40%", clock.now(), None)
    desk.run(timeline.add_pin, f"C0INC{number}", BOB, message)


@pytest.fixture
def world(database_url: str) -> Iterator[tuple[Desk, ManualClock]]:
    """INC-1 public SEV2, impact 10 min before the declare at 2026-01-05 09:00, then ack +3m,
    identified +10m, monitoring +20m, resolved +30m, closed +31m, postmortem done; INC-2 private
    SEV1 two days after 10:30; INC-3 public SEV4, an awkward title, still open, 3 days on; INC-4
    cancelled a day later."""
    engine = make_engine(database_url)
    upgrade(engine)
    clock = ManualClock()
    desk = Desk(engine, clock)
    start = clock.now()
    declare(desk, "Checkout errors", severity="sev2", impact_started_at=start - timedelta(minutes=10))
    _set_title(desk, 1, FORMULA)
    desk.run(staffing.assign, 1, Role.SCRIBE, BOB, ALICE)
    add_services(desk, 1, "payments", "checkout")
    add_alert_group(desk, 1, "am/checkout", "High error rate", alerts=2)
    desk.run(timeline.post_update, 1, ALICE, "Rolling back, next update in 10m")
    desk.run(timeline.add_note, 1, BOB, "Deploy 42 correlates")
    _pin(desk, clock, 1)
    for minutes, step in (
        (3, lambda: desk.run(lifecycle.acknowledge, 1, BOB)),
        (10, lambda: desk.run(lifecycle.set_status, 1, Status.IDENTIFIED, BOB)),
        (20, lambda: desk.run(lifecycle.set_status, 1, Status.MONITORING, BOB)),
        (30, lambda: desk.run(lifecycle.resolve, 1, BOB, "Rolled back")),
        (31, lambda: desk.run(lifecycle.close, 1, ALICE, Postmortems(TemplateSet()))),
        (90, lambda: mark_postmortem_done(desk, 1, ALICE)),
    ):
        clock.advance(seconds=(start + timedelta(minutes=minutes) - clock.now()).total_seconds())
        step()
    add_action(desk, 1, "Canary deploys", done=True)
    add_action(desk, 1, "=cmd|' /C calc'!A0")
    clock.advance(days=2)
    declare(desk, SECRET, severity="sev1", private=True)
    clock.advance(days=3)
    declare(desk, "placeholder", severity="sev4")
    _set_title(desk, 3, AWKWARD)
    add_services(desk, 3, "@ops", "search, eu")
    clock.advance(days=1)
    declare(desk, "False alarm", severity="sev3")
    desk.run(lifecycle.cancel, 4, ALICE, "noise")
    yield desk, clock
    engine.dispose()


@pytest.fixture
def unreachable_slack() -> str:
    with FakeSlack() as fake:
        url = fake.api_url
    return url


def _export(tmp_path: Path, database_url: str, slack: str, *args: str) -> Outcome:
    return incident_bot(
        "export", *args, cwd=tmp_path, DATABASE_URL=database_url, SLACK_API_URL=slack,
        SLACK_BOT_TOKEN="xoxb-test", LOG_LEVEL="WARNING",
    )  # fmt: skip


def _csv(text: str) -> list[dict[str, str]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    assert header == COLUMNS
    return [dict(zip(header, row, strict=True)) for row in reader]


def test_csv_holds_every_column_worked_out_by_hand(world, database_url: str, unreachable_slack: str, tmp_path: Path):
    desk, _ = world
    outcome = _export(tmp_path, database_url, unreachable_slack)
    assert outcome.status == 0, outcome.stderr
    assert outcome.stderr == "incident-bot: exported 3 incidents; 1 private left out (--include-private adds them)\n"
    first, third, fourth = _csv(outcome.stdout)
    assert first == {
        "number": "1", "ref": "INC-1", "title": "'" + FORMULA, "severity": "sev2", "status": "closed",
        "private": "false",
        "impact_started_at": "2026-01-05T08:50:00Z", "declared_at": "2026-01-05T09:00:00Z",
        "acknowledged_at": "2026-01-05T09:03:00Z", "identified_at": "2026-01-05T09:10:00Z",
        "mitigated_at": "2026-01-05T09:20:00Z", "resolved_at": "2026-01-05T09:30:00Z",
        "closed_at": "2026-01-05T09:31:00Z", "cancelled_at": "",
        "detect_seconds": "600", "acknowledge_seconds": "180", "identify_seconds": "600",
        "mitigate_seconds": "1200", "resolve_seconds": "1800",
        "services": "checkout;payments",
        "timeline_events": str(len(events(desk, 1))), "status_updates": "1", "pins": "1", "alerts": "2",
        "action_items_open": "1", "action_items_done": "1", "roles_held": "2",
        "postmortem_done_at": "2026-01-05T10:30:00Z", "drill": "false",
    }  # fmt: skip
    assert (third["ref"], third["title"], third["services"]) == ("INC-3", AWKWARD, "'@ops;search, eu")
    assert (third["status"], third["acknowledged_at"], third["acknowledge_seconds"], third["roles_held"]) == (
        "declared", "", "", "1",
    )  # fmt: skip
    assert (fourth["status"], fourth["cancelled_at"]) == ("cancelled", "2026-01-11T10:30:00Z")
    assert SECRET not in outcome.stdout


def test_csv_is_rfc_4180(world, database_url: str, unreachable_slack: str, tmp_path: Path) -> None:
    """Read as bytes from --out: the test's own stdout pipe would turn CRLF into LF."""
    assert _export(tmp_path, database_url, unreachable_slack, "--out", "incidents.csv").status == 0
    written = (tmp_path / "incidents.csv").read_bytes().decode("utf-8")
    assert written.startswith("number,ref,title,") and written.endswith("\r\n")
    assert '"Café ""ünïcode"", naïve — 🚀\nsecond line"' in written  # quoted, quotes doubled, newline kept
    assert "\r\n3,INC-3," in written and written.count("\r\n") == 4  # the header and three rows


def test_json_is_an_array_of_objects_in_column_order(world, database_url: str, unreachable_slack: str, tmp_path: Path):
    outcome = _export(tmp_path, database_url, unreachable_slack, "--format", "json")
    assert outcome.status == 0, outcome.stderr
    rows = json.loads(outcome.stdout)
    assert [r["ref"] for r in rows] == ["INC-1", "INC-3", "INC-4"] and all(list(r) == COLUMNS for r in rows)
    first, third = rows[0], rows[1]
    assert (first["title"], first["private"], first["services"]) == (FORMULA, False, ["checkout", "payments"])
    assert (first["detect_seconds"], first["resolve_seconds"], first["alerts"]) == (600, 1800, 2)
    assert (first["declared_at"], first["cancelled_at"]) == ("2026-01-05T09:00:00Z", None)
    assert (third["title"], third["services"], third["acknowledge_seconds"]) == (AWKWARD, ["@ops", "search, eu"], None)
    assert "🚀" in outcome.stdout  # UTF-8, not \\u escapes


def test_json_lines_are_one_object_a_line(world, database_url: str, unreachable_slack: str, tmp_path: Path) -> None:
    outcome = _export(tmp_path, database_url, unreachable_slack, "--format", "jsonl")
    lines = outcome.stdout.splitlines()
    assert [json.loads(line)["number"] for line in lines] == [1, 3, 4]


def test_include_private_and_since(world, database_url: str, unreachable_slack: str, tmp_path: Path) -> None:
    everything = _export(tmp_path, database_url, unreachable_slack, "--include-private", "--format", "json")
    assert [(r["ref"], r["private"]) for r in json.loads(everything.stdout)] == [
        ("INC-1", False), ("INC-2", True), ("INC-3", False), ("INC-4", False),
    ]  # fmt: skip
    assert everything.stderr == "incident-bot: exported 4 incidents\n"
    since = _export(tmp_path, database_url, unreachable_slack, "--since", "2026-01-07", "--format", "json")
    assert [r["ref"] for r in json.loads(since.stdout)] == ["INC-3", "INC-4"]
    assert "1 private left out" in since.stderr  # INC-2, declared 2026-01-07 10:30
    later = _export(tmp_path, database_url, unreachable_slack, "--since", "2026-01-08", "--include-private")
    assert [r["ref"] for r in _csv(later.stdout)] == ["INC-3", "INC-4"]


@pytest.mark.parametrize("bad", ["2026-02-30", "yesterday", "2026-1-7", "20260107", "2026-01-07T00:00"])
def test_a_bad_date_is_one_line_and_status_2(
    world, database_url: str, unreachable_slack: str, tmp_path: Path, bad: str
):
    outcome = _export(tmp_path, database_url, unreachable_slack, "--since", bad)
    assert (outcome.status, outcome.stdout) == (2, "")
    assert outcome.stderr == f"incident-bot: --since {bad!r} is not a date; write YYYY-MM-DD, e.g. --since 2026-01-31\n"


def test_out_writes_the_file(world, database_url: str, unreachable_slack: str, tmp_path: Path) -> None:
    outcome = _export(tmp_path, database_url, unreachable_slack, "--format", "json", "--out", "incidents.json")
    assert (outcome.status, outcome.stdout) == (0, "")
    assert len(json.loads((tmp_path / "incidents.json").read_text(encoding="utf-8"))) == 3
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("incidents.json")) == ["incidents.json"]


def test_an_empty_export_is_still_well_formed(database_url: str, unreachable_slack: str, tmp_path: Path) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    engine.dispose()
    as_json = _export(tmp_path, database_url, unreachable_slack, "--format", "json")
    assert (as_json.status, json.loads(as_json.stdout)) == (0, [])
    as_csv = _export(tmp_path, database_url, unreachable_slack)
    assert as_csv.stdout == ",".join(COLUMNS) + "\n"  # CRLF, read through a text pipe
