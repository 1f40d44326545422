"""Incidents for the postmortem golden files and the rendering benchmark, built through the core
operations with the manual clock (it starts Monday 2026-01-05 09:00 UTC), so every timestamp is
known. Each returns the display names the caller passes, as the Slack close would."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from sqlalchemy import insert

from bot.core import channel, lifecycle, staffing, timeline
from bot.core.alerts import intake
from bot.core.alerts.signals import AlertAction, AlertBatch, AlertSignal
from bot.core.clock import ManualClock
from bot.core.desk import Desk
from bot.core.policy.runbook_files import Runbook, Step
from bot.core.roles import Role
from bot.core.runbooks import attaching, ticks
from bot.core.runbooks import views as checklists
from bot.core.status import Status
from bot.core.timeline import PinnedMessage
from bot.core.tx import Tx
from bot.store.models import ActionItem, IncidentService, TimelineEvent
from tests.core.factory import ALICE, BOB, CAROL, DAVE, declare

NAMES = {ALICE: "Alice Archer", BOB: "Bob Baker", CAROL: "Carol Chen", DAVE: "Dave Diaz"}
Scenario = Callable[[Desk, ManualClock], dict[str, str]]


def add_service(tx: Tx, number: int, name: str, by: str | None) -> None:
    """What `/incident service` will do (another part of the issue builds the command)."""
    tx.session.add(IncidentService(incident_id=tx.incident(number).id, name=name, added_at=tx.now, added_by=by))


def add_action(tx: Tx, number: int, text: str, owner: str | None, due: date | None, done: bool = False) -> None:
    """What `/incident action` will do: a row of the action_item table."""
    row = tx.incident(number)
    status, done_at = ("done", tx.now) if done else ("open", None)
    tx.session.add(
        ActionItem(
            incident_id=row.id, text=text, owner=owner, due=due, status=status, created_at=tx.now, done_at=done_at
        )
    )


def set_impact_fraction(tx: Tx, number: int, fraction: float) -> None:
    tx.incident(number).impact_fraction = fraction


def pin(desk: Desk, clock: ManualClock, author: str, by: str, text: str, ts: str) -> None:
    link = f"https://example.slack.com/archives/C0INC1/p{ts.replace('.', '')}"
    desk.run(timeline.add_pin, "C0INC1", by, PinnedMessage(ts, author, text, clock.now(), link))


def multi_day(desk: Desk, clock: ManualClock) -> dict[str, str]:
    """A SEV2 raised to SEV1 overnight, identified the next morning, resolved on day two, closed on day three."""
    incident = declare(desk, "Payments are failing for EU customers", by=ALICE, severity="sev2").incident
    desk.run(channel.attach, incident.id, "C0INC1", "inc-1-payments", [], None)
    desk.run(add_service, 1, "payments", ALICE)
    desk.run(add_service, 1, "checkout", ALICE)
    clock.advance(minutes=12)
    desk.run(lifecycle.acknowledge, 1, BOB)
    desk.run(staffing.assign, 1, Role.COMMANDER, BOB, ALICE)
    desk.run(lifecycle.set_impact, 1, "Card payments fail for a quarter of EU customers", BOB)
    desk.run(set_impact_fraction, 1, 0.25)
    clock.advance(minutes=48)
    desk.run(lifecycle.set_severity, 1, "sev1", BOB)
    desk.run(staffing.assign, 1, Role.SCRIBE, DAVE, BOB)
    desk.run(timeline.post_update, 1, BOB, "Failures spread to all EU card payments; raising to SEV1")
    clock.advance(hours=16, minutes=30)  # 2026-01-06 02:30
    desk.run(staffing.assign, 1, Role.COMMANDER, CAROL, BOB)
    desk.run(timeline.add_note, 1, CAROL, "Night shift took over; token cache looks suspicious")
    clock.advance(hours=5)  # 07:30
    desk.run(lifecycle.set_status, 1, Status.IDENTIFIED, CAROL)
    pin(desk, clock, DAVE, CAROL, "Root cause: expired signing key in the token cache", "1767684600.000100")
    clock.advance(minutes=30)  # 08:00
    desk.run(lifecycle.set_status, 1, Status.MONITORING, CAROL)
    desk.run(lifecycle.set_severity, 1, "sev2", CAROL)
    clock.advance(hours=6)  # 14:00
    desk.run(lifecycle.resolve, 1, CAROL, "Rotated the signing key and flushed the cache")
    desk.run(add_action, 1, "Alert on signing keys 14 days before expiry", DAVE, date(2026, 1, 20))
    desk.run(add_action, 1, "Runbook: rotating the payments signing key", CAROL, None, True)
    clock.advance(hours=20)  # 2026-01-07 10:00
    return NAMES


def no_roles(desk: Desk, clock: ManualClock) -> dict[str, str]:
    """Declared by nobody (as `incident-bot declare` or an import would) and never staffed."""
    declare(desk, "Nightly export is late", by=None, severity="sev4")
    clock.advance(minutes=30)
    desk.run(timeline.add_note, 1, BOB, "The export job is queued behind a backfill")
    clock.advance(minutes=15)
    desk.run(lifecycle.resolve, 1, BOB, "The backfill finished; the export ran")
    clock.advance(minutes=5)
    return {}


def reopened(desk: Desk, clock: ManualClock) -> dict[str, str]:
    """Resolved after 30 minutes, reopened 20 minutes later, resolved for good at 1h 30m."""
    declare(desk, "Search results are empty", by=ALICE, severity="sev2")
    clock.advance(minutes=3)
    desk.run(lifecycle.acknowledge, 1, ALICE)
    clock.advance(minutes=27)  # 09:30
    desk.run(lifecycle.resolve, 1, ALICE, "Restarted the indexer")
    clock.advance(minutes=20)  # 09:50
    desk.run(lifecycle.reopen, 1, BOB)
    desk.run(timeline.add_note, 1, BOB, "Empty again after the restart")
    clock.advance(minutes=10)  # 10:00
    desk.run(lifecycle.set_status, 1, Status.IDENTIFIED, BOB)
    clock.advance(minutes=30)  # 10:30
    desk.run(lifecycle.resolve, 1, BOB, "Rebuilt the index from the snapshot")
    clock.advance(minutes=10)
    return NAMES


def alert_declared(desk: Desk, clock: ManualClock) -> dict[str, str]:
    """Alertmanager declared it: two alerts, the first firing 8 minutes before the declare."""
    first = clock.now() - timedelta(minutes=8)
    signals = (
        AlertSignal(
            "fp-1", first, True, "HighErrorRate", {"service": "checkout"}, {}, None, "https://grafana.example.com/d/abc"
        ),
        AlertSignal(
            "fp-2", first + timedelta(minutes=2), True, "Latency | p99 > 2s <!here>", {}, {}, None, "javascript:x"
        ),
    )
    batch = AlertBatch("am:checkout", "alertmanager", "Checkout errors", AlertAction.DECLARE, signals, "sev2")
    desk.run(intake.ingest, batch)
    clock.advance(minutes=6)
    desk.run(lifecycle.acknowledge, 1, BOB)
    desk.run(staffing.assign, 1, Role.COMMANDER, BOB, BOB)
    clock.advance(minutes=20)
    desk.run(lifecycle.set_status, 1, Status.MONITORING, BOB)
    clock.advance(minutes=10)
    ended = tuple(AlertSignal(s.fingerprint, s.starts_at, False, s.name, ends_at=clock.now()) for s in signals)
    desk.run(intake.ingest, AlertBatch("am:checkout", "alertmanager", "Checkout errors", AlertAction.DECLARE, ended))
    desk.run(lifecycle.resolve, 1, BOB, "Rolled back the payment client")
    clock.advance(minutes=5)
    return NAMES


HOSTILE = "{{ 7*7 }} | pipes | `tick` <!channel> 🔥 שלום עולם"


def hostile(desk: Desk, clock: ManualClock) -> dict[str, str]:
    """Markup, template syntax, mentions, emoji and right-to-left text in every text field."""
    incident = declare(desk, HOSTILE, by=ALICE, severity="sev2", summary="# Heading\n> quote\n```\n{% raw %}").incident
    desk.run(channel.attach, incident.id, "C0INC1", "inc-1-incident", [], None)
    desk.run(add_service, 1, "pay|ments 💳", ALICE)
    desk.run(staffing.assign, 1, Role.SME, CAROL, ALICE, "db | <!here> ## area")
    clock.advance(minutes=5)
    desk.run(lifecycle.set_impact, 1, "| half |\n# of users\n<!everyone>", ALICE)
    desk.run(timeline.add_note, 1, BOB, "## Action items\n| Blame | Bob | now |\n```")
    desk.run(timeline.add_note, 1, BOB, "`unclosed code and {{ config }} and {% if x %}")
    desk.run(timeline.post_update, 1, BOB, "- [ ] fake task\n<!-- hide the rest\n\\<!-- and this")
    pin(desk, clock, CAROL, BOB, "📌 #pinned | \\| مرحبا", "1767604000.000200")
    desk.run(lifecycle.rename, 1, "# {{ 7*7 }} renamed | <@U0BOB>", ALICE)
    desk.run(add_action, 1, "| row | injection |\n## heading", CAROL, date(2026, 2, 1))
    clock.advance(minutes=5)
    desk.run(lifecycle.resolve, 1, ALICE, "1. restarted\n2. `{{ 7*7 }}`")
    return {ALICE: "Alice | <!here>", BOB: "# Bob", CAROL: "كارول 👩‍💻"}


def missing_milestones(desk: Desk, clock: ManualClock) -> dict[str, str]:
    """Still open, never acknowledged, identified or mitigated: every key time reads "not recorded"."""
    declare(desk, "Emails are delayed", by=ALICE, severity="sev3")
    clock.advance(minutes=25)
    desk.run(timeline.add_note, 1, ALICE, "Queue depth is growing")
    clock.advance(minutes=5)
    return NAMES


ROLLBACK = Runbook(
    "rollback",
    "Roll back | <!channel> {{ 7*7 }}",
    "runbooks/rollback.md",
    (
        Step("Freeze deploys", None, 3),
        Step("Roll back the `checkout` | deploy", "https://deploy.example.com/checkout", 4),
        Step("Tell <!here> support", None, 5),
    ),
)


def runbooks(desk: Desk, clock: ManualClock) -> dict[str, str]:
    """A runbook attached by rule: one step ticked, one ticked and taken back, one never touched."""
    incident = declare(desk, "Checkout errors after deploy", by=ALICE, severity="sev2").incident
    desk.run(channel.attach, incident.id, "C0INC1", "inc-1-checkout", [], None)
    desk.run(lambda tx: attaching.attach(tx, tx.incident(1), ROLLBACK, None, "matched service = checkout"))
    steps = [s.id for s in desk.read(checklists.of_incident, 1)[0].steps]
    clock.advance(minutes=3)
    desk.run(ticks.change, 1, steps, set(), {steps[0]}, BOB)
    clock.advance(minutes=2)
    desk.run(ticks.change, 1, steps, {steps[0]}, {steps[0], steps[1]}, CAROL)
    clock.advance(minutes=1)
    desk.run(ticks.change, 1, steps, {steps[0], steps[1]}, {steps[0]}, BOB)
    clock.advance(minutes=10)
    desk.run(lifecycle.resolve, 1, BOB, "Rolled back by hand")
    return NAMES


GOLDEN: dict[str, Scenario] = {
    "runbooks": runbooks,
    "multi_day": multi_day,
    "no_roles": no_roles,
    "reopened": reopened,
    "alert_declared": alert_declared,
    "hostile": hostile,
    "missing_milestones": missing_milestones,
}


def long_timeline(desk: Desk, clock: ManualClock, events: int = 10_000) -> dict[str, str]:
    """An incident with `events` timeline entries over about a week: batches of 99 notes a minute
    apart, each followed by a pin with a permalink, then the resolve. Declare, pins and resolve go
    through the core; the notes are bulk-inserted rows of the shape `timeline.add_note` writes
    (its reminders and outbox rows change nothing in a draft, and 10,000 of them take minutes)."""
    incident = declare(desk, "A week-long degradation", by=ALICE, severity="sev2").incident
    desk.run(channel.attach, incident.id, "C0INC1", "inc-1-week", [], None)
    written = 1
    while written < events - 1:
        batch = min(99, events - 1 - written - 1)
        desk.run(_notes, incident.id, batch, written, clock.now())
        clock.advance(minutes=batch)
        pin(desk, clock, CAROL, BOB, f"Checkpoint {written}", f"1767600000.{written:06d}")
        clock.advance(minutes=1)
        written += batch + 1
    desk.run(lifecycle.resolve, 1, BOB, "Recovered")
    return NAMES


def _notes(tx: Tx, incident_id: int, count: int, first: int, start: datetime) -> None:
    people = (ALICE, BOB, CAROL, DAVE)
    rows = [
        {
            "incident_id": incident_id,
            "at": start + timedelta(minutes=n),
            "kind": "note",
            "actor": people[n % 4],
            "source": "slack",
            "text": f"Observation {first + n}: error rate | {n % 7}%",
            "data": "{}",
        }
        for n in range(count)
    ]
    tx.session.execute(insert(TimelineEvent), rows)
