from __future__ import annotations

from datetime import timedelta

import pytest

from bot.core import incidents, lifecycle
from bot.core.clock import ManualClock
from bot.core.desk import Desk
from bot.core.errors import IllegalTransition, InvalidInput, NotFound
from bot.core.postmortem import Postmortems
from bot.core.status import Status
from bot.rendering import TemplateSet
from tests.core.factory import ALICE, BOB, CAROL, declare, events, outbox_rows

POSTMORTEMS = Postmortems(TemplateSet())


def close(desk: Desk, number: int = 1, actor: str = ALICE):
    return desk.run(lifecycle.close, number, actor, POSTMORTEMS)


def test_full_path_records_each_time(desk: Desk, clock: ManualClock) -> None:
    declared_at = clock.now()
    declare(desk)

    clock.advance(minutes=3)
    acked = desk.run(lifecycle.acknowledge, 1, BOB).incident
    assert acked.status == Status.ACKNOWLEDGED
    assert (acked.acknowledged_at, acked.acknowledged_by) == (declared_at + timedelta(minutes=3), BOB)

    clock.advance(minutes=10)
    identified = desk.run(lifecycle.set_status, 1, Status.IDENTIFIED, CAROL).incident
    assert identified.status == Status.IDENTIFIED
    assert identified.identified_at == declared_at + timedelta(minutes=13)

    clock.advance(minutes=7)
    monitoring = desk.run(lifecycle.set_status, 1, Status.MONITORING, CAROL).incident
    assert monitoring.mitigated_at == declared_at + timedelta(minutes=20)

    clock.advance(minutes=30)
    resolved = desk.run(lifecycle.resolve, 1, ALICE, "Rolled back the deploy").incident
    assert resolved.status == Status.RESOLVED
    assert resolved.resolved_at == declared_at + timedelta(minutes=50)
    assert resolved.resolution == "Rolled back the deploy"
    assert resolved.mitigated_at == declared_at + timedelta(minutes=20)

    clock.advance(hours=2)
    closed = close(desk).incident
    assert closed.status == Status.CLOSED
    assert closed.closed_at == declared_at + timedelta(hours=2, minutes=50)
    # the acknowledgement is recorded once and never moved by later changes
    assert (closed.acknowledged_at, closed.acknowledged_by) == (declared_at + timedelta(minutes=3), BOB)
    assert [e.kind for e in events(desk, 1)] == ["declared", "acknowledged", "status", "status", "resolved", "closed"]


def test_a_status_change_from_declared_counts_as_the_acknowledgement(desk: Desk, clock: ManualClock) -> None:
    declare(desk)
    clock.advance(minutes=4)

    incident = desk.run(lifecycle.set_status, 1, Status.INVESTIGATING, BOB).incident

    assert incident.status == Status.INVESTIGATING
    assert incident.acknowledged_at == clock.now()
    assert incident.acknowledged_by == BOB
    clock.advance(minutes=5)
    later = desk.run(lifecycle.set_status, 1, Status.IDENTIFIED, CAROL).incident
    assert later.acknowledged_at == clock.now() - timedelta(minutes=5)
    assert later.acknowledged_by == BOB
    with pytest.raises(IllegalTransition, match="already acknowledged"):
        desk.run(lifecycle.acknowledge, 1, ALICE)


def test_resolving_straight_from_declared_also_acknowledges_and_mitigates(desk: Desk, clock: ManualClock) -> None:
    declare(desk)
    clock.advance(minutes=2)

    incident = desk.run(lifecycle.resolve, 1, BOB).incident

    assert incident.acknowledged_at == incident.resolved_at == incident.mitigated_at == clock.now()
    assert incident.resolution is None


def test_close_before_resolve_says_resolve_it_first(desk: Desk) -> None:
    declare(desk)
    desk.run(lifecycle.acknowledge, 1, ALICE)

    with pytest.raises(IllegalTransition, match="resolve it first"):
        close(desk)
    assert desk.run(incidents.get, 1).status == Status.ACKNOWLEDGED
    assert desk.run(incidents.get, 1).closed_at is None


def test_close_twice_is_refused(desk: Desk) -> None:
    declare(desk)
    desk.run(lifecycle.resolve, 1, ALICE)
    close(desk)

    with pytest.raises(IllegalTransition, match="closed"):
        close(desk)


def test_acknowledge_twice_is_refused_and_says_when(desk: Desk) -> None:
    declare(desk)
    desk.run(lifecycle.acknowledge, 1, ALICE)

    with pytest.raises(IllegalTransition, match=r"already acknowledged at 09:00 UTC"):
        desk.run(lifecycle.acknowledge, 1, BOB)
    assert desk.run(incidents.get, 1).acknowledged_by == ALICE


def test_setting_the_same_status_twice_is_refused(desk: Desk) -> None:
    declare(desk)
    desk.run(lifecycle.set_status, 1, Status.INVESTIGATING, ALICE)

    with pytest.raises(IllegalTransition, match="already investigating"):
        desk.run(lifecycle.set_status, 1, Status.INVESTIGATING, ALICE)
    assert len(events(desk, 1)) == 2


def test_status_of_an_ended_incident_cannot_change(desk: Desk) -> None:
    declare(desk)
    desk.run(lifecycle.resolve, 1, ALICE)

    with pytest.raises(IllegalTransition, match="Reopen it first"):
        desk.run(lifecycle.set_status, 1, Status.INVESTIGATING, ALICE)
    with pytest.raises(IllegalTransition, match="resolved"):
        desk.run(lifecycle.resolve, 1, ALICE)


def test_set_status_cannot_skip_close_or_cancel(desk: Desk) -> None:
    """`close` needs a resolved incident and renders the postmortem; `cancel` records why. A raw
    status change must not reach those states around them."""
    declare(desk)

    for status in (Status.CLOSED, Status.CANCELLED, Status.DECLARED):
        with pytest.raises((IllegalTransition, InvalidInput)):
            desk.run(lifecycle.set_status, 1, status, ALICE)
    assert desk.run(incidents.get, 1).status == Status.DECLARED


def test_severity_to_the_same_level_is_refused(desk: Desk) -> None:
    declare(desk, severity="sev2")

    with pytest.raises(IllegalTransition, match="already SEV2"):
        desk.run(lifecycle.set_severity, 1, "sev2", ALICE)
    with pytest.raises(IllegalTransition, match="already SEV2"):
        desk.run(lifecycle.set_severity, 1, "2", ALICE)


def test_unknown_severity_names_the_valid_levels(desk: Desk) -> None:
    declare(desk)

    with pytest.raises(InvalidInput, match="sev1, sev2, sev3, sev4"):
        desk.run(lifecycle.set_severity, 1, "sev5", ALICE)


def test_severity_change_records_from_and_to(desk: Desk) -> None:
    declare(desk, severity="sev3")

    outcome = desk.run(lifecycle.set_severity, 1, "SEV1", BOB)

    assert outcome.incident.severity == "sev1"
    assert outcome.event is not None
    assert outcome.event.kind == "severity"
    assert outcome.event.actor == BOB
    assert outcome.event.data["from"] == "sev3"
    assert outcome.event.text == "sev1"


def test_severity_of_a_resolved_incident_cannot_change(desk: Desk) -> None:
    declare(desk)
    desk.run(lifecycle.resolve, 1, ALICE)

    with pytest.raises(IllegalTransition):
        desk.run(lifecycle.set_severity, 1, "sev1", ALICE)


def test_unknown_incident_is_not_found(desk: Desk) -> None:
    with pytest.raises(NotFound, match="INC-42"):
        desk.run(lifecycle.acknowledge, 42, ALICE)


TRANSITIONS = [
    ("acknowledge", lambda d, who: d.run(lifecycle.acknowledge, 1, who), "acknowledged"),
    ("status", lambda d, who: d.run(lifecycle.set_status, 1, Status.IDENTIFIED, who), "status"),
    ("severity", lambda d, who: d.run(lifecycle.set_severity, 1, "sev1", who), "severity"),
    ("resolve", lambda d, who: d.run(lifecycle.resolve, 1, who, "fixed"), "resolved"),
    ("cancel", lambda d, who: d.run(lifecycle.cancel, 1, who, "false alarm"), "cancelled"),
    ("rename", lambda d, who: d.run(lifecycle.rename, 1, "A better title", who), "renamed"),
    ("impact", lambda d, who: d.run(lifecycle.set_impact, 1, "EU customers cannot pay", who), "impact"),
]


@pytest.mark.parametrize(("name", "run", "kind"), TRANSITIONS, ids=[t[0] for t in TRANSITIONS])
def test_each_transition_writes_exactly_one_event_with_its_actor(desk: Desk, clock: ManualClock, name, run, kind):
    declare(desk)
    before = events(desk, 1)
    clock.advance(minutes=1)

    outcome = run(desk, CAROL)

    after = events(desk, 1)
    assert len(after) == len(before) + 1
    event = after[-1]
    assert (event.kind, event.actor, event.at) == (kind, CAROL, clock.now())
    assert outcome.event is not None and outcome.event.id == event.id


@pytest.mark.parametrize("final", ["reopen", "close"])
def test_reopen_and_close_write_exactly_one_event_with_their_actor(desk: Desk, final: str) -> None:
    declare(desk)
    desk.run(lifecycle.resolve, 1, ALICE)
    before = len(events(desk, 1))

    if final == "reopen":
        desk.run(lifecycle.reopen, 1, CAROL)
    else:
        close(desk, actor=CAROL)

    after = events(desk, 1)
    assert len(after) == before + 1
    assert (after[-1].kind, after[-1].actor) == ({"reopen": "reopened", "close": "closed"}[final], CAROL)


def test_a_refused_transition_changes_nothing(desk: Desk) -> None:
    declare(desk)
    rows_before = outbox_rows(desk)

    with pytest.raises(IllegalTransition):
        close(desk)
    with pytest.raises(InvalidInput):
        desk.run(lifecycle.set_severity, 1, "urgent", ALICE)

    assert len(events(desk, 1)) == 1
    assert outbox_rows(desk) == rows_before


def test_transitions_queue_their_effects(desk: Desk) -> None:
    declare(desk)
    desk.run(lifecycle.set_severity, 1, "sev1", ALICE)

    kinds = [r["kind"] for r in outbox_rows(desk)]
    assert "post_event" in kinds
    assert "announce_event" in kinds
    assert "refresh_card" in kinds


def test_private_incident_transitions_are_never_announced(desk: Desk) -> None:
    declare(desk, private=True)
    desk.run(lifecycle.set_severity, 1, "sev1", ALICE)
    desk.run(lifecycle.resolve, 1, ALICE)
    desk.run(lifecycle.reopen, 1, ALICE)
    desk.run(lifecycle.cancel, 1, ALICE, confirmed=True)

    assert outbox_rows(desk, "announce_event") == []


def test_rename_validates_the_title_like_declare(desk: Desk) -> None:
    declare(desk, "Old title")

    with pytest.raises(InvalidInput, match="201"):
        desk.run(lifecycle.rename, 1, "x" * 201, ALICE)
    with pytest.raises(IllegalTransition):
        desk.run(lifecycle.rename, 1, "  Old   title ", ALICE)
    outcome = desk.run(lifecycle.rename, 1, "New title", ALICE)
    assert outcome.incident.title == "New title"
    assert outcome.event is not None and outcome.event.data["from"] == "Old title"


def test_impact_over_the_text_limit_is_refused(desk: Desk) -> None:
    declare(desk)

    with pytest.raises(InvalidInput, match="2501"):
        desk.run(lifecycle.set_impact, 1, "i" * 2501, ALICE)
    with pytest.raises(InvalidInput, match="empty"):
        desk.run(lifecycle.set_impact, 1, "   ", ALICE)
